/// The numbers behind vanishing and exploding gradients for one recorded pass
/// (Pascanu, Mikolov & Bengio 2013): how strongly W_hh can stretch a vector, how much each
/// step's Jacobian ∂h_t/∂h_{t-1} = diag(f'(a_t)) W_hh passes on, and how the gradient
/// reaching each step compares with the bound σ_max^(T-k)·‖dL/dh_T‖.
public struct GradientAnalysis: Sendable {
    /// σ_max(W_hh), the largest singular value.
    public let sigmaMax: Double
    /// ρ(W_hh), the largest |eigenvalue|.
    public let spectralRadius: Double
    /// ‖dL/dh_t‖ for t = 1…T.
    public let dhNorms: [Double]
    /// ‖diag(f'(a_t)) W_hh‖₂ for t = 1…T.
    public let jacobianNorms: [Double]
    /// σ_max^(T-k)·‖dL/dh_T‖ for k = 1…T: for tanh (|f'| ≤ 1) and a loss on the last step,
    /// ‖dL/dh_k‖ never exceeds it, so σ_max < 1 is sufficient for gradients to vanish.
    public let bound: [Double]

    public init(trace: Trace) {
        let whh = trace.parameters.matrix(.weightHH)
        let sigma = SpectralNorm.largestSingularValue(whh)
        sigmaMax = sigma
        spectralRadius = Eigenvalues.spectralRadius(whh)
        let norms = trace.steps.map { l2Norm($0.dh) }
        dhNorms = norms
        let activation = trace.config.activation
        var start: [Double]? = nil
        jacobianNorms = trace.steps.map { step in
            let scale = step.h.map { Double(activation.derivative(fromOutput: $0)) }
            let (value, vector) = Self.scaledNorm(whh, rowScale: scale, start: start)
            start = vector
            return value
        }
        let last = norms.last ?? 0
        let T = trace.length
        bound = (0..<T).map { index in pow(sigma, Double(T - 1 - index)) * last }
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

import Foundation
