import CellGrid
import RNNCore

/// Training: the loss curve large, with the epoch and the notes' predictions.
struct TrainingView {
    let explorer: Explorer
    let layout: Layout

    func draw(on grid: inout CellGrid) {
        let body = layout.body
        let summaryHeight = 8
        LossPanel(explorer: explorer).draw(in: Rect(x: body.x, y: body.y, width: body.width, height: body.height - summaryHeight), on: &grid, highlighted: false)
        TrainingSummary(explorer: explorer).draw(in: Rect(x: body.x, y: body.maxY - summaryHeight, width: body.width, height: summaryHeight), on: &grid)
    }
}

/// W_hh, the memory's weights, as a half-block heatmap (one pixel per weight, square) beside
/// its gradient for the current sequence.
struct WeightsView {
    let explorer: Explorer
    let layout: Layout

    func draw(on grid: inout CellGrid) {
        let trace = explorer.trace
        let H = trace.config.hidden
        let body = layout.body
        let zoom = VectorPanel.zoom(count: H, width: body.width / 2 - 3)
        let natural = H * zoom + 3
        let leftWidth = natural <= body.width - 30 ? max(body.width / 2, natural) : body.width / 2
        let panels: [(String, [[Float]], Rect)] = [
            ("W_hh [\(H)×\(H)]: row i = unit i's input from h_{t-1}", trace.parameters.matrix(.weightHH).nestedRows,
             Rect(x: body.x, y: body.y, width: leftWidth, height: body.height)),
            ("dL/dW_hh for this sequence", trace.gradients.matrix(.weightHH).nestedRows,
             Rect(x: body.x + leftWidth, y: body.y, width: body.width - leftWidth, height: body.height)),
        ]
        for (title, matrix, rect) in panels {
            let scale = ColorScale.diverging(fitting: matrix.flatMap { $0 })
            let squeezed = H * zoom + 1 > rect.width - 2 || (H * zoom + 1) / 2 + 1 > rect.height - 2
            let inner = PanelFrame.draw(title, note: squeezed ? "(averaged to fit)" : "", in: rect, on: &grid, boxed: true, highlighted: false)
            guard inner.height >= 2 else { continue }
            let pixels = matrix.flatMap { Array(repeating: VectorPanel.stretch($0, by: zoom), count: zoom) }
            MatrixHeatmap.draw(pixels, scale: scale, in: inner, on: &grid,
                               highlightRow: explorer.unit * zoom + zoom / 2, highlightColumn: explorer.unit * zoom + zoom / 2)
            PanelFrame.drawBorderLegend(scale, under: rect, on: &grid)
        }
    }
}
