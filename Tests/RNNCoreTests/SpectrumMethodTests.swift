import Foundation
import Testing
@testable import RNNCore

/// Issue 13, third round: ρ of a large W_hh block by Arnoldi instead of all eigenvalues, and the
/// Lanczos Ritz pairs by implicit QL instead of Jacobi rotations. Each against the dense method.
@Suite("ρ by Arnoldi; Ritz pairs by implicit QL")
struct SpectrumMethodTests {
    struct Numbers {
        var seed: UInt64
        /// Uniform in [-1, 1).
        mutating func next() -> Double {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(seed >> 11) / Double(1 << 52) - 1
        }
    }

    /// PyTorch's initialisation of a recurrent block, U(−1/√n, 1/√n): eigenvalues fill a disk,
    /// so the outermost ones are close together, and often a complex pair.
    func uniform(_ n: Int, seed: UInt64) -> Matrix {
        var numbers = Numbers(seed: seed)
        let k = 1 / Double(n).squareRoot()
        return Matrix(rows: n, cols: n, values: (0..<(n * n)).map { _ in Float(numbers.next() * k) })
    }

    @Test("Arnoldi's ρ equals all eigenvalues' to 1e-7 on PyTorch-like random blocks", arguments: [1, 2, 3])
    func randomBlocks(seed: UInt64) throws {
        let m = uniform(300, seed: seed)
        let arnoldi = try #require(ArnoldiRadius.largestModulus(m), "Arnoldi settles at n = 300")
        let dense = Eigenvalues.denseSpectralRadius(m)
        #expect(abs(arnoldi - dense) <= 1e-7 * dense, "seed \(seed): \(arnoldi) vs \(dense)")
        // Above the dense limit, spectralRadius is Arnoldi's.
        #expect(Eigenvalues.spectralRadius(m) == arnoldi)
    }

    /// A block-triangular matrix with known eigenvalues: the 2×2 blocks on the diagonal carry
    /// a ± b·i, the rest of the diagonal real values, small random entries above.
    func known(_ n: Int, seed: UInt64, pairs: [(Double, Double)], reals: [Double], rest: Double) -> (Matrix, Double) {
        var numbers = Numbers(seed: seed)
        var m = Matrix(rows: n, cols: n)
        var i = 0
        var radius = 0.0
        for (a, b) in pairs {
            m[i, i] = Float(a); m[i + 1, i + 1] = Float(a)
            m[i, i + 1] = Float(b); m[i + 1, i] = Float(-b)
            radius = max(radius, (Double(Float(a)) * Double(Float(a)) + Double(Float(b)) * Double(Float(b))).squareRoot())
            i += 2
        }
        for value in reals {
            m[i, i] = Float(value)
            radius = max(radius, abs(Double(Float(value))))
            i += 1
        }
        while i < n {
            m[i, i] = Float(numbers.next() * rest)
            i += 1
        }
        let above = 0.3 / Double(n).squareRoot()
        for r in 0..<n { for c in (r + 1)..<n where !(c == r + 1 && m[r + 1, r] != 0) { m[r, c] = Float(numbers.next() * above) } }
        return (m, radius)
    }

    @Test("A complex dominant pair: ρ = |a ± b·i|")
    func complexPair() throws {
        let (m, radius) = known(320, seed: 7, pairs: [(0.3, 0.8)], reals: [0.7, -0.65], rest: 0.6)
        let arnoldi = try #require(ArnoldiRadius.largestModulus(m))
        #expect(abs(arnoldi - radius) <= 1e-7 * radius, "\(arnoldi) vs \(radius)")
        #expect(abs(Eigenvalues.denseSpectralRadius(m) - radius) <= 1e-9)
    }

    @Test("Nearly equal outermost moduli (a real eigenvalue and a complex pair 1e-6 apart): the larger")
    func nearlyEqual() throws {
        let (m, radius) = known(300, seed: 11, pairs: [(0, 0.85)], reals: [-0.849999, 0.84], rest: 0.7)
        let value = try #require(ArnoldiRadius.largestModulus(m), "Arnoldi settles")
        #expect(abs(value - radius) <= 2e-7 * radius, "\(value) vs \(radius)")
        #expect(abs(value - Eigenvalues.denseSpectralRadius(m)) <= 2e-7 * radius)
    }

    @Test("A Krylov space that closes early (few distinct eigenvalues) falls back to all eigenvalues")
    func closedKrylovSpace() {
        var m = Matrix(rows: 300, cols: 300)
        for i in 0..<300 { m[i, i] = [0.5, -0.9, 0.2][i % 3] }
        #expect(ArnoldiRadius.largestModulus(m) == nil)
        #expect(abs(Eigenvalues.spectralRadius(m) - 0.9) < 1e-7)
    }

    @Test("Up to the dense limit ρ is still all eigenvalues' (the small models' screens unchanged)")
    func smallIsDense() {
        let m = uniform(64, seed: 5)
        #expect(Eigenvalues.spectralRadius(m) == Eigenvalues.denseSpectralRadius(m))
    }

    @Test("Implicit QL gives Jacobi's top Ritz value and last eigenvector entry, also with near-equal top values",
          arguments: [0, 1, 2, 3])
    func qlMatchesJacobi(kind: Int) throws {
        var numbers = Numbers(seed: UInt64(kind + 100))
        for m in [1, 2, 3, 8, 17, 32] {
            var alpha = (0..<m).map { _ in 1 + numbers.next() }
            var beta = (0..<max(0, m - 1)).map { _ in numbers.next() }
            switch kind {
            case 1: beta = beta.map { $0 * 1e-9 }  // nearly diagonal: converged Ritz values
            case 2:  // two equal diagonal blocks: top eigenvalue doubled
                if m >= 4 {
                    let half = m / 2
                    for i in 0..<half { alpha[half + i] = alpha[i] }
                    for i in 0..<(half - 1) { beta[half + i] = beta[i] }
                    beta[half - 1] = 1e-7
                }
            case 3: alpha = alpha.map { $0 * 1e-30 }; beta = beta.map { $0 * 1e-30 }  // tiny scale
            default: break
            }
            let ql = try #require(Lanczos.tridiagonalTop(alpha, beta), "m=\(m) kind \(kind)")
            let jacobi = Lanczos.jacobiRitzPair(alpha, beta)
            let scale = alpha.map(abs).max() ?? 1
            #expect(abs(ql.value - jacobi.value) <= 1e-12 * scale, "m=\(m) kind \(kind): \(ql.value) vs \(jacobi.value)")
            if kind != 2 {  // a doubled eigenvalue has no single eigenvector
                #expect(abs(abs(ql.last) - abs(jacobi.last)) <= 1e-7, "m=\(m) kind \(kind): \(ql.last) vs \(jacobi.last)")
            }
        }
    }
}
