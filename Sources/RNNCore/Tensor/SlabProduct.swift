extension Kernels {
    /// Rows of A per slab in `addProductOfStoredTranspose`: a multiple of the 6-row tile.
    static let slabRows = 96
    /// K per block there: the block's B strips (1 MB at N = 1,024) stay in L2.
    static let slabDepth = 256

    /// C[M, N] (+)= A·B where A is stored transposed, A(i, p) = `at[p * ldat + i]` (a weight
    /// gradient such as dW_hh = Σ_t dGᵀ_t·h_{t-1}, dG [K, M] row-major). The same values as
    /// `addProduct(…, aRow: 1, aCol: ldat, …)`, bit for bit: every element is still summed
    /// over k in order (C is stored and reloaded between K blocks, which does not change its
    /// rounding), by `addProduct`'s tiles. What changes is where the operands come from: each
    /// K block of B is copied into contiguous 16-column strips and each 96-row slab of A
    /// row-major. Read in place, every k of A and of B was a new 4 KB page (dG's rows are
    /// 16 KB apart for an H=1024 LSTM, h's 4 KB): 1.3 s of the 2,000-step H=1024 trace.
    static func addProductOfStoredTranspose(
        _ c: UnsafeMutablePointer<Float>, ldc: Int, _ at: UnsafePointer<Float>, ldat: Int,
        _ b: UnsafePointer<Float>, ldb: Int, m: Int, k: Int, n: Int, accumulate: Bool
    ) {
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            if !accumulate { for i in 0..<m { (c + i &* ldc).update(repeating: 0, count: n) } }
            return
        }
        let depth = min(slabDepth, k), rows = min(slabRows, m)
        let strips = (n &+ 15) / 16
        withUnsafeTemporaryAllocation(of: Float.self, capacity: strips &* depth &* 16) { stripBuffer in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: rows &* depth &+ 16) { slabBuffer in
                guard let packedB = stripBuffer.baseAddress, let slab = slabBuffer.baseAddress else { return }
                // Zeros past N in the last strip, and slack after the slab: lanes are read whole.
                packedB.initialize(repeating: 0, count: strips &* depth &* 16)
                slab.initialize(repeating: 0, count: rows &* depth &+ 16)
                var p0 = 0
                while p0 < k {
                    let kb = min(depth, k &- p0)
                    for s in 0..<strips {
                        let width = min(16, n &- s &* 16)
                        let strip = packedB + s &* kb &* 16
                        for q in 0..<kb {
                            (strip + q &* 16).update(from: b + ((p0 &+ q) &* ldb &+ s &* 16), count: width)
                        }
                    }
                    var i0 = 0
                    while i0 < m {
                        let count = min(rows, m &- i0)
                        for q in 0..<kb {
                            let source = at + ((p0 &+ q) &* ldat &+ i0)
                            for r in 0..<count { slab[r &* kb &+ q] = source[r] }
                        }
                        for s in 0..<strips {
                            addProduct(
                                c + (i0 &* ldc &+ s &* 16), ldc: ldc, slab, aRow: kb, aCol: 1, packedB + s &* kb &* 16, ldb: 16,
                                m: count, k: kb, n: min(16, n &- s &* 16), accumulate: accumulate || p0 > 0)
                        }
                        i0 &+= count
                    }
                    p0 &+= kb
                }
            }
        }
    }
}
