/// A dense row-major matrix of Float32, the element type PyTorch uses by default.
public struct Matrix: Equatable, Sendable {
    public let rows: Int
    public let cols: Int
    /// `rows * cols` values, row after row.
    public var values: [Float]

    public init(rows: Int, cols: Int, repeating value: Float = 0) {
        self.rows = rows
        self.cols = cols
        self.values = [Float](repeating: value, count: rows * cols)
    }

    /// Wraps `values`, which must hold exactly `rows * cols` numbers.
    public init(rows: Int, cols: Int, values: [Float]) {
        precondition(values.count == rows * cols, "Matrix: \(values.count) values for \(rows)x\(cols)")
        self.rows = rows
        self.cols = cols
        self.values = values
    }

    public subscript(row: Int, col: Int) -> Float {
        get { values[row * cols + col] }
        set { values[row * cols + col] = newValue }
    }

    /// One row as a new array.
    public func row(_ index: Int) -> [Float] {
        Array(values[index * cols ..< (index + 1) * cols])
    }

    /// Rows as nested arrays, the shape JSON and PyTorch's `tolist()` use.
    public var nestedRows: [[Float]] {
        (0..<rows).map(row)
    }

    public var transposed: Matrix {
        var result = Matrix(rows: cols, cols: rows)
        for r in 0..<rows {
            for c in 0..<cols { result.values[c * rows + r] = values[r * cols + c] }
        }
        return result
    }

    /// y = M·v for a vector v of length `cols`.
    public func multiply(_ vector: [Float]) -> [Float] {
        precondition(vector.count == cols)
        var out = [Float](repeating: 0, count: rows)
        for r in 0..<rows {
            var sum: Float = 0
            for c in 0..<cols { sum += values[r * cols + c] * vector[c] }
            out[r] = sum
        }
        return out
    }
}
