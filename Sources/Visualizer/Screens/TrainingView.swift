import CellGrid
import RNNCore

/// Training: the loss curve large, with the epoch and the notes' predictions.
struct TrainingView {
    let frame: Frame
    let layout: Layout

    func draw(on grid: inout CellGrid) {
        let body = layout.body
        // A short body (a lesson's narration below) keeps most rows for the curve.
        let summaryHeight = body.height >= 20 ? 8 : max(4, body.height / 3)
        LossPanel(frame: frame).draw(in: Rect(x: body.x, y: body.y, width: body.width, height: body.height - summaryHeight), on: &grid, highlighted: false)
        TrainingSummary(frame: frame).draw(in: Rect(x: body.x, y: body.maxY - summaryHeight, width: body.width, height: summaryHeight), on: &grid)
    }
}
