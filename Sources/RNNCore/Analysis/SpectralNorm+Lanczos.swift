extension SpectralNorm {
    /// ‖M‖₂ as √λ_max(MᵀM) by Lanczos: for the per-step Jacobians, where a full Jacobi
    /// decomposition would cost O(n³) per step. MᵀM is applied as two products with M, read in
    /// place (Float, summed in Double): at H=1024 an LSTM's [2H, 2H] Jacobian is 16 MB, and a
    /// Double copy per step (and bounds-checked loops) made the gradients view take minutes.
    static func largestSingularValueIterative(_ m: Matrix) -> Double {
        guard m.values.allSatisfy({ $0.isFinite }) else { return .nan }
        let (rows, n) = (m.rows, m.cols)
        var mx = [Double](repeating: 0, count: rows)
        let lambda = m.values.withUnsafeBufferPointer { values in
            Lanczos.largestEigenvalue(n: n) { x in
                var y = [Double](repeating: 0, count: n)
                x.withUnsafeBufferPointer { x in
                    mx.withUnsafeMutableBufferPointer { mx in
                        y.withUnsafeMutableBufferPointer { y in
                            productThenTransposed(values, rows: rows, cols: n, x, mx, y)
                        }
                    }
                }
                return y
            }
        }
        return max(0, lambda).squareRoot()
    }

    /// y = Mᵀ(M x) for row-major M [rows, cols]; `mx` is scratch of `rows`.
    @inline(__always)
    static func productThenTransposed(
        _ m: UnsafeBufferPointer<Float>, rows: Int, cols n: Int, _ x: UnsafeBufferPointer<Double>,
        _ mx: UnsafeMutableBufferPointer<Double>, _ y: UnsafeMutableBufferPointer<Double>
    ) {
        guard let base = m.baseAddress, let xp = x.baseAddress, let yp = y.baseAddress else { return }
        for r in 0..<rows {
            let row = base + r &* n
            // Four partial sums: independent chains the CPU can overlap.
            var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
            var c = 0
            while c &+ 4 <= n {
                s0 += Double(row[c]) * xp[c]
                s1 += Double(row[c &+ 1]) * xp[c &+ 1]
                s2 += Double(row[c &+ 2]) * xp[c &+ 2]
                s3 += Double(row[c &+ 3]) * xp[c &+ 3]
                c &+= 4
            }
            while c < n {
                s0 += Double(row[c]) * xp[c]
                c &+= 1
            }
            mx[r] = (s0 + s1) + (s2 + s3)
        }
        for r in 0..<rows {
            let scale = mx[r]
            if scale == 0 { continue }
            let row = base + r &* n
            for c in 0..<n { yp[c] += Double(row[c]) * scale }
        }
    }
}
