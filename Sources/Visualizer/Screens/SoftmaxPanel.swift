import CellGrid
import RNNCore

/// The output distribution ŷ_t: a heatmap over the vocabulary and the top five characters,
/// with the target marked.
struct SoftmaxPanel {
    let step: TraceStep
    let vocabulary: Vocabulary

    func draw(in rect: Rect, on grid: inout CellGrid, boxed: Bool, highlighted: Bool) {
        let scale = ColorScale.sequential(low: 0, high: 1)
        let inner = PanelFrame.draw("softmax ŷ_t", note: boxed ? "" : "0 … 1", in: rect, on: &grid, boxed: boxed, highlighted: highlighted)
        guard inner.height >= 1 else { return }
        let rows = VectorHeatmap.draw(step.probs, scale: scale, selected: step.target, in: Rect(x: inner.x, y: inner.y, width: inner.width, height: 2), on: &grid)
        var y = inner.y + rows
        if boxed {
            Legend.draw(scale, in: Rect(x: inner.x, y: y, width: inner.width, height: 1), on: &grid)
            y += 1
        }
        let ranked = step.probs.indices.sorted { step.probs[$0] > step.probs[$1] }
        let shown = min(5, inner.maxY - y)
        for (rank, token) in ranked.prefix(max(0, shown)).enumerated() {
            let isTarget = token == step.target
            let glyph = StepExplanation.quote(vocabulary.symbol(at: token))
            let p = step.probs[token]
            // Bars relative to the top probability, so an untrained model's near-uniform guesses still differ.
            let top = step.probs[ranked[0]]
            let barWidth = top > 0 && p.isFinite ? max(0, min(inner.width - 24, Int((p / top * Float(inner.width - 24)).rounded()))) : 0
            let line = "\(rank + 1). \(glyph.padded(5)) \(NumberText.precise(p).padded(6)) "
            let used = grid.put(line, x: inner.x, y: y, style: isTarget ? Theme.target : Theme.numbers, maxWidth: inner.width)
            grid.put(String(repeating: "█", count: barWidth), x: inner.x + used, y: y, style: Style(foreground: scale.color(for: p)), maxWidth: inner.width - used)
            if isTarget { grid.put(" ← target", x: inner.x + used + barWidth, y: y, style: Theme.target, maxWidth: inner.maxX - (inner.x + used + barWidth)) }
            y += 1
        }
        if let target = step.target, let rank = ranked.firstIndex(of: target), rank >= shown, y <= inner.maxY - 1 {
            grid.put("target \(StepExplanation.quote(vocabulary.symbol(at: target))) is #\(rank + 1), p = \(NumberText.precise(step.probs[target]))", x: inner.x, y: inner.maxY - 1, style: Theme.target, maxWidth: inner.width)
        }
    }
}

extension String {
    /// Pads with spaces to `width` terminal columns.
    func padded(_ width: Int) -> String {
        let columns = DisplayWidth.of(self)
        return columns >= width ? self : self + String(repeating: " ", count: width - columns)
    }
}
