extension Kernels {
    /// Rows of A copied per slab by `addProductOfStoredTranspose`: a multiple of the 6-row tile,
    /// and 96 × K floats (768 KB at K = 2,000) stays in L2 while every column strip reads it.
    static let slabRows = 96

    /// C[M, N] (+)= A·B where A is stored transposed, A(i, p) = `at[p * ldat + i]` (a
    /// weight gradient such as dW_hh = Σ_t dGᵀ_t·h_{t-1}: dG is [K, M] row-major). The same
    /// values as `addProduct(…, aRow: 1, aCol: ldat, …)`, bit for bit: each slab of `slabRows`
    /// rows of A is copied row-major and multiplied by `addProduct`, which sums every element
    /// over k in the same order. Read in place, each k of A was a line 4·ldat bytes from the
    /// last (16 KB for an H=1024 LSTM's dG: one L1 set), re-read from L3 for every 16-column
    /// strip of C; 2 s of the 2,000-step H=1024 trace's backward pass.
    static func addProductOfStoredTranspose(
        _ c: UnsafeMutablePointer<Float>, ldc: Int, _ at: UnsafePointer<Float>, ldat: Int,
        _ b: UnsafePointer<Float>, ldb: Int, m: Int, k: Int, n: Int, accumulate: Bool
    ) {
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            if !accumulate { for i in 0..<m { (c + i &* ldc).update(repeating: 0, count: n) } }
            return
        }
        let rows = min(slabRows, m)
        // 16 floats of slack: the kernel reads whole lanes.
        withUnsafeTemporaryAllocation(of: Float.self, capacity: rows * k + 16) { buffer in
            guard let slab = buffer.baseAddress else { return }
            slab.initialize(repeating: 0, count: rows * k + 16)
            var i0 = 0
            while i0 < m {
                let count = min(rows, m &- i0)
                for p in 0..<k {
                    let source = at + (p &* ldat &+ i0)
                    for r in 0..<count { slab[r &* k &+ p] = source[r] }
                }
                addProduct(c + i0 &* ldc, ldc: ldc, slab, aRow: k, aCol: 1, b, ldb: ldb, m: count, k: k, n: n, accumulate: accumulate)
                i0 &+= count
            }
        }
    }
}
