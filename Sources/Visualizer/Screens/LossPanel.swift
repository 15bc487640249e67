import Foundation
import CellGrid
import Localization
import RNNCore

/// The loss of every epoch so far, growing live while training.
struct LossPanel {
    let frame: Frame

    func draw(in rect: Rect, on grid: inout CellGrid, highlighted: Bool) {
        let strings = frame.strings
        let scaleNote = frame.ui.logScale ? strings["train.loss.scale_log"] : strings["train.loss.scale_linear"]
        let past = frame.history.flatMap { history in history.pastEpoch.map { (epoch: $0, history: history) } }
        let title = past.map { strings("rewind.loss.title", ["epoch": "\($0.epoch)", "present": "\($0.history.presentEpoch)", "count": "\($0.history.epochs.count)"]) }
            ?? frame.steps.map { let at = Self.position(frame, $0); return strings("batch.loss.title", ["epoch": "\(at.epoch)", "step": "\(at.step)", "steps": "\($0.perEpoch)"]) }
            ?? strings("train.loss.title", ["epoch": "\(frame.epoch)"])
        let inner = PanelFrame.draw(title, note: scaleNote, in: rect, on: &grid, boxed: true, highlighted: highlighted)
        guard inner.height >= 1 else { return }
        if frame.losses.isEmpty, let size = frame.spec.training.batchSize, frame.steps != nil {
            let text = strings(frame.spec.training.shuffle ? "batch.loss.untrained_shuffled" : "batch.loss.untrained",
                               ["size": "\(size)", "count": "\(frame.windowCount)"])
            for (i, line) in TextWrap.wrap(text, width: inner.width).prefix(inner.height).enumerated() {
                grid.put(line, x: inner.x, y: inner.y + i, style: Theme.dim)
            }
            return
        }
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
            let windows = frame.windowCount == 1 ? strings["train.loss.one_window"] : strings("train.loss.all_windows", ["count": "\(frame.windowCount)"])
            let epoch = strings("train.loss.epoch", [
                "windows": windows, "optimizer": options.optimizer == .adam ? "Adam" : "SGD", "lr": NumberText.setting(options.learningRate)])
            let text = frame.epoch == 0
                ? strings("train.loss.untrained", ["epoch": epoch])
                : strings("train.loss.pretrained", ["epochs": "\(frame.epoch)", "epoch": epoch])
            let lines = TextWrap.wrap(text, width: inner.width)
            for (i, line) in lines.prefix(inner.height).enumerated() {
                grid.put(line, x: inner.x, y: inner.y + i, style: Theme.dim)
            }
            return
        }
        LinePlot.draw(Self.series(frame), logScale: frame.ui.logScale, in: inner, on: &grid, xLabel: frame.steps == nil ? Self.xLabel(frame) : strings["batch.axis.step"])
    }

    /// The training curve; with windows held out, the validation curve too (dashed), each
    /// named in the legend with its latest value.
    static func series(_ frame: Frame) -> [LinePlot.Series] {
        let strings = frame.strings
        guard frame.spec.holdout > 0 else { return [LinePlot.Series(values: frame.losses, color: Theme.lossLine)] }
        func label(_ name: String, _ values: [Float]) -> String {
            name + (values.last.map { " " + NumberText.precise($0) } ?? "")
        }
        return [
            LinePlot.Series(values: frame.losses, color: Theme.lossLine, label: label(strings["train.series.training"], frame.losses)),
            LinePlot.Series(
                values: frame.validationLosses, color: Theme.validationLine,
                label: label(strings["train.series.validation"], frame.validationLosses), dashed: true),
        ]
    }
}

/// Epoch, loss and the notes' three predictions.
struct TrainingSummary {
    let frame: Frame

    func draw(in rect: Rect, on grid: inout CellGrid) {
        // The pace and where continuous training stops, so a class knows what T will do.
        let strings = frame.strings
        let until = frame.ui.trainUntil.map { strings("train.summary.until", ["epoch": "\($0)"]) } ?? ""
        let pace = frame.ui.pace.trainingLabel(strings, perStep: frame.steps != nil)
        let pastEpoch = frame.history?.pastEpoch
        let state = pastEpoch != nil ? strings["rewind.summary.state"]
            : strings(frame.ui.training ? "train.summary.running" : "train.summary.idle", ["pace": pace, "until": until])
        let inner = PanelFrame.draw(strings["train.summary.title"], note: state, in: rect, on: &grid, boxed: true, highlighted: frame.ui.training)
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
            gradient = "‖grad‖ \(NumberText.value(norms.before))"
            if norms.after != norms.before { gradient += strings("train.summary.clipped", ["norm": NumberText.value(norms.after)]) }
        }
        // The gradient's length goes on its own line when the two do not fit: never cut a number.
        let first = frame.steps.map { let at = LossPanel.position(frame, $0); return strings("batch.summary.step", ["epoch": "\(at.epoch)", "step": "\(at.step)", "steps": "\($0.perEpoch)", "total": "\($0.total)", "loss": last]) }
            ?? strings("train.summary.epoch", ["epoch": "\(frame.epoch)", "past": pastEpoch != nil ? strings["rewind.summary.past"] : "", "loss": last])
        let both = strings("train.summary.with_gradient", ["first": first, "gradient": gradient])
        if gradient.isEmpty || DisplayWidth.of(both) <= inner.width {
            line(gradient.isEmpty ? first : both, Theme.numbers)
        } else {
            line(first, Theme.numbers)
            line("  " + gradient, Theme.numbers)
        }
        if frame.spec.holdout > 0 {
            let validation = frame.validationLosses.last.map { NumberText.precise($0) } ?? "-"
            line(strings("train.summary.validation", ["loss": validation, "held": "\(frame.spec.holdout)", "count": "\(frame.windowCount)"]), Theme.numbers)
        }
        if frame.steps != nil {
            let sample = frame.sample.map { strings("batch.sample", ["step": "\($0.step)", "text": $0.text.replacingOccurrences(of: "\n", with: "⏎").terminalSafe]) }
                ?? strings("batch.sample.none", ["every": "\(TrainingSample.defaultEvery)"])
            line(sample, Theme.numbers)
        }
        line(strings("train.summary.sequence_loss", ["loss": NumberText.precise(frame.trace.loss)]), Theme.numbers)
        line(strings["train.summary.prompts"], Theme.label)
        for (index, prediction) in frame.predictions.enumerated() {
            let expected = index < SeedNotes.expectedPredictions.count && frame.spec.text == SeedNotes.text
                ? SeedNotes.expectedPredictions[index] : nil
            let mark = expected.map { $0 == prediction.next ? "  ✓" : "  " + strings("train.summary.notes_say", ["next": $0]) } ?? ""
            line("  \"\(prediction.prompt)\" → \"\(prediction.next)\"\(mark)", prediction.next == expected ? Theme.target : Theme.numbers)
        }
        let skipped = SeedNotes.prompts.filter { prompt in !frame.predictions.contains { $0.prompt == prompt } }
        if !skipped.isEmpty {
            line("  " + strings("train.summary.skipped", ["count": "\(skipped.count)"]), Theme.dim)
        }
    }
}

extension LossPanel {
    /// Where mini-batch training stands: the epoch in progress and its step, or, between two
    /// epochs, the last epoch's last step ("epoch 175, step 4/4", never "epoch 176, step 0/4").
    static func position(_ frame: Frame, _ steps: (total: Int, inEpoch: Int, perEpoch: Int)) -> (epoch: Int, step: Int) {
        steps.inEpoch == 0 && steps.total > 0 ? (frame.epoch, steps.perEpoch) : (frame.epoch + 1, steps.inEpoch)
    }

    /// The x axis's label: "epoch", and the snapshots kept for rewinding while the past is
    /// shown, or whenever the model is too big for the usual 32.
    static func xLabel(_ frame: Frame) -> String {
        let strings = frame.strings
        guard let history = frame.history, history.capacity < history.maxCount else { return strings["train.axis.epoch"] }
        let megabytes = { (bytes: Int) in String(format: bytes >= 10 << 20 ? "%.0f MB" : "%.1f MB", Double(bytes) / Double(1 << 20)) }
        if history.capacity == 0 {
            return strings("rewind.axis.none", ["size": megabytes(history.bytesEach)])
        }
        return strings("rewind.axis.few", ["count": "\(history.epochs.count)", "capacity": "\(history.capacity)",
                                           "size": megabytes(history.bytesEach), "budget": megabytes(history.maxBytes)])
    }
}
