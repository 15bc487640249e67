import CellGrid
import RNNCore

/// The sequence through time: h_t, dL/dh_t and dL/da_t for every step, and the gradient bars.
struct ThroughTimeView {
    let explorer: Explorer
    let layout: Layout

    func draw(on grid: inout CellGrid) {
        let trace = explorer.trace
        let body = layout.body
        let barsHeight = max(6, body.height / 4)
        let mapsHeight = body.height - barsHeight
        let third = mapsHeight / 3
        let maps: [(String, [[Float]], ColorScale, Set<Panel>)] = [
            ("h_t for t=1…\(trace.length) (rows) × units", trace.steps.map(\.h), Scales.hidden(trace), [.h]),
            ("dL/dh_t: one colour scale for all steps, so fading shows", trace.steps.map(\.dh), Scales.gradient(trace.steps.map(\.dh)), [.dh]),
            ("dL/da_t = dL/dh_t ⊙ f'(a_t)", trace.steps.map(\.da), Scales.gradient(trace.steps.map(\.da)), [.da]),
        ]
        for (index, map) in maps.enumerated() {
            let rect = Rect(x: body.x, y: body.y + index * third, width: body.width, height: index == 2 ? mapsHeight - 2 * third : third)
            let inner = PanelFrame.draw(map.0, note: VectorPanel.rangeNote(map.2), in: rect, on: &grid, boxed: layout.isFull, highlighted: false)
            MatrixHeatmap.draw(map.1, scale: map.2, in: Rect(x: inner.x, y: inner.y, width: min(inner.width, trace.config.hidden * (inner.width >= 2 * trace.config.hidden ? 2 : 1)), height: inner.height), on: &grid,
                               highlightRow: explorer.t - 1, highlightColumn: explorer.unit)
        }
        GradientBarsPanel(trace: trace, t: explorer.t)
            .draw(in: Rect(x: body.x, y: body.y + mapsHeight, width: body.width, height: barsHeight), on: &grid, boxed: layout.isFull, highlighted: false)
    }
}

/// Training: the loss curve large, with the epoch and the notes' predictions.
struct TrainingView {
    let explorer: Explorer
    let layout: Layout

    func draw(on grid: inout CellGrid) {
        let body = layout.body
        let summaryHeight = 7
        LossPanel(explorer: explorer).draw(in: Rect(x: body.x, y: body.y, width: body.width, height: body.height - summaryHeight), on: &grid, highlighted: false)
        TrainingSummary(explorer: explorer).draw(in: Rect(x: body.x, y: body.maxY - summaryHeight, width: body.width, height: summaryHeight), on: &grid)
    }
}

/// W_hh, the memory's weights, as a 64×64 half-block heatmap beside its gradient.
struct WeightsView {
    let explorer: Explorer
    let layout: Layout

    func draw(on grid: inout CellGrid) {
        let trace = explorer.trace
        let H = trace.config.hidden
        let body = layout.body
        let whh = trace.parameters.matrix(.weightHH).nestedRows
        let grad = trace.gradients.matrix(.weightHH).nestedRows
        let leftWidth = min(body.width / 2 + 8, H + 2)
        let panels: [(String, [[Float]], Rect)] = [
            ("W_hh [\(H)×\(H)]: row i = unit i's input from h_{t-1}", whh, Rect(x: body.x, y: body.y, width: max(leftWidth, body.width / 2), height: body.height)),
            ("dL/dW_hh for this sequence", grad, Rect(x: body.x + max(leftWidth, body.width / 2), y: body.y, width: body.width - max(leftWidth, body.width / 2), height: body.height)),
        ]
        for (title, matrix, rect) in panels {
            let scale = ColorScale.diverging(fitting: matrix.flatMap { $0 })
            let inner = PanelFrame.draw(title, in: rect, on: &grid, boxed: true, highlighted: false)
            guard inner.height >= 2 else { continue }
            MatrixHeatmap.draw(matrix, scale: scale, in: Rect(x: inner.x, y: inner.y, width: min(inner.width, H), height: inner.height - 1), on: &grid,
                               highlightRow: explorer.unit, highlightColumn: explorer.unit)
            Legend.draw(scale, in: Rect(x: inner.x, y: inner.maxY - 1, width: inner.width, height: 1), on: &grid)
        }
    }
}
