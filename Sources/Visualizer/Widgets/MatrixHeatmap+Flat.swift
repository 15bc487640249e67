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
                    if zoom == 1, let start = values.baseAddress {
                        addRow(start + base, groups: groups, into: &sums)
                        continue
                    }
                    for (j, group) in groups.enumerated() {
                        var sum = sums[j]
                        for c in group { sum += Double(values[base + c / zoom]) }
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

extension MatrixHeatmap {
    /// Adds one matrix row's entries into its column groups' sums, each sum in column order
    /// as one group at a time adds them, but four groups at a time: four chains of dependent
    /// additions in flight instead of one. At H=1024 an LSTM's W_hh takes ~3 ms instead of
    /// 4–10 ms; every sum is the same, bit for bit.
    static func addRow(_ row: UnsafePointer<Float>, groups: [Range<Int>], into sums: inout [Double]) {
        var j = 0
        while j + 4 <= groups.count {
            let (g0, g1, g2, g3) = (groups[j], groups[j + 1], groups[j + 2], groups[j + 3])
            let (p0, p1, p2, p3) = (row + g0.lowerBound, row + g1.lowerBound, row + g2.lowerBound, row + g3.lowerBound)
            var (s0, s1, s2, s3) = (sums[j], sums[j + 1], sums[j + 2], sums[j + 3])
            let common = min(g0.count, g1.count, g2.count, g3.count)
            for k in 0..<common {
                s0 += Double(p0[k])
                s1 += Double(p1[k])
                s2 += Double(p2[k])
                s3 += Double(p3[k])
            }
            for k in common..<g0.count { s0 += Double(p0[k]) }
            for k in common..<g1.count { s1 += Double(p1[k]) }
            for k in common..<g2.count { s2 += Double(p2[k]) }
            for k in common..<g3.count { s3 += Double(p3[k]) }
            (sums[j], sums[j + 1], sums[j + 2], sums[j + 3]) = (s0, s1, s2, s3)
            j += 4
        }
        while j < groups.count {
            var sum = sums[j]
            for c in groups[j] { sum += Double(row[c]) }
            sums[j] = sum
            j += 1
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
