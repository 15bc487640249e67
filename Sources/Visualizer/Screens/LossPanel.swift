import CellGrid
import RNNCore

/// The loss of every epoch so far, growing live while training.
struct LossPanel {
    let explorer: Explorer

    func draw(in rect: Rect, on grid: inout CellGrid, highlighted: Bool) {
        let scaleNote = explorer.logScale ? "log scale (y: linear)" : "linear scale (y: log)"
        let title = "loss per epoch  epoch \(explorer.epoch)"
        let inner = PanelFrame.draw(title, note: scaleNote, in: rect, on: &grid, boxed: true, highlighted: highlighted)
        guard inner.height >= 1 else { return }
        if explorer.losses.isEmpty {
            let lines = TextWrap.wrap(
                "Untrained. Press t to train one epoch (all \(explorer.data.count) windows, Adam, lr 0.01) or T to train continuously; the curve grows here.",
                width: inner.width)
            for (i, line) in lines.prefix(inner.height).enumerated() {
                grid.put(line, x: inner.x, y: inner.y + i, style: Theme.dim)
            }
            return
        }
        LinePlot.draw([LinePlot.Series(values: explorer.losses, color: Theme.lossLine)],
                      logScale: explorer.logScale, in: inner, on: &grid, xLabel: "epoch")
    }
}

/// Epoch, loss and the notes' three predictions.
struct TrainingSummary {
    let explorer: Explorer

    func draw(in rect: Rect, on grid: inout CellGrid) {
        let state = explorer.training ? "training… (T stops)" : "t: 1 epoch  T: train"
        let inner = PanelFrame.draw("training", note: state, in: rect, on: &grid, boxed: true, highlighted: explorer.training)
        var y = inner.y
        func line(_ text: String, _ style: Style) {
            guard y < inner.maxY else { return }
            grid.put(text, x: inner.x, y: y, style: style, maxWidth: inner.width)
            y += 1
        }
        let last = explorer.losses.last.map { NumberText.precise($0) } ?? "-"
        var gradient = ""
        if let norms = explorer.lastGradientNorms {
            // The last epoch's gradient length, and what clipping left of it.
            gradient = ", ‖grad‖ \(NumberText.value(norms.before))"
            if norms.after != norms.before { gradient += " → clipped \(NumberText.value(norms.after))" }
        }
        line("epoch \(explorer.epoch)   last epoch: loss \(last)\(gradient)", Theme.numbers)
        line("this sequence's loss \(NumberText.precise(explorer.trace.loss))", Theme.numbers)
        line("the notes' prompts → next character:", Theme.label)
        for (index, prediction) in explorer.predictions.enumerated() {
            let expected = index < SeedNotes.expectedPredictions.count && explorer.setup.text == SeedNotes.text
                ? SeedNotes.expectedPredictions[index] : nil
            let mark = expected.map { $0 == prediction.next ? "  ✓" : "  (the notes: \($0))" } ?? ""
            line("  \"\(prediction.prompt)\" → \"\(prediction.next)\"\(mark)", prediction.next == expected ? Theme.target : Theme.numbers)
        }
        let skipped = SeedNotes.prompts.filter { prompt in !explorer.predictions.contains { $0.prompt == prompt } }
        if !skipped.isEmpty {
            line("  (\(skipped.count) skipped: not in this text's characters)", Theme.dim)
        }
    }
}
