import CellGrid
import RNNCore

/// The loss of every epoch so far, growing live while training.
struct LossPanel {
    let frame: Frame

    func draw(in rect: Rect, on grid: inout CellGrid, highlighted: Bool) {
        let scaleNote = frame.ui.logScale ? "log scale (y: linear)" : "linear scale (y: log)"
        // Mini-batch: one point per optimizer step (a batch), "epoch k, step j/n".
        let title = frame.steps.map { "loss per step  epoch \(frame.epoch + 1), step \($0.inEpoch)/\($0.perEpoch)" }
            ?? "loss per epoch  epoch \(frame.epoch)"
        let inner = PanelFrame.draw(title, note: scaleNote, in: rect, on: &grid, boxed: true, highlighted: highlighted)
        guard inner.height >= 1 else { return }
        if frame.losses.isEmpty, let size = frame.spec.training.batchSize, frame.steps != nil {
            let text = "Untrained. Press t to take one step (a batch of \(size) of the \(frame.windowCount) windows\(frame.spec.training.shuffle ? ", shuffled" : ", in window order")) or T to train continuously; the curve grows here, a point per step."
            for (i, line) in TextWrap.wrap(text, width: inner.width).prefix(inner.height).enumerated() {
                grid.put(line, x: inner.x, y: inner.y + i, style: Theme.dim)
            }
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
        LinePlot.draw(Self.series(frame), logScale: frame.ui.logScale, in: inner, on: &grid, xLabel: frame.steps == nil ? "epoch" : "step")
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
        let state = frame.ui.training ? "training \(pace)\(until), T stops" : "T: \(pace)\(until) (+ -)"
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
        let first = frame.steps.map { "epoch \(frame.epoch + 1), step \($0.inEpoch)/\($0.perEpoch) (\($0.total) steps)   last step: loss \(last)" }
            ?? "epoch \(frame.epoch)   last epoch: loss \(last)"
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
        if frame.steps != nil {
            let sample = frame.sample.map { "sample at step \($0.step): \($0.text.terminalSafe)" }
                ?? "sample: every \(TrainingSample.defaultEvery) steps, from the text's first character"
            line(sample, Theme.numbers)
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
