/// All seven tensors in one flat Float32 buffer, in `ParameterName` order.
///
/// One buffer makes the optimizer, gradient clipping and zeroing single loops, and the same
/// type holds gradients. Accessors give each tensor by name in PyTorch's layout.
public struct Parameters: Equatable, Sendable {
    public let shape: ModelShape
    public var storage: [Float]

    /// All zeros.
    public init(shape: ModelShape) {
        self.shape = shape
        self.storage = [Float](repeating: 0, count: shape.totalCount)
    }

    /// The shape and no values (`storage` empty; reading a value traps): what a trace keeps of
    /// gradients nobody reads (`Trace.droppingParameterGradients()`).
    init(noValuesOf shape: ModelShape) {
        self.shape = shape
        self.storage = []
    }

    /// PyTorch's default initialisation: Embedding ~ N(0, 1); every RNN and Linear tensor
    /// ~ U(-1/√H, 1/√H) (nn.RNN's rule, and nn.Linear's kaiming-uniform with fan-in H).
    public static func initialized(shape: ModelShape, seed: UInt64) -> Parameters {
        var parameters = Parameters(shape: shape)
        var generator = SeededGenerator(seed: seed)
        let bound = 1 / Float(shape.hidden).squareRoot()
        for name in ParameterName.allCases {
            let values: [Float] = (0..<shape.count(of: name)).map { _ in
                name == .embedding ? generator.normal() : generator.uniform(-bound, bound)
            }
            parameters[name] = values
        }
        return parameters
    }

    /// One tensor's values, flattened row-major.
    public subscript(name: ParameterName) -> [Float] {
        get {
            let start = shape.offset(of: name)
            return Array(storage[start ..< start + shape.count(of: name)])
        }
        set {
            precondition(newValue.count == shape.count(of: name), "\(name.rawValue): wrong element count")
            let start = shape.offset(of: name)
            storage.replaceSubrange(start ..< start + newValue.count, with: newValue)
        }
    }

    /// A two-dimensional tensor as a matrix (biases become one-row matrices).
    public func matrix(_ name: ParameterName) -> Matrix {
        let dims = shape.shape(of: name)
        return Matrix(rows: dims.count == 2 ? dims[0] : 1, cols: dims.last ?? 1, values: self[name])
    }

    /// The same tensor's value at a PyTorch index, e.g. `[unit, unit]` for W_hh.
    public func value(_ name: ParameterName, _ index: [Int]) -> Float {
        let dims = shape.shape(of: name)
        let flat = dims.count == 2 ? index[0] * dims[1] + index[1] : index[0]
        return storage[shape.offset(of: name) + flat]
    }

    /// Global L2 norm over every tensor, as `clip_grad_norm_` measures it.
    public var globalNorm: Float {
        storage.withUnsafeBufferPointer { values in
            // Eight running sums in Double instead of one (one chain of 11k dependent adds
            // took ~3% of an epoch); the Float result is the same.
            var lanes = SIMD8<Double>()
            var i = 0
            while i + 8 <= values.count {
                let x = SIMD8<Double>(UnsafeRawPointer(values.baseAddress! + i).loadUnaligned(as: SIMD8<Float>.self))
                lanes += x * x
                i += 8
            }
            var sum = lanes.sum()
            while i < values.count {
                sum += Double(values[i]) * Double(values[i])
                i += 1
            }
            return Float(sum.squareRoot())
        }
    }

    /// True when every value is finite.
    public var isFinite: Bool { FiniteCheck.all(storage) }

    public mutating func zero() {
        storage.withUnsafeMutableBufferPointer { buffer in
            buffer.update(repeating: 0)
        }
    }
}
