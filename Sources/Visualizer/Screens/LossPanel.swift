import CellGrid
import RNNCore

/// The loss of every epoch so far, growing live while training.
struct LossPanel {
    let frame: Frame

    func draw(in rect: Rect, on grid: inout CellGrid, highlighted: Bool) {
        let scaleNote = frame.ui.logScale ? "log scale (y: linear)" : "linear scale (y: log)"
        let past = frame.history.flatMap { history in history.pastEpoch.map { (epoch: $0, history: history) } }
        let title = past.map { "loss per epoch  ▲ epoch \($0.epoch) of \($0.history.presentEpoch): the past · \($0.history.epochs.count) snapshots kept" }
            ?? "loss per epoch  epoch \(frame.epoch)"
        let inner = PanelFrame.draw(title, note: scaleNote, in: rect, on: &grid, boxed: true, highlighted: highlighted)
        guard inner.height >= 1 else { return }
        if let past {
            // The whole curve, the epochs after the one shown dimmed, a marker at it (its ▲ has
            // the x row's middle to itself: the title says "per epoch").
            var series = Self.series(frame)
            series.insert(LinePlot.Series(values: past.history.presentLosses, color: Theme.dim.foreground), at: 0)
            LinePlot.draw(
                series, logScale: frame.ui.logScale, in: inner, on: &grid, xLabel: nil,
                marker: max(0, frame.losses.count - 1), markerColor: Theme.emphasis.foreground)
            return
        }
        if frame.losses.isEmpty {
            let options = frame.spec.training
            let epoch = "one epoch (\(frame.windowCount == 1 ? "the one window" : "all \(frame.windowCount) windows"), "
                + "\(options.optimizer == .adam ? "Adam" : "SGD"), lr \(NumberText.setting(options.learningRate)))"
            let text = frame.epoch == 0
                ? "Untrained. Press t to train \(epoch) or T to train continuously; the curve grows here."
                : "Trained for \(frame.epoch) epochs before this session (the weight file's). t trains \(epoch), T continuously; this session's curve grows here."
            let lines = TextWrap.wrap(text, width: inner.width)
            for (i, line) in lines.prefix(inner.height).enumerated() {
                grid.put(line, x: inner.x, y: inner.y + i, style: Theme.dim)
            }
            return
        }
        LinePlot.draw(Self.series(frame), logScale: frame.ui.logScale, in: inner, on: &grid, xLabel: Self.xLabel(frame))
    }

    /// The training curve; with windows held out, the validation curve too (dashed), each
    /// named in the legend with its latest value.
    static func series(_ frame: Frame) -> [LinePlot.Series] {
        guard frame.spec.holdout > 0 else { return [LinePlot.Series(values: frame.losses, color: Theme.lossLine)] }
        func label(_ name: String, _ values: [Float]) -> String {
            name + (values.last.map { " " + NumberText.precise($0) } ?? "")
        }
        return [
            LinePlot.Series(values: frame.losses, color: Theme.lossLine, label: label("training", frame.losses)),
            LinePlot.Series(
                values: frame.validationLosses, color: Theme.validationLine,
                label: label("validation", frame.validationLosses), dashed: true),
        ]
    }
}

/// Epoch, loss and the notes' three predictions.
struct TrainingSummary {
    let frame: Frame

    func draw(in rect: Rect, on grid: inout CellGrid) {
        // The pace and where continuous training stops, so a class knows what T will do.
        let until = frame.ui.trainUntil.map { " to epoch \($0)" } ?? ""
        let pace = frame.ui.pace.trainingLabel
        let pastEpoch = frame.history?.pastEpoch
        let state = pastEpoch != nil ? ", . move  Esc: the present  T: branch from here"
            : frame.ui.training ? "training \(pace)\(until), T stops" : "T: \(pace)\(until) (+ -)"
        let inner = PanelFrame.draw("training", note: state, in: rect, on: &grid, boxed: true, highlighted: frame.ui.training)
        var y = inner.y
        func line(_ text: String, _ style: Style) {
            guard y < inner.maxY else { return }
            grid.put(text, x: inner.x, y: y, style: style, maxWidth: inner.width)
            y += 1
        }
        let last = frame.losses.last.map { NumberText.precise($0) } ?? "-"
        var gradient = ""
        if let norms = frame.lastGradientNorms {
            // The last epoch's gradient length, and what clipping left of it.
            gradient = ", ‖grad‖ \(NumberText.value(norms.before))"
            if norms.after != norms.before { gradient += " → clipped \(NumberText.value(norms.after))" }
        }
        // The gradient's length goes on its own line when the two do not fit: never cut a number.
        let first = "epoch \(frame.epoch)\(pastEpoch != nil ? " (the past)" : "")   last epoch: loss \(last)"
        if gradient.isEmpty || DisplayWidth.of(first + gradient) <= inner.width {
            line(first + gradient, Theme.numbers)
        } else {
            line(first, Theme.numbers)
            line("  " + gradient.dropFirst(2), Theme.numbers)
        }
        if frame.spec.holdout > 0 {
            let validation = frame.validationLosses.last.map { NumberText.precise($0) } ?? "-"
            line("validation loss \(validation) (the last \(frame.spec.holdout) of \(frame.windowCount) windows, never trained on)", Theme.numbers)
        }
        line("this sequence's loss \(NumberText.precise(frame.trace.loss))", Theme.numbers)
        line("the notes' prompts → next character:", Theme.label)
        for (index, prediction) in frame.predictions.enumerated() {
            let expected = index < SeedNotes.expectedPredictions.count && frame.spec.text == SeedNotes.text
                ? SeedNotes.expectedPredictions[index] : nil
            let mark = expected.map { $0 == prediction.next ? "  ✓" : "  (the notes: \($0))" } ?? ""
            line("  \"\(prediction.prompt)\" → \"\(prediction.next)\"\(mark)", prediction.next == expected ? Theme.target : Theme.numbers)
        }
        let skipped = SeedNotes.prompts.filter { prompt in !frame.predictions.contains { $0.prompt == prompt } }
        if !skipped.isEmpty {
            line("  (\(skipped.count) skipped: not in this text's characters)", Theme.dim)
        }
    }
}

extension LossPanel {
    /// The x axis's label: "epoch", and the snapshots kept for rewinding while the past is
    /// shown, or whenever the model is too big for the usual 32.
    static func xLabel(_ frame: Frame) -> String {
        guard let history = frame.history else { return "epoch" }
        let few = history.capacity < history.maxCount
        guard few else { return "epoch" }
        let megabytes = { (bytes: Int) in String(format: bytes >= 10 << 20 ? "%.0f MB" : "%.1f MB", Double(bytes) / Double(1 << 20)) }
        let count = history.epochs.count
        if history.capacity == 0 {
            return "epoch · no snapshots for rewinding: a model this big keeps none (\(megabytes(history.bytesEach)) each)"
        }
        return "epoch · \(count) of at most \(history.capacity) snapshots (\(megabytes(history.bytesEach)) each in a \(megabytes(history.maxBytes)) budget)"
    }
}
