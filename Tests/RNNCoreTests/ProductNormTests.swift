import Foundation
import Testing
@testable import RNNCore

/// Issue 13: the fast paths behind `trace --json` and the gradients view at H=1024 give the
/// numbers the slow ones give.
@Suite("Jacobian norms by batched products; the one-row matrix product")
struct ProductNormTests {
    /// A 40-step pass over the long text (enough steps for two worker threads of 16-step batches).
    func trace(_ cell: CellKind, hidden: Int, steps: Int = 40) throws -> Trace {
        let text = String(String.UnicodeScalarView(LongText.text.unicodeScalars.prefix(steps + 1)))
        let config = ModelConfig(vocabulary: Vocabulary(text: LongText.text), hidden: hidden, cell: cell)
        let input = String(text.dropLast()), target = String(text.suffix(1))
        return try CharRNN(config: config, seed: 3).trace(input: input, target: target)
    }

    @Test("Batched Float products, stopped at the analysis' tolerance, give each step's ‖J‖₂ of the formed Jacobian to 1e-5 (the screen prints 3 digits)",
          arguments: [CellKind.gru, .lstm], [8, 24, 64])
    func batchedMatchesDense(cell: CellKind, hidden: Int) throws {
        let trace = try trace(cell, hidden: hidden, steps: 24)
        let whh = trace.parameters.matrix(.weightHH)
        var reported: [Int] = []
        let norms = GradientAnalysis.batchedProductNorms(
            steps: trace.length, weights: whh, tolerance: GradientAnalysis.productTolerance,
            factors: { cell.math.jacobianProducts(trace.step($0)) },
            progress: { reported.append($0); return true })
        let values = try #require(norms)
        #expect(reported == Array(1...trace.length), "progress once per step")
        for t in 1...trace.length {
            let dense = SpectralNorm.largestSingularValue(StateJacobian.matrix(trace, step: t))
            #expect(abs(values[t - 1] - dense) <= 1e-5 * dense, "\(cell) H=\(hidden) t=\(t): \(values[t - 1]) vs \(dense)")
        }
    }

    /// The plain RNN's warm-started power iteration once stopped on a value change of 1e-10 per
    /// iteration, which at H=64 here left step 1 off by 8e-4 (the third printed digit); it now
    /// stops on the residual, and falls back to Lanczos.
    @Test("The plain RNN's warm-started norms (every H) equal the formed diag(f')·W_hh's to 1e-5", arguments: [8, 24, 64])
    func rnnMatchesDense(hidden: Int) throws {
        let trace = try trace(.rnn, hidden: hidden, steps: 24)
        let analysis = GradientAnalysis(trace: trace)
        for t in 1...trace.length {
            let dense = SpectralNorm.largestSingularValue(StateJacobian.matrix(trace, step: t))
            #expect(abs(analysis.jacobianNorms[t - 1] - dense) <= 1e-5 * dense, "H=\(hidden) t=\(t)")
        }
    }

    /// LSTM H=136 (S=272) and GRU H=264: both above `formedJacobianLimit`, so by products.
    @Test("One thread and two, with or without the head start during the pass, give the same Jacobian norms, σ_max and ρ bit for bit",
          arguments: [(CellKind.lstm, 136), (.gru, 264)])
    func threadsChangeNothing(cell: CellKind, hidden: Int) throws {
        #expect(StateJacobian.stateSize(cell, hidden: hidden) > GradientAnalysis.formedJacobianLimit)
        let text = String(String.UnicodeScalarView(LongText.text.unicodeScalars.prefix(41)))
        let model = CharRNN(config: ModelConfig(vocabulary: Vocabulary(text: LongText.text), hidden: hidden, cell: cell), seed: 3)
        let input = String(text.dropLast()), target = String(text.suffix(1))
        let trace = try model.trace(input: input, target: target)
        let single = GradientAnalysis.batchedProductNorms(
            steps: trace.length, weights: trace.parameters.matrix(.weightHH), tolerance: GradientAnalysis.productTolerance,
            factors: { cell.math.jacobianProducts(trace.step($0)) }, progress: { _ in true })
        let one = try #require(GradientAnalysis.interruptible(trace: trace, threads: 1) { _, _ in true })
        var last = 0
        let two = try #require(GradientAnalysis.interruptible(trace: trace, threads: 2) { done, _ in
            last = done
            return true
        })
        // Started with the pass: σ_max and ρ during the forward pass, the norms as its steps come.
        let headStart = AnalysisHeadStart(config: model.config, parameters: model.parameters, threads: 2)
        #expect(headStart.streams)
        let streamedTrace = try model.trace(input: input, target: target, headStart: headStart)
        let streamed = try #require(GradientAnalysis.interruptible(trace: streamedTrace, headStart: headStart) { _, _ in true })
        #expect(one.jacobianNorms == single)
        #expect(!one.jacobianNorms.contains { $0.isNaN })
        for other in [two, streamed] {
            #expect(other.jacobianNorms == one.jacobianNorms)
            #expect(other.sigmaMax.bitPattern == one.sigmaMax.bitPattern)
            #expect(other.spectralRadius.bitPattern == one.spectralRadius.bitPattern)
            #expect(other.dhNorms == one.dhNorms)
        }
        #expect(streamedTrace.loss == trace.loss)
        #expect(last == trace.length, "the last progress counts every step")
        // Refusing progress stops both threads and gives nothing.
        #expect(GradientAnalysis.interruptible(trace: trace, threads: 2) { _, _ in false } == nil)
    }

    @Test("A head start whose trace fails (a target outside the vocabulary) ends its thread; the next trace analyses as usual")
    func abandonedHeadStart() throws {
        let config = ModelConfig(vocabulary: Vocabulary(text: LongText.text), hidden: 136, cell: .lstm)
        let model = CharRNN(config: config, seed: 3)
        let headStart = AnalysisHeadStart(config: config, parameters: model.parameters, threads: 2)
        #expect(throws: RNNScopeError.self) { try model.trace(input: "the", target: "\u{1F600}", headStart: headStart) }
        #expect(headStart.spectrum().sigmaMax > 0, "the second thread finished")
        let again = AnalysisHeadStart(config: config, parameters: model.parameters, threads: 2)
        let trace = try model.trace(input: "the", target: " ", headStart: again)
        let analysis = try #require(GradientAnalysis.interruptible(trace: trace, headStart: again) { _, _ in true })
        #expect(analysis.jacobianNorms == GradientAnalysis(trace: trace).jacobianNorms)
    }

    @Test("The analysis' packed product equals addProduct with fused multiply-adds bit for bit (partial panels and strips, A or Aᵀ)",
          arguments: [(13, 37, 16), (6, 5, 20), (1, 64, 16), (25, 300, 32), (30, 70, 48), (12, 9, 40), (37, 11, 64)])
    func packedProduct(m: Int, k: Int, n: Int) {
        var seed: UInt64 = 777
        func next() -> Float {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int(seed >> 40) % 2001 - 1000) / 317
        }
        let matrix = Matrix(rows: m, cols: k, values: (0..<(m * k)).map { _ in next() })
        let b = (0..<(max(m, k) * n + 16)).map { _ in next() }  // 16 of slack: lanes read past column n
        for transposed in [false, true] {
            let (rows, depth) = transposed ? (k, m) : (m, k)
            let packed = PackedRows(matrix, transposed: transposed)
            var expected = [Float](repeating: 0, count: rows * n), got = expected
            matrix.values.withUnsafeBufferPointer { ap in
                b.withUnsafeBufferPointer { bp in
                    expected.withUnsafeMutableBufferPointer { cp in
                        Kernels.addProduct(cp.baseAddress!, ldc: n, ap.baseAddress!, aRow: transposed ? 1 : k, aCol: transposed ? k : 1,
                                           bp.baseAddress!, ldb: n, m: rows, k: depth, n: n, accumulate: false, fused: true)
                    }
                    got.withUnsafeMutableBufferPointer { cp in
                        Kernels.packedProduct(cp.baseAddress!, ldc: n, packed, bp.baseAddress!, ldb: n, n: n)
                    }
                }
            }
            #expect(got.map(\.bitPattern) == expected.map(\.bitPattern), "m=\(rows) k=\(depth) n=\(n)")
            #expect(got.contains { $0 != 0 })
        }
    }

    @Test("A one-row product (every unbatched step) sums each entry in plain order: equal bit for bit to the scalar loop",
          arguments: [(1, 7, 5), (1, 33, 64 * 2 + 16 + 5), (1, 200, 64), (3, 20, 70)])
    func oneRowProduct(m: Int, k: Int, n: Int) {
        var seed: UInt64 = 12345
        func next() -> Float {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int(seed >> 40) % 2001 - 1000) / 317
        }
        let a = (0..<(m * k)).map { _ in next() }
        let b = (0..<(k * n + 16)).map { _ in next() }  // 16 of slack: lanes read past column n
        let start = (0..<(m * n)).map { _ in next() }
        let bias = (0..<(n + 16)).map { _ in next() }
        // Plain, from a bias row (the gated passes' b_hh), and with fused multiply-adds (their
        // backward dL/dh product): the one-row path must honour both as the tiles do.
        for (accumulate, biased, fused) in [(false, false, false), (true, false, false), (false, true, false), (true, false, true), (false, true, true)] {
            var c = start
            a.withUnsafeBufferPointer { ap in
                b.withUnsafeBufferPointer { bp in
                    bias.withUnsafeBufferPointer { biasp in
                        c.withUnsafeMutableBufferPointer { cp in
                            Kernels.addProduct(cp.baseAddress!, ldc: n, ap.baseAddress!, aRow: k, aCol: 1, bp.baseAddress!, ldb: n,
                                               m: m, k: k, n: n, accumulate: accumulate, bias: biased ? biasp.baseAddress : nil, fused: fused)
                        }
                    }
                }
            }
            for i in 0..<m {
                for j in 0..<n {
                    var sum: Float = accumulate ? start[i * n + j] : biased ? bias[j] : 0
                    for p in 0..<k { sum = fused ? sum.addingProduct(b[p * n + j], a[i * k + p]) : sum + b[p * n + j] * a[i * k + p] }
                    #expect(c[i * n + j].bitPattern == sum.bitPattern, "m=\(m) k=\(k) n=\(n) bias=\(biased) fused=\(fused) (\(i), \(j))")
                }
            }
        }
    }
}
