import CellGrid
import Localization
import Foundation
import RNNCore
import ScopeNames

/// The whole sequence at once: h_t (forward) or dL/dh_t (backward) for every step, two
/// steps per row drawn with half-blocks, units across in the same columns as the vector
/// panels above.
struct UnrolledPanel {
    let trace: Trace
    let phase: Phase
    let t: Int
    let unit: Int
    /// The large layout: one full row per step (instead of two steps per row) when they fit.
    var tallRows = false
    /// Steps not computed yet stay empty (progressive reveal).
    var reveal: Reveal?
    /// The language of the title.
    var strings = Strings(.en)

    func draw(in rect: Rect, on grid: inout CellGrid, highlighted: Bool) {
        let forward = phase == .forward
        let all = forward ? trace.steps.map(\.h) : trace.steps.map(\.dh)
        let scale = forward ? Scales.hidden(trace) : Scales.gradient(all)
        // An empty row draws nothing: h of later steps going forward, dL/dh of earlier ones going back.
        let rows = all.enumerated().map { index, row in
            let shown = reveal.map { forward ? $0.hidden(at: index + 1) : $0.hiddenGradient(at: index + 1) } ?? true
            return shown ? row : []
        }
        let name = forward ? "h_t" : "dL/dh_t"
        // The inside of the box, as Box.draw will return it.
        let box = Rect(x: rect.x + 1, y: rect.y + 1, width: rect.width - 2, height: rect.height - 2)
        let repeats = tallRows && rows.count < box.height ? 2 : 1
        // The ▲ under the inspected unit only when it costs no time steps.
        let markUnit = (rows.count * repeats + 1) / 2 < box.height
        let packed = Self.packedNote(t: t, count: rows.count, repeats: repeats, in: box, markUnit: markUnit, strings: strings)
        let inner = PanelFrame.draw(strings("step.unrolled.title", ["name": name, "T": String(trace.length), "packed": packed]),
                                    in: rect, on: &grid, boxed: true, highlighted: highlighted)
        guard inner.height >= 1, inner.width >= 2 else { return }
        let zoom = VectorPanel.zoom(count: trace.config.hidden, width: inner.width - 1)
        let pixels = rows.flatMap { Array(repeating: VectorPanel.stretch($0, by: zoom), count: repeats) }
        MatrixHeatmap.draw(pixels, scale: scale,
                           in: Rect(x: inner.x, y: inner.y, width: min(inner.width, trace.config.hidden * zoom + 1), height: inner.height),
                           on: &grid, highlightRow: (t - 1) * repeats, highlightColumn: markUnit ? unit * zoom + zoom / 2 : nil)
        PanelFrame.drawBorderLegend(scale, under: rect, on: &grid)
    }
}

extension UnrolledPanel {
    /// When the map packs more than two steps into a screen row, the steps in ▶'s row
    /// (`, ▶ row holds t=37…40`), so a step key that leaves ▶ where it was says why; empty
    /// otherwise. `rect` is the heatmap's area including its ▶ column.
    static func packedNote(t: Int, count: Int, repeats: Int, in rect: Rect, markUnit: Bool, strings: Strings = Strings(.en)) -> String {
        guard t >= 1, t <= count else { return "" }
        let shared = MatrixHeatmap.rowsSharingScreenRow(with: (t - 1) * repeats, rowCount: count * repeats, in: rect,
                                                        highlightRow: true, highlightColumn: markUnit)
        let first = shared.lowerBound / repeats + 1, last = (shared.upperBound - 1) / repeats + 1
        guard last - first + 1 > 2 else { return "" }
        return strings("step.unrolled.packed", ["first": String(first), "last": String(last)])
    }
}

/// ‖dL/dh_t‖ for every step on a log scale: how much gradient reaches each step.
struct GradientBarsPanel {
    let trace: Trace
    let t: Int
    /// Bars appear as BPTT computes them (progressive reveal): none going forward, then from
    /// t=T down to the cursor's step.
    var reveal: Reveal?
    /// The language of the title and notes.
    var strings = Strings(.en)

    func draw(in rect: Rect, on grid: inout CellGrid, boxed: Bool, highlighted: Bool) {
        let all = trace.steps.map { Float(l2Norm($0.dh)) }
        let shown = (1...trace.length).map { reveal?.hiddenGradient(at: $0) ?? true }
        let norms = zip(all, shown).map { $1 ? $0 : 0 }
        let complete = !shown.contains(false)
        let note = complete ? Self.fading(all, strings: strings) : ""
        let inner = PanelFrame.draw(strings["step.bars.title"], note: note, in: rect, on: &grid, boxed: boxed, highlighted: highlighted)
        guard inner.height >= 2 else { return }
        guard shown.contains(true) else {
            grid.put(strings["step.bars.pending"], x: inner.x, y: inner.y, style: Theme.dim,
                     maxWidth: inner.width)
            return
        }
        LogBars.draw(norms, labels: (1...norms.count).map(String.init), highlight: t - 1, in: inner, on: &grid, color: Theme.gradientBars)
    }
}

extension GradientBarsPanel {
    /// How much of the last step's gradient reaches t=1: `t=1 gets 1/1094 of t=10`, the ratio
    /// in the same format as the lessons' `{{fade}}` (`NumberText.ratio`).
    static func fading(_ norms: [Float], strings: Strings = Strings(.en)) -> String {
        guard let first = norms.first, let last = norms.last, last > 0, last.isFinite else { return "" }
        let ratio = Double(last) / Double(first)
        guard ratio.isFinite else { return strings["step.bars.nothing_reaches"] }
        guard ratio > 1 else { return "" }
        return strings("step.bars.fading", ["ratio": NumberText.ratio(ratio), "T": String(norms.count)])
    }
}
