/// ρ(W), the largest |eigenvalue| of a large real square matrix, by the Arnoldi iteration:
/// W's action on a growing Krylov basis (one product with W per step, in place, Float read
/// and summed in Double) projected to a small upper Hessenberg matrix H_m, whose eigenvalues
/// (the Ritz values) approach W's outermost ones first. No restarts: at n = 1024 the basis
/// settles in about 250 products (2 MB of basis), against the dense reduction's O(n³).
///
/// It stops when the largest-modulus Ritz pair's residual ‖W y − θ y‖ (= h_{m+1,m}·|y_m|,
/// no extra product) is at most `residualTolerance`·|θ|; the value is then within about
/// that residual times the eigenvalue's condition number of an eigenvalue (random 1024×1024
/// matrices: within 1e-9 of numpy's ρ). When it does not settle within `maxSteps`, or the
/// Krylov space closes (the start vector missed part of the spectrum), the result is nil and
/// the caller takes all eigenvalues instead.
enum ArnoldiRadius {
    static let residualTolerance = 1e-8
    /// Ritz values are computed every this many products (each an O(m³) QR of H_m).
    static let checkEvery = 20
    static let maxSteps = 480

    static func largestModulus(_ w: Matrix, maxSteps: Int = maxSteps) -> Double? {
        let n = w.rows
        guard n == w.cols, n > 1 else { return nil }
        let limit = min(n - 1, maxSteps)
        guard limit >= 2 else { return nil }
        // Basis q_0…q_limit, rows of n; H [limit + 1, limit], row-major with stride `limit`.
        var basis = [Double](repeating: 0, count: (limit + 1) * n)
        var hessenberg = [Double](repeating: 0, count: (limit + 1) * limit)
        var coefficients = [Double](repeating: 0, count: limit + 1)
        // The same fixed, generic start vector as Lanczos.
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        for i in 0..<n {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            basis[i] = Double(seed >> 11) / Double(1 << 53) + 0.5
        }
        let scale = (0..<n).reduce(0.0) { $0 + basis[$1] * basis[$1] }.squareRoot()
        for i in 0..<n { basis[i] /= scale }
        var largestEntry = 0.0
        return w.values.withUnsafeBufferPointer { wb -> Double? in
            basis.withUnsafeMutableBufferPointer { qb -> Double? in
                hessenberg.withUnsafeMutableBufferPointer { hb -> Double? in
                    coefficients.withUnsafeMutableBufferPointer { cb -> Double? in
                        guard let wp = wb.baseAddress, let qp = qb.baseAddress, let hp = hb.baseAddress,
                              let cp = cb.baseAddress else { return nil }
                        for j in 0..<limit {
                            let next = qp + (j + 1) * n
                            for r in 0..<n { next[r] = Lanczos.dot(wp + r * n, qp + j * n, n) }
                            // Classical Gram–Schmidt, twice (keeps the basis orthogonal in floating point).
                            for _ in 0..<2 {
                                for i in 0...j { cp[i] = Lanczos.dot(qp + i * n, next, n) }
                                for i in 0...j {
                                    Lanczos.subtract(cp[i], qp + i * n, from: next, n)
                                    hp[i * limit + j] += cp[i]
                                }
                            }
                            let b = Lanczos.dot(next, next, n).squareRoot()
                            hp[(j + 1) * limit + j] = b
                            for i in 0...(j + 1) { largestEntry = max(largestEntry, abs(hp[i * limit + j])) }
                            // The Krylov space closed: its Ritz values are eigenvalues, but maybe not the outermost.
                            guard b > 1e-12 * largestEntry, b.isFinite else { return nil }
                            for r in 0..<n { next[r] /= b }
                            let m = j + 1
                            guard m % checkEvery == 0 || m == limit else { continue }
                            guard let (theta, last) = topRitzPair(hp, m: m, stride: limit) else { return nil }
                            let modulus = (theta.re * theta.re + theta.im * theta.im).squareRoot()
                            if b * last <= residualTolerance * modulus { return modulus }
                        }
                        return nil
                    }
                }
            }
        }
    }

    /// The largest-modulus eigenvalue θ of H_m (the leading m×m of `h`) and |y_m|, the last
    /// entry of its unit eigenvector y, by inverse iteration on H_m − θI in complex arithmetic.
    static func topRitzPair(_ h: UnsafePointer<Double>, m: Int, stride: Int) -> (theta: (re: Double, im: Double), last: Double)? {
        guard let values = Eigenvalues.ofHessenberg(h, n: m, stride: stride),
              let theta = values.max(by: { $0.re * $0.re + $0.im * $0.im < $1.re * $1.re + $1.im * $1.im })
        else { return nil }
        var size = 0.0
        for i in 0..<m { for j in max(0, i - 1)..<m { size = max(size, abs(h[i * stride + j])) } }
        var yr = [Double](repeating: 1, count: m), yi = [Double](repeating: 0, count: m)
        for _ in 0..<2 {
            solveShifted(h, m: m, ldh: stride, shift: theta, tiny: 1e-15 * max(size, 1e-300), &yr, &yi)
            let length = (0..<m).reduce(0.0) { $0 + yr[$1] * yr[$1] + yi[$1] * yi[$1] }.squareRoot()
            guard length > 0, length.isFinite else { return nil }
            for i in 0..<m {
                yr[i] /= length
                yi[i] /= length
            }
        }
        return (theta, (yr[m - 1] * yr[m - 1] + yi[m - 1] * yi[m - 1]).squareRoot())
    }

    /// Solves (H_m − θI) y = b in place (b in `re`, `im`) by Gaussian elimination with partial
    /// pivoting (an upper Hessenberg matrix has one entry below the diagonal per column); a
    /// zero pivot becomes `tiny` (θ is an eigenvalue, so the matrix is singular to rounding).
    private static func solveShifted(
        _ h: UnsafePointer<Double>, m: Int, ldh: Int, shift theta: (re: Double, im: Double), tiny: Double,
        _ re: inout [Double], _ im: inout [Double]
    ) {
        var ar = [Double](repeating: 0, count: m * m), ai = [Double](repeating: 0, count: m * m)
        for i in 0..<m {
            for j in max(0, i - 1)..<m { ar[i * m + j] = h[i * ldh + j] }
            ar[i * m + i] -= theta.re
            ai[i * m + i] = -theta.im
        }
        for k in 0..<(m - 1) {
            let below = k + 1
            if ar[below * m + k] * ar[below * m + k] + ai[below * m + k] * ai[below * m + k]
                > ar[k * m + k] * ar[k * m + k] + ai[k * m + k] * ai[k * m + k] {
                for j in k..<m {
                    ar.swapAt(k * m + j, below * m + j)
                    ai.swapAt(k * m + j, below * m + j)
                }
                re.swapAt(k, below)
                im.swapAt(k, below)
            }
            var pr = ar[k * m + k], pi = ai[k * m + k]
            if pr == 0, pi == 0 { (pr, pi) = (tiny, 0); ar[k * m + k] = tiny }
            // l = A[k+1][k] / pivot
            let d = pr * pr + pi * pi
            let xr = ar[below * m + k], xi = ai[below * m + k]
            let lr = (xr * pr + xi * pi) / d, li = (xi * pr - xr * pi) / d
            if lr == 0, li == 0 { continue }
            for j in (k + 1)..<m {
                let ur = ar[k * m + j], ui = ai[k * m + j]
                ar[below * m + j] -= lr * ur - li * ui
                ai[below * m + j] -= lr * ui + li * ur
            }
            let br = re[k], bi = im[k]
            re[below] -= lr * br - li * bi
            im[below] -= lr * bi + li * br
        }
        for k in stride(from: m - 1, through: 0, by: -1) {
            var sr = re[k], si = im[k]
            for j in (k + 1)..<m {
                let ur = ar[k * m + j], ui = ai[k * m + j]
                sr -= ur * re[j] - ui * im[j]
                si -= ur * im[j] + ui * re[j]
            }
            var pr = ar[k * m + k], pi = ai[k * m + k]
            if pr == 0, pi == 0 { (pr, pi) = (tiny, 0) }
            let d = pr * pr + pi * pi
            re[k] = (sr * pr + si * pi) / d
            im[k] = (si * pr - sr * pi) / d
        }
    }
}
