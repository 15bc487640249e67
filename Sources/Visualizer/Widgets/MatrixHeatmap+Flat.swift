import CellGrid
import RNNCore

/// `MatrixHeatmap` straight from a row-major `Matrix`, each entry repeated `zoom` times across
/// and down, without the nested rows and stretched copies: at H=1024 an LSTM's W_hh has 4M
/// entries, and copying them into rows twice per frame cost the weights view a third of a
/// second. Each pixel is the same mean as `draw(_ rows:…)` of the stretched rows gives (the
/// same entries added in the same order), so the screen is unchanged.
extension MatrixHeatmap {
    public static func draw(
        _ matrix: Matrix, zoom: Int = 1, scale: ColorScale, in rect: Rect, on grid: inout CellGrid,
        highlightRow: Int? = nil, highlightColumn: Int? = nil
    ) {
        let zoom = max(1, zoom)
        // A matrix without its values (a trace recorded without gradients) draws nothing, as no rows would.
        guard matrix.rows > 0, matrix.cols > 0, matrix.values.count >= matrix.rows * matrix.cols else { return }
        let columns = matrix.cols
        matrix.values.withUnsafeBufferPointer { values in
            draw(rowCount: matrix.rows * zoom, columnCount: columns * zoom, scale: scale, in: rect, on: &grid,
                 highlightRow: highlightRow, highlightColumn: highlightColumn) { rows, block in
                guard !rows.isEmpty, !block.isEmpty else { return nil }
                var sum = 0.0
                for r in rows {
                    let base = (r / zoom) * columns
                    if zoom == 1 {
                        for c in block { sum += Double(values[base + c]) }
                    } else {
                        for c in block { sum += Double(values[base + c / zoom]) }
                    }
                }
                if sum.isNaN { return .nan }
                return Float(sum / Double(rows.count * block.count))
            }
        }
    }
}
