/// Matrix-product kernels on raw buffers, written so the compiler vectorises the inner
/// loop (contiguous, unit stride over the output's columns). All matrices are row-major.
enum Kernels {
    /// C[M,N] += A[M,K] · B[K,N]
    @inline(__always)
    static func addProduct(
        _ c: UnsafeMutablePointer<Float>, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
        m: Int, k: Int, n: Int
    ) {
        for i in 0..<m {
            let cRow = c + i * n
            let aRow = a + i * k
            for p in 0..<k {
                let s = aRow[p]
                let bRow = b + p * n
                for j in 0..<n { cRow[j] += s * bRow[j] }
            }
        }
    }

    /// C[M,N] += Aᵀ · B, where A is stored as [K,M] and B as [K,N].
    @inline(__always)
    static func addTransposedProduct(
        _ c: UnsafeMutablePointer<Float>, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
        m: Int, k: Int, n: Int
    ) {
        for p in 0..<k {
            let aRow = a + p * m
            let bRow = b + p * n
            for i in 0..<m {
                let s = aRow[i]
                let cRow = c + i * n
                for j in 0..<n { cRow[j] += s * bRow[j] }
            }
        }
    }

    /// out[N,M] = inᵀ for in stored as [M,N].
    static func transpose(_ out: UnsafeMutablePointer<Float>, _ input: UnsafePointer<Float>, rows m: Int, cols n: Int) {
        for i in 0..<m {
            for j in 0..<n { out[j * m + i] = input[i * n + j] }
        }
    }
}
