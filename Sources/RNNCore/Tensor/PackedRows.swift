/// A matrix A [M, K] laid out for `Kernels.packedProduct`: panels of 6 rows, each k's 6
/// values adjacent. The gradient analysis multiplies by the same W_hh and W_hhᵀ tens of
/// thousands of times; `Kernels.addProduct` reads a tile's 6 rows of A through 6 addresses a
/// row apart (the compiler chains their adds, one more cycle per row and k), where a panel
/// is one stream read at fixed offsets. The last panel repeats row M−1 past M.
struct PackedRows: Sendable {
    /// M and K.
    let rows: Int, depth: Int
    /// ⌈M/6⌉ panels of [K, 6].
    let values: [Float]

    /// A(i, p) = `a[i * aRow + p * aCol]`, as `Kernels.addProduct` reads it (Aᵀ of a row-major
    /// [K, M] matrix is `aRow: 1, aCol: M`).
    init(_ a: UnsafePointer<Float>, aRow: Int, aCol: Int, rows m: Int, depth k: Int) {
        rows = m
        depth = k
        let panels = (m + 5) / 6
        var values = [Float](repeating: 0, count: panels * k * 6)
        values.withUnsafeMutableBufferPointer { buffer in
            guard let out = buffer.baseAddress, m > 0 else { return }
            for p in 0..<panels {
                let panel = out + p * k * 6
                let first = p * 6
                // k outer: Aᵀ's 6 entries of one k are neighbours in memory.
                for q in 0..<k {
                    for r in 0..<6 { panel[q * 6 + r] = a[min(first + r, m - 1) * aRow + q * aCol] }
                }
            }
        }
        self.values = values
    }

    /// `matrix` as A (row-major [M, K]) or, `transposed`, its transpose [K, M].
    init(_ matrix: Matrix, transposed: Bool = false) {
        self = matrix.values.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return PackedRows(empty: ()) }
            return transposed
                ? PackedRows(base, aRow: 1, aCol: matrix.cols, rows: matrix.cols, depth: matrix.rows)
                : PackedRows(base, aRow: matrix.cols, aCol: 1, rows: matrix.rows, depth: matrix.cols)
        }
    }

    private init(empty: Void) {
        rows = 0
        depth = 0
        values = []
    }
}

extension Kernels {
    /// C[M, N] = A·B for a packed A (`PackedRows`), B [K, N] with row stride `ldb` (read in
    /// whole 16-float lanes, as `addProduct` reads it), C with row stride `ldc`. Each element
    /// is summed over k in plain order from 0, one fused multiply-add per term: the values of
    /// `addProduct(…, accumulate: false, fused: true)`, bit for bit.
    static func packedProduct(
        _ c: UnsafeMutablePointer<Float>, ldc: Int, _ a: PackedRows, _ b: UnsafePointer<Float>, ldb: Int, n: Int
    ) {
        let m = a.rows, k = a.depth
        guard m > 0, n > 0 else { return }
        a.values.withUnsafeBufferPointer { buffer in
            guard let panels = buffer.baseAddress else { return }
            var i = 0
            while i < m {
                let panel = panels + i &* k
                var j = 0
                while j < n {
                    panel6(c + i &* ldc + j, ldc: ldc, rows: min(6, m &- i), width: min(16, n &- j), panel, b + j, ldb: ldb, k: k)
                    j &+= 16
                }
                i &+= 6
            }
        }
    }

    /// One panel's 6 rows of C (the first `rows` stored), columns [width ≤ 16]: 6 accumulators,
    /// one B lane and 6 adjacent A values per k.
    @inline(__always)
    private static func panel6(
        _ c: UnsafeMutablePointer<Float>, ldc: Int, rows: Int, width: Int,
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, ldb: Int, k: Int
    ) {
        var s0 = Lane(), s1 = Lane(), s2 = Lane(), s3 = Lane(), s4 = Lane(), s5 = Lane()
        var row = b, q = a
        for _ in 0..<k {
            let r = Lane.load(row)
            s0.addProduct(r, Lane(repeating: q[0]))
            s1.addProduct(r, Lane(repeating: q[1]))
            s2.addProduct(r, Lane(repeating: q[2]))
            s3.addProduct(r, Lane(repeating: q[3]))
            s4.addProduct(r, Lane(repeating: q[4]))
            s5.addProduct(r, Lane(repeating: q[5]))
            row += ldb
            q += 6
        }
        s0.store(c, width)
        if rows > 1 { s1.store(c + ldc, width) }
        if rows > 2 { s2.store(c + 2 &* ldc, width) }
        if rows > 3 { s3.store(c + 3 &* ldc, width) }
        if rows > 4 { s4.store(c + 4 &* ldc, width) }
        if rows > 5 { s5.store(c + 5 &* ldc, width) }
    }
}
