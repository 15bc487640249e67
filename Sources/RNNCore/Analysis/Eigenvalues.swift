/// Eigenvalues of a general real matrix, for the spectral radius ρ(W_hh): reduction to upper
/// Hessenberg form by stabilised elementary similarity transforms, then the Francis
/// double-shift QR iteration (the classic elmhes + hqr pair), in double precision.
public enum Eigenvalues {
    /// All eigenvalues as (real, imaginary) pairs, or nil if the iteration does not converge
    /// or the matrix holds NaN/Inf.
    public static func of(_ matrix: Matrix) -> [(re: Double, im: Double)]? {
        let n = matrix.rows
        guard n == matrix.cols, n > 0 else { return n == 0 ? [] : nil }
        guard matrix.values.allSatisfy({ $0.isFinite }) else { return nil }
        // 1-based storage, as the algorithm is written: a[i * (n + 1) + j], 1 ≤ i, j ≤ n.
        var a = HessenbergMatrix(matrix)
        defer { a.deallocate() }
        a.reduceToHessenberg()
        return a.francisQR()
    }

    /// ρ(W): the largest |λ|. Up to `denseLimit` from every eigenvalue (`of`); above it by
    /// Arnoldi (`ArnoldiRadius`), which needs a few hundred products with W instead of the
    /// O(n³) reduction (≈ 5 s of CPU at n = 1024), and falls back to all eigenvalues when it
    /// does not settle.
    public static func spectralRadius(_ matrix: Matrix) -> Double {
        if matrix.rows == matrix.cols, matrix.rows > denseLimit, matrix.values.allSatisfy({ $0.isFinite }),
           let radius = ArnoldiRadius.largestModulus(matrix) {
            return radius
        }
        return denseSpectralRadius(matrix)
    }

    /// The largest n whose ρ comes from all its eigenvalues.
    static let denseLimit = 256

    /// ρ(W) from all eigenvalues (Hessenberg reduction and QR): the reference for Arnoldi.
    static func denseSpectralRadius(_ matrix: Matrix) -> Double {
        guard let values = of(matrix) else { return .nan }
        return values.map { ($0.re * $0.re + $0.im * $0.im).squareRoot() }.max() ?? 0
    }

    /// All eigenvalues of an upper Hessenberg matrix `h` [n, n] (row-major; entries below the
    /// subdiagonal ignored), or nil if QR does not converge.
    static func ofHessenberg(_ h: UnsafePointer<Double>, n: Int, stride: Int) -> [(re: Double, im: Double)]? {
        guard n > 0 else { return [] }
        var a = HessenbergMatrix(n: n)
        defer { a.deallocate() }
        for i in 0..<n {
            for j in max(0, i - 1)..<n { a[i + 1, j + 1] = h[i * stride + j] }
        }
        return a.francisQR()
    }
}

/// The working copy, in memory of its own: its O(n³) loops read and write it through a plain
/// pointer (an array's bounds and uniqueness checks on every access made ρ take 20 s at
/// H=1024). Indices stay within 1…n by construction; `deallocate()` frees it.
struct HessenbergMatrix {
    let n: Int
    let a: UnsafeMutablePointer<Double>

    init(_ matrix: Matrix) {
        n = matrix.rows
        let count = (n + 1) * (n + 1)
        a = UnsafeMutablePointer<Double>.allocate(capacity: count)
        a.initialize(repeating: 0, count: count)
        for i in 1...n { for j in 1...n { a[i * (n + 1) + j] = Double(matrix.values[(i - 1) * n + (j - 1)]) } }
    }

    /// An n×n zero matrix.
    init(n: Int) {
        self.n = n
        let count = (n + 1) * (n + 1)
        a = UnsafeMutablePointer<Double>.allocate(capacity: count)
        a.initialize(repeating: 0, count: count)
    }

    func deallocate() { a.deallocate() }

    subscript(i: Int, j: Int) -> Double {
        get { a[i &* (n &+ 1) &+ j] }
        nonmutating set { a[i &* (n &+ 1) &+ j] = newValue }
    }

    /// elmhes: Gaussian elimination with pivoting, as similarity transforms.
    mutating func reduceToHessenberg() {
        guard n > 2 else { return }
        for m in 2..<n {
            var x = 0.0
            var pivot = m
            for j in m...n where abs(self[j, m - 1]) > abs(x) {
                x = self[j, m - 1]
                pivot = j
            }
            if pivot != m {
                for j in (m - 1)...n { (self[pivot, j], self[m, j]) = (self[m, j], self[pivot, j]) }
                for j in 1...n { (self[j, pivot], self[j, m]) = (self[j, m], self[j, pivot]) }
            }
            guard x != 0, m + 1 <= n else { continue }
            for i in (m + 1)...n {
                var y = self[i, m - 1]
                guard y != 0 else { continue }
                y /= x
                self[i, m - 1] = y
                for j in m...n { self[i, j] -= y * self[m, j] }
                for j in 1...n { self[j, m] += y * self[j, i] }
            }
        }
        // Below the subdiagonal lie elimination multipliers; the QR step treats them as 0.
        for i in 1...n { for j in 1...n where i > j + 1 { self[i, j] = 0 } }
    }

    /// hqr: eigenvalues of an upper Hessenberg matrix.
    mutating func francisQR() -> [(re: Double, im: Double)]? {
        var wr = [Double](repeating: 0, count: n + 1), wi = [Double](repeating: 0, count: n + 1)
        var anorm = 0.0
        for i in 1...n { for j in max(i - 1, 1)...n { anorm += abs(self[i, j]) } }
        var nn = n
        var t = 0.0
        while nn >= 1 {
            var its = 0
            var l = 0
            repeat {
                // Look for a single small subdiagonal element.
                l = nn
                while l >= 2 {
                    var s = abs(self[l - 1, l - 1]) + abs(self[l, l])
                    if s == 0 { s = anorm }
                    if abs(self[l, l - 1]) + s == s {
                        self[l, l - 1] = 0
                        break
                    }
                    l -= 1
                }
                if l < 1 { l = 1 }
                var x = self[nn, nn]
                if l == nn {
                    wr[nn] = x + t
                    wi[nn] = 0
                    nn -= 1
                } else {
                    var y = self[nn - 1, nn - 1]
                    var w = self[nn, nn - 1] * self[nn - 1, nn]
                    if l == nn - 1 {
                        let p = 0.5 * (y - x)
                        let q = p * p + w
                        var z = abs(q).squareRoot()
                        x += t
                        if q >= 0 {
                            z = p + (p >= 0 ? abs(z) : -abs(z))
                            wr[nn - 1] = x + z
                            wr[nn] = x + z
                            if z != 0 { wr[nn] = x - w / z }
                            wi[nn - 1] = 0
                            wi[nn] = 0
                        } else {
                            wr[nn - 1] = x + p
                            wr[nn] = x + p
                            wi[nn - 1] = -z
                            wi[nn] = z
                        }
                        nn -= 2
                    } else {
                        guard its < 60 else { return nil }
                        if its == 10 || its == 20 {
                            // Exceptional shift.
                            t += x
                            for i in 1...nn { self[i, i] -= x }
                            let s = abs(self[nn, nn - 1]) + abs(self[nn - 1, nn - 2])
                            x = 0.75 * s
                            y = x
                            w = -0.4375 * s * s
                        }
                        its += 1
                        var m = nn - 2
                        var p = 0.0, q = 0.0, r = 0.0, z = 0.0
                        while m >= l {
                            z = self[m, m]
                            r = x - z
                            var s = y - z
                            p = (r * s - w) / self[m + 1, m] + self[m, m + 1]
                            q = self[m + 1, m + 1] - z - r - s
                            r = self[m + 2, m + 1]
                            s = abs(p) + abs(q) + abs(r)
                            p /= s
                            q /= s
                            r /= s
                            if m == l { break }
                            let u = abs(self[m, m - 1]) * (abs(q) + abs(r))
                            let v = abs(p) * (abs(self[m - 1, m - 1]) + abs(z) + abs(self[m + 1, m + 1]))
                            if u + v == v { break }
                            m -= 1
                        }
                        if m + 2 <= nn {
                            for i in (m + 2)...nn {
                                self[i, i - 2] = 0
                                if i != m + 2 { self[i, i - 3] = 0 }
                            }
                        }
                        var k = m
                        while k <= nn - 1 {
                            if k != m {
                                p = self[k, k - 1]
                                q = self[k + 1, k - 1]
                                r = k != nn - 1 ? self[k + 2, k - 1] : 0
                                x = abs(p) + abs(q) + abs(r)
                                if x != 0 {
                                    p /= x
                                    q /= x
                                    r /= x
                                }
                            }
                            let norm = (p * p + q * q + r * r).squareRoot()
                            let s = p >= 0 ? norm : -norm
                            if s != 0 {
                                if k == m {
                                    if l != m { self[k, k - 1] = -self[k, k - 1] }
                                } else {
                                    self[k, k - 1] = -s * x
                                }
                                p += s
                                x = p / s
                                y = q / s
                                z = r / s
                                q /= p
                                r /= p
                                for j in k...nn {
                                    p = self[k, j] + q * self[k + 1, j]
                                    if k != nn - 1 {
                                        p += r * self[k + 2, j]
                                        self[k + 2, j] -= p * z
                                    }
                                    self[k + 1, j] -= p * y
                                    self[k, j] -= p * x
                                }
                                let mmin = nn < k + 3 ? nn : k + 3
                                for i in l...mmin {
                                    p = x * self[i, k] + y * self[i, k + 1]
                                    if k != nn - 1 {
                                        p += z * self[i, k + 2]
                                        self[i, k + 2] -= p * r
                                    }
                                    self[i, k + 1] -= p * q
                                    self[i, k] -= p
                                }
                            }
                            k += 1
                        }
                    }
                }
            } while nn >= 1 && l < nn - 1
        }
        return (1...n).map { (wr[$0], wi[$0]) }
    }
}
