import CellGrid
import RNNCore

/// `MatrixHeatmap` straight from a row-major matrix in a flat buffer (`FlatMatrix`: a tensor
/// of `Parameters` where it lies, uncopied), each entry repeated `zoom` times across and down.
/// At H=1024 an LSTM's W_hh has 4M entries: copied into nested rows, then stretched, then
/// averaged pixel by pixel, they cost the weights view a third of a second a frame. Here each
/// row of entries is read once, left to right, adding into every pixel of the row at once.
/// Each pixel is still the sum of the same entries in the same order as `draw(_ rows:…)` of
/// the stretched rows adds them (rows in order, each row's columns in order), so the screen
/// is the same, bit for bit.
extension MatrixHeatmap {
    public static func draw(
        _ matrix: FlatMatrix, zoom: Int = 1, scale: ColorScale, in rect: Rect, on grid: inout CellGrid,
        highlightRow: Int? = nil, highlightColumn: Int? = nil
    ) {
        let zoom = max(1, zoom)
        // A tensor without its values (a trace recorded without gradients) draws nothing, as no rows would.
        guard matrix.hasValues else { return }
        let columns = matrix.columns
        matrix.values.withUnsafeBufferPointer { all in
            let values = UnsafeBufferPointer(rebasing: all[matrix.offset ..< matrix.offset + matrix.rows * columns])
            draw(rowCount: matrix.rows * zoom, columnCount: columns * zoom, scale: scale, in: rect, on: &grid,
                 highlightRow: highlightRow, highlightColumn: highlightColumn) { rows, groups in
                var sums = [Double](repeating: 0, count: groups.count)
                for r in rows {
                    let base = (r / zoom) * columns
                    for (j, group) in groups.enumerated() {
                        var sum = sums[j]
                        if zoom == 1 {
                            for c in group { sum += Double(values[base + c]) }
                        } else {
                            for c in group { sum += Double(values[base + c / zoom]) }
                        }
                        sums[j] = sum
                    }
                }
                return zip(sums, groups).map { sum, group in
                    let count = rows.count * group.count
                    guard count > 0 else { return nil }
                    if sum.isNaN { return .nan }
                    return Float(sum / Double(count))  // ±Inf, or a finite mean
                }
            }
        }
    }
}

/// A row-major matrix inside a flat buffer: `rows × columns` values from `offset`. Made from a
/// tensor of `Parameters` it shares their storage (no copy).
public struct FlatMatrix {
    public let values: [Float]
    public let offset: Int
    public let rows: Int
    public let columns: Int

    public init(values: [Float], offset: Int = 0, rows: Int, columns: Int) {
        self.values = values
        self.offset = offset
        self.rows = rows
        self.columns = columns
    }

    /// Tensor `name` of `parameters` (a bias: one row).
    public init(_ parameters: Parameters, _ name: ParameterName) {
        let dims = parameters.shape.shape(of: name)
        self.init(values: parameters.storage, offset: parameters.shape.offset(of: name),
                  rows: dims.count == 2 ? dims[0] : 1, columns: dims.last ?? 1)
    }

    /// Whether the buffer holds every value (a trace's dropped gradients hold none).
    var hasValues: Bool { rows > 0 && columns > 0 && offset >= 0 && values.count >= offset + rows * columns }

    /// Its values, without a copy.
    var slice: ArraySlice<Float> { hasValues ? values[offset ..< offset + rows * columns] : [] }
}
