import Foundation

/// The numbers behind vanishing and exploding gradients for one recorded pass
/// (Pascanu, Mikolov & Bengio 2013): how strongly W_hh can stretch a vector, how much each
/// step's Jacobian ∂h_t/∂h_{t-1} = diag(f'(a_t)) W_hh passes on, and how the gradient
/// reaching each step compares with the bound σ_max^(T-k)·‖dL/dh_T‖.
public struct GradientAnalysis: Sendable {
    /// σ_max(W_hh), the largest singular value (gated cells: of the candidate block, see
    /// `candidateBlock`).
    public let sigmaMax: Double
    /// ρ(W_hh), the largest |eigenvalue|.
    public let spectralRadius: Double
    /// ‖dL/dh_t‖ for t = 1…T.
    public let dhNorms: [Double]
    /// ‖∂s_t/∂s_{t-1}‖₂ for t = 1…T: ‖diag(f'(a_t)) W_hh‖₂ for the RNN, the full state
    /// Jacobian for gated cells (see `StateJacobian`).
    public let jacobianNorms: [Double]
    /// σ_max^(T-k)·‖dL/dh_T‖ for k = 1…T: for tanh (|f'| ≤ 1) and a loss on the last step,
    /// ‖dL/dh_k‖ never exceeds it, so σ_max < 1 is sufficient for gradients to vanish.
    /// Empty for gated cells, where it does not hold.
    public let bound: [Double]

    public init(trace: Trace) {
        var stopped = false
        self.init(trace: trace, progress: nil, stopped: &stopped)
    }

    /// The same, calling `progress(done, total)` after each step's Jacobian norm (the long part
    /// at H=1024); `progress` returns false to stop, and the analysis is then nil.
    public static func interruptible(trace: Trace, progress: @escaping (Int, Int) -> Bool) -> GradientAnalysis? {
        var stopped = false
        let analysis = GradientAnalysis(trace: trace, progress: progress, stopped: &stopped)
        return stopped ? nil : analysis
    }

    private init(trace: Trace, progress: ((Int, Int) -> Bool)?, stopped: inout Bool) {
        let whh = trace.parameters.matrix(.weightHH)
        let candidate = Self.candidateBlock(whh, cell: trace.config.cell, hidden: trace.config.hidden)
        let (sigma, rho) = Self.spectrum(ofBlock: candidate)
        sigmaMax = sigma
        spectralRadius = rho
        let norms = trace.steps.map { l2Norm($0.dh) }
        dhNorms = norms
        // Where the Jacobian is diag(s) W_hh (the plain RNN), its norm without forming it,
        // warm-started from the previous step's vector; a large gated state, by products with
        // W_hh (`JacobianProducts`); otherwise the full state Jacobian.
        let T = trace.length
        let stepNumbers = Array(1..<(T + 1))
        let scales = stepNumbers.map { StateJacobian.rowScale(trace, step: $0) }
        let rowScaled = scales.allSatisfy { $0 != nil }
        let stateSize = StateJacobian.stateSize(trace.config.cell, hidden: trace.config.hidden)
        let byProducts = !rowScaled && stateSize > Self.formedJacobianLimit
        var start: [Double]? = nil
        var jacobianNorms: [Double] = []
        jacobianNorms.reserveCapacity(T)
        for t in stepNumbers {
            let value: Double
            if let scale = scales[t - 1] {
                let (norm, vector) = Self.scaledNorm(candidate, rowScale: scale.map(Double.init), start: start)
                start = vector
                value = norm
            } else if byProducts, let products = trace.config.cell.math.jacobianProducts(trace.step(t)) {
                value = Self.productNorm(products, weights: whh)
            } else {
                value = SpectralNorm.largestSingularValueIterative(StateJacobian.matrix(trace, step: t, weights: whh))
            }
            jacobianNorms.append(value)
            if let progress, !progress(t, T) {
                stopped = true
                break
            }
        }
        jacobianNorms += [Double](repeating: .nan, count: T - jacobianNorms.count)
        self.jacobianNorms = jacobianNorms
        // The bound needs ‖∂h_t/∂h_{t-1}‖ ≤ σ_max(W_hh), true for row-scaled Jacobians with
        // |s| ≤ 1 (tanh RNNs) only: gates add a direct path (z ⊙ h, f ⊙ c) that W_hh does not limit.
        let last = norms.last ?? 0
        bound = rowScaled ? (0..<T).map { index in pow(sigma, Double(T - 1 - index)) * last } : []
    }

    /// The H×H block of W_hh feeding the candidate state (`CellKind.candidateGate`): W_hh itself
    /// for the RNN, GRU's W_hn, LSTM's W_hg, the part that plays the plain RNN's W_hh.
    /// σ_max and ρ of the weights' candidate block alone, without any pass: what a change of
    /// W_hh reports before the per-step analysis is needed.
    public static func spectrum(of parameters: Parameters) -> (sigmaMax: Double, spectralRadius: Double) {
        let shape = parameters.shape
        return spectrum(ofBlock: candidateBlock(parameters.matrix(.weightHH), cell: shape.cell, hidden: shape.hidden))
    }

    static func spectrum(ofBlock candidate: Matrix) -> (sigmaMax: Double, spectralRadius: Double) {
        (SpectralNorm.largestSingularValue(candidate), Eigenvalues.spectralRadius(candidate))
    }

    public static func candidateBlock(_ whh: Matrix, cell: CellKind, hidden H: Int) -> Matrix {
        let start = cell.candidateGate * H * H
        return Matrix(rows: H, cols: H, values: Array(whh.values[start ..< start + H * H]))
    }

    /// The largest gated state (S = stateBlocks·H) whose Jacobians are formed, for Lanczos to a
    /// value change of 1e-10 (these values are unchanged). Above it (an LSTM with H > 128, a GRU
    /// with H > 256) each step's norm comes from products with W_hh (`JacobianProducts`): no
    /// [S, S] matrix per step (16 MB at H=1024), one pass over W_hh per product, and Lanczos
    /// stops at a Ritz residual of `productTolerance` (relative), which at H=1024 agreed with a
    /// 300-product reference to 3e-8 (the formed Float Jacobian itself differs by about 1e-8).
    /// A warm start from the previous step's singular vector saved 2% of the products (each
    /// character changes the gates) and once missed the top direction, so every step starts cold.
    static let formedJacobianLimit = 256
    /// The Ritz residual, relative to σ², at which `productNorm` stops.
    static let productTolerance = 1e-4

    /// ‖J‖₂ of a gated step from products (`JacobianProducts`).
    static func productNorm(_ products: any JacobianProducts, weights w: Matrix) -> Double {
        guard w.values.allSatisfy({ $0.isFinite }) else { return .nan }
        let n = products.stateBlocks * products.hidden
        let lambda = w.values.withUnsafeBufferPointer { weights in
            Lanczos.largestEigenvalue(n: n, residualTolerance: productTolerance) { x in
                var y = [Double](repeating: 0, count: n)
                x.withUnsafeBufferPointer { x in
                    y.withUnsafeMutableBufferPointer { y in products.normalProduct(weights, x, y) }
                }
                return y
            }
        }
        return max(0, lambda).squareRoot()
    }

    /// ‖diag(s) W‖₂ by power iteration on MᵀM, warm-started from the previous step's vector.
    static func scaledNorm(_ w: Matrix, rowScale s: [Double], start: [Double]?) -> (Double, [Double]) {
        let n = w.cols
        guard n > 0, w.values.allSatisfy({ $0.isFinite }) else { return (.nan, []) }
        var v = start ?? [Double](repeating: 1 / Double(n).squareRoot(), count: n)
        var estimate = 0.0
        var mv = [Double](repeating: 0, count: w.rows)
        for _ in 0..<300 {
            // mv = diag(s) W v;  u = Wᵀ diag(s) mv
            for r in 0..<w.rows {
                var sum = 0.0
                for c in 0..<n { sum += Double(w.values[r * n + c]) * v[c] }
                mv[r] = s[r] * sum
            }
            var u = [Double](repeating: 0, count: n)
            for r in 0..<w.rows {
                let m = s[r] * mv[r]
                if m == 0 { continue }
                for c in 0..<n { u[c] += Double(w.values[r * n + c]) * m }
            }
            let length = u.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard length > 0 else { return (0, v) }
            let next = length.squareRoot()  // ‖MᵀM v‖ → σ² for unit v
            for c in 0..<n { v[c] = u[c] / length }
            if abs(next - estimate) <= 1e-10 * max(next, 1e-300) {
                estimate = next
                break
            }
            estimate = next
        }
        return (estimate, v)
    }
}

