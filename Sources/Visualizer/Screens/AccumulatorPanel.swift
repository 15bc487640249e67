import CellGrid
import Localization
import RNNCore
import ScopeNames

/// The gradients as BPTT accumulates them, two heatmaps side by side. At the cell's
/// weight-gradient sub-step: dW_hh and dW_ih, sums that started at t=T, so stepping back fills
/// them in. At the output layer's sub-step: this step's dL/dz_t h_tᵀ and dW_hy so far. At the
/// embedding's: this step's dE (one row, c_t) and dE so far.
struct AccumulatorPanel {
    let partial: PartialGradients
    let cell: CellKind
    let length: Int
    let unit: Int
    var subStep: SubStep = .backward(.weightGradients)
    /// The inspected row of the [V, H] matrices: the output's focus character, or c_t for E.
    var row: Int = 0
    /// How the screens quote the row's character, e.g. `'a'`.
    var rowName: String = ""
    /// The language of the titles.
    var strings = Strings(.en)

    /// One heatmap: its long and short titles, the matrix and the inspected row.
    struct Map {
        let long: String
        let short: String
        let matrix: Matrix
        let row: Int
        /// What to say instead of a map that is all zero.
        var empty: String? = nil
    }

    var maps: [Map] {
        let steps = partial.from == length ? "t=\(length)" : "t=\(length)…\(partial.from)"
        let t = partial.from
        switch subStep {
        case .backward(.outputGradients):
            return [Map(long: strings("step.accumulator.output_step", ["t": String(t), "char": rowName]),
                        short: strings("step.accumulator.output_step.short", ["t": String(t)]), matrix: partial.outputStep, row: row,
                        empty: strings("step.accumulator.no_target", ["t": String(t)])),
                    Map(long: strings("step.accumulator.so_far", ["matrix": "dW_hy [V×H]", "steps": steps]), short: "dW_hy, \(steps)",
                        matrix: partial.output, row: row)]
        case .backward(.embeddingGradient):
            return [Map(long: strings("step.accumulator.embedding_step", ["t": String(t), "char": rowName]),
                        short: strings("step.accumulator.embedding_step.short", ["t": String(t)]), matrix: partial.embeddingStep, row: row),
                    Map(long: strings("step.accumulator.so_far", ["matrix": "dE [V×H]", "steps": steps]), short: "dE, \(steps)",
                        matrix: partial.embedding, row: row)]
        default:
            let blocks = cell.isGated ? " [\(cell.gateNames.joined(separator: ","))]" : ""
            // The inspected unit's row (the keep gate's, for gated cells), where the formula's entry lies.
            let row = (cell.keepGate ?? 0) * partial.recurrent.cols + unit
            return [("dW_hh", partial.recurrent), ("dW_ih", partial.input)].map { name, matrix in
                Map(long: strings("step.accumulator.so_far", ["matrix": "\(name)\(blocks)", "steps": steps]), short: "\(name), \(steps)", matrix: matrix, row: row)
            }
        }
    }

    func draw(in rect: Rect, on grid: inout CellGrid) {
        let half = rect.width / 2
        for (index, map) in maps.enumerated() {
            let box = Rect(x: rect.x + index * half, y: rect.y, width: index == 0 ? half : rect.width - half, height: rect.height)
            let title = DisplayWidth.of(map.long) + 6 <= box.width ? map.long : map.short
            let inner = PanelFrame.draw(title, in: box, on: &grid, boxed: true, highlighted: true)
            guard inner.height >= 2, inner.width >= 2 else { continue }
            let matrix = map.matrix
            if let empty = map.empty, matrix.values.allSatisfy({ $0 == 0 }) {
                // 'last' mode before t=T: nothing to draw, say why instead of an empty map.
                grid.put(empty, x: inner.x + 1, y: inner.y, style: Theme.dim, maxWidth: inner.width - 1)
                continue
            }
            // Pooled to the cells available keeping each block's strongest entry, so a few large
            // contributions stay visible instead of being averaged away.
            let rows = Self.pool(matrix, rows: 2 * (inner.height - 1), columns: inner.width - 1)
            let scale = ColorScale.diverging(fitting: rows.flatMap { $0 } + [1e-12])
            MatrixHeatmap.draw(rows, scale: scale, in: inner, on: &grid,
                               highlightRow: map.row * rows.count / max(1, matrix.rows),
                               highlightColumn: unit * (rows.first?.count ?? 1) / max(1, matrix.cols))
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
