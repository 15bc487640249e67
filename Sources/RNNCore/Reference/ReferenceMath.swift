import Foundation

/// What a reference pass returns: the loss (summed over the loss steps) and dL/dθ in the same
/// layout as the fast pass's.
struct ReferenceResult {
    let loss: Float
    let gradients: Parameters
}

extension CharRNN {
    /// Loss and gradients for one sequence by the readable reference pass of this model's cell
    /// (`target` as in `Trace.target`; tokens must be in the vocabulary). Slow: for tests and
    /// for reading.
    func referenceLossAndGradients(input: [Int], target: [Int]) -> ReferenceResult {
        guard !input.isEmpty else { return ReferenceResult(loss: 0, gradients: Parameters(shape: config.shape)) }
        return config.cell.math.referencePass(self, input: input, target: target)
    }
}

/// The plain-array helpers the reference passes share. A matrix is an array of rows,
/// `W[i][k]`, in PyTorch's layout (W_xh is [H, H] and maps x to W_xh x).
enum Plain {
    static func zeros(_ count: Int) -> [Float] { [Float](repeating: 0, count: count) }

    static func zeros(_ rows: Int, _ cols: Int) -> [[Float]] { [[Float]](repeating: zeros(cols), count: rows) }

    /// A parameter tensor as rows (a bias as one vector: use `vector`).
    static func matrix(_ p: Parameters, _ name: ParameterName) -> [[Float]] {
        let values = p[name], cols = p.shape.hidden
        return stride(from: 0, to: values.count, by: cols).map { Array(values[$0 ..< $0 + cols]) }
    }

    /// y = W v: [R, C]·[C] → [R].
    static func times(_ W: [[Float]], _ v: [Float]) -> [Float] {
        W.map { row in
            var sum: Float = 0
            for k in row.indices { sum += row[k] * v[k] }
            return sum
        }
    }

    /// y = Wᵀ v: [R, C]ᵀ·[R] → [C].
    static func transposeTimes(_ W: [[Float]], _ v: [Float]) -> [Float] {
        var y = zeros(W.first?.count ?? 0)
        for i in W.indices {
            for k in y.indices { y[k] += W[i][k] * v[i] }
        }
        return y
    }

    /// W += u vᵀ, the gradient of a weight matrix from one step: [R] × [C] → [R, C].
    static func addOuter(_ W: inout [[Float]], _ u: [Float], _ v: [Float]) {
        for i in u.indices {
            for k in v.indices { W[i][k] += u[i] * v[k] }
        }
    }

    /// a + b, element by element.
    static func add(_ a: [Float], _ b: [Float]) -> [Float] { zip(a, b).map { $0 + $1 } }

    static func sigmoid(_ v: Float) -> Float { 1 / (1 + exp(-v)) }

    /// softmax(y)_j = e^(y_j − max y) / Σ_k e^(y_k − max y).
    static func softmax(_ y: [Float]) -> [Float] {
        let top = y.max() ?? 0
        let e = y.map { exp($0 - top) }
        let sum = e.reduce(0, +)
        return e.map { $0 / sum }
    }

    /// The target of each step, nil where the step is not in the loss: `last` has one target
    /// (after x_T), `every` one per step (the input shifted by one).
    static func stepTargets(_ mode: LossMode, _ target: [Int], steps T: Int) -> [Int?] {
        switch mode {
        case .last: return (0..<T).map { $0 == T - 1 ? target[0] : nil }
        case .every: return target.map { $0 }
        }
    }

    /// The seven gradients in `Parameters`' flat layout.
    static func gradients(
        _ shape: ModelShape, dE: [[Float]], dWxh: [[Float]], dWhh: [[Float]], dbih: [Float], dbhh: [Float],
        dWhy: [[Float]], dby: [Float]
    ) -> Parameters {
        var g = Parameters(shape: shape)
        g[.embedding] = dE.flatMap { $0 }
        g[.weightIH] = dWxh.flatMap { $0 }
        g[.weightHH] = dWhh.flatMap { $0 }
        g[.biasIH] = dbih
        g[.biasHH] = dbhh
        g[.weightHY] = dWhy.flatMap { $0 }
        g[.biasY] = dby
        return g
    }
}
