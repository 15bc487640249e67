/// The largest eigenvalue of a symmetric positive semi-definite operator by Lanczos iteration
/// with full reorthogonalisation: a few dozen products find it to near machine precision even
/// when the top eigenvalues are close, where plain power iteration crawls.
enum Lanczos {
    /// λ_max of the n×n operator `apply` (y = G x), from at most `steps` products.
    static func largestEigenvalue(n: Int, steps: Int = 32, apply: ([Double]) -> [Double]) -> Double {
        guard n > 0 else { return 0 }
        let k = min(n, steps)
        // A fixed, generic start vector (a plain all-ones start can miss symmetric structure).
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        var q = (0..<n).map { _ -> Double in
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(seed >> 11) / Double(1 << 53) + 0.5
        }
        normalize(&q)
        var basis: [[Double]] = []
        var alpha: [Double] = [], beta: [Double] = []
        var previous = -Double.infinity
        for _ in 0..<k {
            basis.append(q)
            var w = apply(q)
            let a = dot(q, w)
            alpha.append(a)
            // Twice against every basis vector: keeps the basis orthogonal in floating point.
            for _ in 0..<2 {
                for v in basis {
                    let c = dot(v, w)
                    for i in 0..<n { w[i] -= c * v[i] }
                }
            }
            let b = dot(w, w).squareRoot()
            // Every 4 steps: stop once the top Ritz value has settled.
            if alpha.count % 4 == 0 {
                let estimate = ritzMax(alpha, beta)
                if abs(estimate - previous) <= 1e-10 * max(abs(estimate), 1e-300) { return estimate }
                previous = estimate
            }
            guard b > 1e-13 * max(abs(a), 1e-300), basis.count < k else { break }
            beta.append(b)
            q = w.map { $0 / b }
        }
        return ritzMax(alpha, beta)
    }

    /// The largest eigenvalue of the tridiagonal projection T = tridiag(β, α, β).
    private static func ritzMax(_ alpha: [Double], _ beta: [Double]) -> Double {
        let m = alpha.count
        var t = [Double](repeating: 0, count: m * m)
        for i in 0..<m {
            t[i * m + i] = alpha[i]
            if i + 1 < m {
                t[i * m + i + 1] = beta[i]
                t[(i + 1) * m + i] = beta[i]
            }
        }
        return SymmetricEigen.eigenvalues(&t, n: m).max() ?? 0
    }

    private static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in a.indices { s += a[i] * b[i] }
        return s
    }

    private static func normalize(_ v: inout [Double]) {
        let length = dot(v, v).squareRoot()
        if length > 0 { for i in v.indices { v[i] /= length } }
    }
}

extension SpectralNorm {
    /// ‖M‖₂ as √λ_max(MᵀM) by Lanczos: for the per-step Jacobians, where a full Jacobi
    /// decomposition would cost O(n³) per step.
    static func largestSingularValueIterative(_ m: Matrix) -> Double {
        guard m.values.allSatisfy({ $0.isFinite }) else { return .nan }
        let (rows, n) = (m.rows, m.cols)
        let values = m.values.map(Double.init)
        let lambda = Lanczos.largestEigenvalue(n: n) { x in
            var mx = [Double](repeating: 0, count: rows)
            for r in 0..<rows {
                var s = 0.0
                for c in 0..<n { s += values[r * n + c] * x[c] }
                mx[r] = s
            }
            var y = [Double](repeating: 0, count: n)
            for r in 0..<rows where mx[r] != 0 {
                for c in 0..<n { y[c] += values[r * n + c] * mx[r] }
            }
            return y
        }
        return max(0, lambda).squareRoot()
    }
}
