import CellGrid
import RNNCore

/// The whole sequence at once: h_t (forward) or dL/dh_t (backward) for every step, one
/// row per step drawn with half-blocks, units across.
struct UnrolledPanel {
    let trace: Trace
    let phase: Phase
    let t: Int
    let unit: Int

    func draw(in rect: Rect, on grid: inout CellGrid, boxed: Bool, highlighted: Bool) {
        let forward = phase == .forward
        let rows = forward ? trace.steps.map(\.h) : trace.steps.map(\.dh)
        let scale = forward ? Scales.hidden(trace) : Scales.gradient(rows)
        let title = forward ? "h_t unrolled: t=1…\(trace.length) down, units across" : "dL/dh_t unrolled: t=1…\(trace.length) down"
        let inner = PanelFrame.draw(title, note: boxed ? "" : VectorPanel.rangeNote(scale), in: rect, on: &grid, boxed: boxed, highlighted: highlighted)
        guard inner.height >= 1 else { return }
        let mapHeight = boxed ? inner.height - 1 : inner.height
        let width = min(inner.width, trace.config.hidden)
        MatrixHeatmap.draw(rows, scale: scale, in: Rect(x: inner.x, y: inner.y, width: width, height: mapHeight), on: &grid,
                           highlightRow: t - 1, highlightColumn: unit)
        if boxed {
            Legend.draw(scale, in: Rect(x: inner.x, y: inner.maxY - 1, width: inner.width, height: 1), on: &grid)
        }
    }
}

/// ‖dL/dh_t‖ for every step on a log scale: how much gradient reaches each step.
struct GradientBarsPanel {
    let trace: Trace
    let t: Int

    func draw(in rect: Rect, on grid: inout CellGrid, boxed: Bool, highlighted: Bool) {
        let norms = trace.steps.map { vectorNorm($0.dh) }
        let ratio = norms.last.flatMap { last in norms.first.map { first in first > 0 && last > 0 ? last / first : 0 } } ?? 0
        let note = ratio > 1 ? "t=1 gets 1/\(Int(ratio.rounded())) of t=\(norms.count)" : ""
        let inner = PanelFrame.draw("‖dL/dh_t‖ (log)", note: note, in: rect, on: &grid, boxed: boxed, highlighted: highlighted)
        guard inner.height >= 2 else { return }
        LogBars.draw(norms, labels: (1...norms.count).map(String.init), highlight: t - 1, in: inner, on: &grid, color: Theme.gradientBars)
    }
}

func vectorNorm(_ v: [Float]) -> Float {
    var sum: Double = 0
    for x in v { sum += Double(x) * Double(x) }
    return Float(sum.squareRoot())
}
