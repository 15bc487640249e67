/// The largest singular value σ_max of a matrix: ‖W‖₂, how much W can stretch a vector.
/// Computed as √λ_max(WᵀW) with the cyclic Jacobi method in double precision, which is
/// exact to rounding and simple for n up to `jacobiLimit`; above it (H=1024: Jacobi's O(n³)
/// sweeps took tens of seconds) by Lanczos, to about 1e-10 relative.
public enum SpectralNorm {
    /// The largest n computed by Jacobi rotations.
    static let jacobiLimit = 128

    public static func largestSingularValue(_ matrix: Matrix) -> Double {
        let n = matrix.cols
        guard matrix.rows > 0, n > 0 else { return 0 }
        guard matrix.values.allSatisfy({ $0.isFinite }) else { return .nan }
        if n > jacobiLimit { return largestSingularValueIterative(matrix) }
        // G = WᵀW [n, n], symmetric positive semi-definite.
        var g = [Double](repeating: 0, count: n * n)
        for r in 0..<matrix.rows {
            for i in 0..<n {
                let a = Double(matrix.values[r * n + i])
                if a == 0 { continue }
                for j in i..<n { g[i * n + j] += a * Double(matrix.values[r * n + j]) }
            }
        }
        for i in 0..<n { for j in 0..<i { g[i * n + j] = g[j * n + i] } }
        let eigenvalues = SymmetricEigen.eigenvalues(&g, n: n)
        return (eigenvalues.max() ?? 0).squareRoot()
    }
}

/// Eigenvalues of a symmetric matrix by cyclic Jacobi rotations (destroys `a`).
enum SymmetricEigen {
    static func eigenvalues(_ a: inout [Double], n: Int) -> [Double] {
        var none: [Double] = []
        rotate(&a, n: n, accumulating: &none)
        return (0..<n).map { a[$0 * n + $0] }
    }

    /// Eigenvalues and eigenvectors (column i of the row-major n×n result belongs to value i)
    /// by the same rotations, accumulated: for Lanczos' small tridiagonal projections.
    static func decomposition(_ a: inout [Double], n: Int) -> (values: [Double], vectors: [Double]) {
        var v = [Double](repeating: 0, count: n * n)
        for i in 0..<n { v[i * n + i] = 1 }
        rotate(&a, n: n, accumulating: &v)
        return ((0..<n).map { a[$0 * n + $0] }, v)
    }

    /// Rotates `a` towards diagonal; each rotation is also applied to the columns of `v` unless
    /// `v` is empty (eigenvalues only).
    private static func rotate(_ a: inout [Double], n: Int, accumulating v: inout [Double]) {
        let vectors = !v.isEmpty
        for _ in 0..<100 {
            var off: Double = 0
            var diagonal: Double = 0
            for i in 0..<n {
                diagonal += a[i * n + i] * a[i * n + i]
                for j in (i + 1)..<n where j < n { off += a[i * n + j] * a[i * n + j] }
            }
            if off <= 1e-30 * max(diagonal, 1e-300) { break }
            for p in 0..<n {
                for q in (p + 1)..<n where q < n {
                    let apq = a[p * n + q]
                    if abs(apq) < 1e-300 { continue }
                    let theta = (a[q * n + q] - a[p * n + p]) / (2 * apq)
                    let t = (theta >= 0 ? 1 : -1) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<n {
                        let akp = a[k * n + p], akq = a[k * n + q]
                        a[k * n + p] = c * akp - s * akq
                        a[k * n + q] = s * akp + c * akq
                    }
                    if vectors {
                        for k in 0..<n {
                            let vkp = v[k * n + p], vkq = v[k * n + q]
                            v[k * n + p] = c * vkp - s * vkq
                            v[k * n + q] = s * vkp + c * vkq
                        }
                    }
                    for k in 0..<n {
                        let apk = a[p * n + k], aqk = a[q * n + k]
                        a[p * n + k] = c * apk - s * aqk
                        a[q * n + k] = s * apk + c * aqk
                    }
                }
            }
        }
    }
}
