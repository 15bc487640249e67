import Testing
@testable import RNNCore

/// Weight gradients (dW_hh = Σ_t dGᵀ_t·h_{t-1}, dW_ih) from a row-major copy of dGᵀ must be the
/// strided product's values exactly: the trace's JSON and training's losses do not move.
@Suite("The product with a transposed-stored A")
struct SlabProductTests {
    @Test("addProductOfStoredTranspose equals addProduct(aRow: 1, aCol: ldat) bit for bit (slab, K-block and strip edges; accumulate or not)",
          arguments: [(1, 1, 1), (7, 5, 17), (96, 256, 16), (97, 257, 33), (200, 530, 40), (13, 0, 20)])
    func matchesStrided(m: Int, k: Int, n: Int) {
        var seed: UInt64 = 4242
        func next() -> Float {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int(seed >> 40) % 2001 - 1000) / 317
        }
        let ldat = m + 3, ldb = n + 5, ldc = n + 2
        let at = (0..<(max(k, 1) * ldat + 16)).map { _ in next() }
        let b = (0..<(max(k, 1) * ldb + 16)).map { _ in next() }
        let start = (0..<(m * ldc + 16)).map { _ in next() }
        for accumulate in [false, true] {
            var expected = start, got = start
            at.withUnsafeBufferPointer { ap in
                b.withUnsafeBufferPointer { bp in
                    expected.withUnsafeMutableBufferPointer { cp in
                        Kernels.addProduct(cp.baseAddress!, ldc: ldc, ap.baseAddress!, aRow: 1, aCol: ldat, bp.baseAddress!, ldb: ldb,
                                           m: m, k: k, n: n, accumulate: accumulate)
                    }
                    got.withUnsafeMutableBufferPointer { cp in
                        Kernels.addProductOfStoredTranspose(cp.baseAddress!, ldc: ldc, ap.baseAddress!, ldat: ldat, bp.baseAddress!, ldb: ldb,
                                                            m: m, k: k, n: n, accumulate: accumulate)
                    }
                }
            }
            #expect(got.map(\.bitPattern) == expected.map(\.bitPattern), "m=\(m) k=\(k) n=\(n) accumulate=\(accumulate)")
            if k > 0 { #expect(got != start) }
        }
    }
}
