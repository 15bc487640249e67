import CellGrid
import Localization
import RNNCore

/// The output distribution ŷ_t: a heatmap over the vocabulary (with the characters under it
/// when they fit), then the top five characters with their probabilities; the target is
/// marked, and shown in the last row with its rank when it is not among the top five.
struct SoftmaxPanel {
    let step: TraceStep
    let vocabulary: Vocabulary
    /// Screen rows per heatmap row: 2 in the large layout.
    var rowHeight = 1
    /// False before the softmax sub-step has run (progressive reveal).
    var computed = true
    /// BPTT: the heatmap shows the error at the output, dL/dz_t = ŷ_t − onehot(y_t), over the
    /// whole vocabulary (0 at a step the loss does not score); the list still shows ŷ_t.
    var backward = false
    /// The language of the titles and notes.
    var strings = Strings(.en)

    func draw(in rect: Rect, on grid: inout CellGrid, boxed: Bool, highlighted: Bool) {
        // An unscored step's error is all zeros: its scale is ±1, not ±0.
        let scale = !backward ? ColorScale.probability
            : step.target == nil ? ColorScale.diverging(limit: 1) : ColorScale.diverging(fitting: step.dLogits)
        let note = ((boxed ? [] : [backward ? PanelFrame.rangeNote(scale) : "0 … 1"]) + (step.target == nil ? [] : [strings["step.softmax.target_marker"]]))
            .joined(separator: ", ")
        let title = backward ? "dL/dz_t = ŷ_t − onehot(y_t)" : "softmax ŷ_t"
        let inner = PanelFrame.draw(computed ? title : "softmax ŷ_t", note: computed ? note : "", in: rect, on: &grid, boxed: boxed,
                                    highlighted: highlighted)
        guard inner.height >= 1 else { return }
        guard computed else {
            grid.put(strings["step.softmax.pending"], x: inner.x, y: inner.y, style: Theme.dim, maxWidth: inner.width)
            return
        }
        let count = step.probs.count
        let zoom = VectorPanel.zoom(count: count, width: inner.width)
        let width = VectorPanel.rowWidth(count: count * zoom, available: inner.width)
        let selected = step.target.map { $0 * zoom + zoom / 2 }
        let values = VectorPanel.stretch(backward ? step.dLogits : step.probs, by: zoom)
        let wrapped = VectorHeatmap.rowsNeeded(count: values.count, width: width) > 1
        let rows: Int
        if !wrapped, rowHeight > 1, inner.height > rowHeight {
            // The large layout: one heatmap row drawn `rowHeight` rows tall.
            VectorPanel.drawTall(values, scale: scale, selected: selected, in: Rect(x: inner.x, y: inner.y, width: width, height: rowHeight),
                                 rowHeight: rowHeight, on: &grid)
            rows = rowHeight
        } else {
            rows = VectorHeatmap.draw(values, scale: scale, selected: selected, in: Rect(x: inner.x, y: inner.y, width: width, height: 2), on: &grid)
        }
        var y = inner.y + rows
        if !wrapped, y < inner.maxY, let symbols = narrowSymbols() {
            for (index, symbol) in symbols.enumerated() {
                grid.put(symbol, x: inner.x + index * zoom + zoom / 2, y: y, style: Theme.dim)
            }
            y += 1
        }
        if boxed { PanelFrame.drawBorderLegend(scale, under: rect, on: &grid) }
        drawTop(rows: max(0, min(5, inner.maxY - y)), at: Rect(x: inner.x, y: y, width: inner.width, height: inner.maxY - y), on: &grid)
    }

    /// The ranked list; when the target ranks lower, it replaces the last row.
    func drawTop(rows: Int, at rect: Rect, on grid: inout CellGrid) {
        guard rows > 0 else { return }
        let probs = step.probs  // a new array on every access: read once
        // The top rows by partial selection, never a sort of the whole vocabulary.
        var shown = TopK.indices(probs, count: rows).enumerated().map { (rank: $0.offset, token: $0.element) }
        if let target = step.target, target < probs.count, !shown.contains(where: { $0.token == target }), !shown.isEmpty {
            shown[shown.count - 1] = (TopK.rank(of: target, in: probs), target)
        }
        let barRoom = max(1, rect.width - 28)
        let targetNote = strings["step.softmax.target_note"]
        for (row, (rank, token)) in shown.enumerated() {
            let isTarget = token == step.target
            let p = probs[token]
            let rankText = String(repeating: " ", count: max(0, 2 - String(rank + 1).count)) + "\(rank + 1)."
            let line = "\(rankText) \(StepExplanation.quote(vocabulary.symbol(at: token)).padded(5)) \(NumberText.precise(p).padded(8)) "
            let y = rect.y + row
            var x = rect.x + grid.put(line, x: rect.x, y: y, style: isTarget ? Theme.target : Theme.numbers, maxWidth: rect.width)
            x += grid.put(Self.bar(p, width: barRoom), x: x, y: y, style: Style(foreground: isTarget ? Theme.target.foreground : Theme.probabilityBar))
            if isTarget { grid.put(targetNote, x: x, y: y, style: Theme.target, maxWidth: rect.maxX - x) }
        }
    }

    /// The vocabulary as one narrow glyph per character, or nil when some glyph is wide.
    func narrowSymbols() -> [String]? {
        let symbols = (0..<step.probs.count).map { Timeline.show(vocabulary.symbol(at: $0)) }
        return symbols.allSatisfy { DisplayWidth.of($0) == 1 } ? symbols : nil
    }

    /// A bar `p × width` cells long, in eighths of a cell; a sliver for any p > 0.
    static func bar(_ p: Float, width: Int) -> String {
        guard p.isFinite, p > 0 else { return "" }
        let eighths = max(1, Int((min(1, p) * Float(width * 8)).rounded()))
        let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"][eighths % 8]
        return String(repeating: "█", count: eighths / 8) + partial
    }
}

extension String {
    /// Pads with spaces to `width` terminal columns.
    func padded(_ width: Int) -> String {
        let columns = DisplayWidth.of(self)
        return columns >= width ? self : self + String(repeating: " ", count: width - columns)
    }
}
