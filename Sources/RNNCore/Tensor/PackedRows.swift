/// A matrix A [M, K] laid out for `Kernels.packedProduct`: panels of `panelRows` rows, each
/// k's values adjacent. The gradient analysis multiplies by the same W_hh and W_hhᵀ tens of
/// thousands of times; `Kernels.addProduct` reads a tile's 6 rows of A through 6 addresses a
/// row apart (the compiler chains their adds, one more cycle per row and k), where a panel
/// is one stream read at fixed offsets. The last panel repeats row M−1 past M.
struct PackedRows: Sendable {
    /// Rows per panel: 12 with AVX-512, whose 32 registers hold 12×32 tiles (24 accumulators;
    /// 6 chains of 4-cycle FMAs kept both FMA units 3/4 busy); 6 elsewhere, where 12-row tiles
    /// of 16-float lanes spill AVX2's 16 registers (BENCHMARKS.md, session 10).
    #if RNNSCOPE_AVX512
    static let panelRows = 12
    #else
    static let panelRows = 6
    #endif
    /// M and K.
    let rows: Int, depth: Int
    /// ⌈M/panelRows⌉ panels of [K, panelRows].
    let values: [Float]

    /// A(i, p) = `a[i * aRow + p * aCol]`, as `Kernels.addProduct` reads it (Aᵀ of a row-major
    /// [K, M] matrix is `aRow: 1, aCol: M`).
    init(_ a: UnsafePointer<Float>, aRow: Int, aCol: Int, rows m: Int, depth k: Int) {
        rows = m
        depth = k
        let R = Self.panelRows
        let panels = (m + R - 1) / R
        var values = [Float](repeating: 0, count: panels * k * R)
        values.withUnsafeMutableBufferPointer { buffer in
            guard let out = buffer.baseAddress, m > 0 else { return }
            for p in 0..<panels {
                let panel = out + p * k * R
                let first = p * R
                // k outer: Aᵀ's entries of one k are neighbours in memory.
                for q in 0..<k {
                    for r in 0..<R { panel[q * R + r] = a[min(first + r, m - 1) * aRow + q * aCol] }
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
            let R = PackedRows.panelRows
            var i = 0
            while i < m {
                let panel = panels + i &* k
                let rows = min(R, m &- i)
                var j = 0
                #if RNNSCOPE_AVX512
                while j &+ 32 <= n {
                    panel12x32(c + i &* ldc + j, ldc: ldc, rows: rows, panel, b + j, ldb: ldb, k: k)
                    j &+= 32
                }
                while j < n {
                    panel12(c + i &* ldc + j, ldc: ldc, rows: rows, width: min(16, n &- j), panel, b + j, ldb: ldb, k: k)
                    j &+= 16
                }
                #else
                while j < n {
                    panel6(c + i &* ldc + j, ldc: ldc, rows: rows, width: min(16, n &- j), panel, b + j, ldb: ldb, k: k)
                    j &+= 16
                }
                #endif
                i &+= R
            }
        }
    }
}
