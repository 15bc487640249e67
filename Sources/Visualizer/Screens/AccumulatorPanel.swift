import CellGrid
import RNNCore

/// dW_hh and dW_ih as BPTT accumulates them, side by side: the weight-gradient sub-step adds
/// this step's outer products to sums that started at t=T, so stepping back fills them in.
struct AccumulatorPanel {
    let partial: PartialGradients
    let cell: CellKind
    let length: Int
    let unit: Int

    func draw(in rect: Rect, on grid: inout CellGrid) {
        let steps = partial.from == length ? "t=\(length)" : "t=\(length)…\(partial.from)"
        let matrices: [(String, Matrix)] = [("dW_hh", partial.recurrent), ("dW_ih", partial.input)]
        let half = rect.width / 2
        for (index, (name, matrix)) in matrices.enumerated() {
            let box = Rect(x: rect.x + index * half, y: rect.y, width: index == 0 ? half : rect.width - half, height: rect.height)
            let blocks = cell.isGated ? " [\(cell.gateNames.joined(separator: ","))]" : ""
            let long = "\(name)\(blocks) so far, \(steps)"
            let title = DisplayWidth.of(long) + 6 <= box.width ? long : "\(name), \(steps)"
            let inner = PanelFrame.draw(title, in: box, on: &grid, boxed: true, highlighted: true)
            guard inner.height >= 2, inner.width >= 2 else { continue }
            // Pooled to the cells available keeping each block's strongest entry, so a few large
            // contributions stay visible instead of being averaged away.
            let rows = Self.pool(matrix, rows: 2 * (inner.height - 1), columns: inner.width - 1)
            let scale = ColorScale.diverging(fitting: rows.flatMap { $0 } + [1e-12])
            // The inspected unit's row (the keep gate's, for gated cells), where the formula's entry lies.
            let row = (cell.keepGate ?? 0) * matrix.cols + unit
            MatrixHeatmap.draw(rows, scale: scale, in: inner, on: &grid,
                               highlightRow: row * rows.count / max(1, matrix.rows), highlightColumn: unit * (rows.first?.count ?? 1) / max(1, matrix.cols))
            PanelFrame.drawBorderLegend(scale, under: box, on: &grid)
        }
    }

    /// `matrix` in at most `rows` × `columns` blocks, each the entry of largest magnitude.
    static func pool(_ matrix: Matrix, rows: Int, columns: Int) -> [[Float]] {
        let outRows = max(1, min(matrix.rows, rows)), outColumns = max(1, min(matrix.cols, columns))
        return (0..<outRows).map { r in
            let rowRange = Grouping.range(r, count: matrix.rows, groups: outRows)
            return (0..<outColumns).map { c in
                var best: Float = 0
                for i in rowRange {
                    for j in Grouping.range(c, count: matrix.cols, groups: outColumns) where abs(matrix[i, j]) > abs(best) { best = matrix[i, j] }
                }
                return best
            }
        }
    }
}
