import Testing
@testable import RNNCore

@Suite("Finite checks")
struct FiniteCheckTests {
    @Test("One NaN or ±Inf anywhere, in the vectorised part or the tail, is found; extreme finite values are not")
    func everyPosition() {
        let finite: [Float] = (0..<37).map { i in
            [Float.greatestFiniteMagnitude, -.greatestFiniteMagnitude, -0.0, .leastNonzeroMagnitude, .leastNormalMagnitude / 4, 3][i % 6]
        }
        #expect(FiniteCheck.all(finite))
        #expect(FiniteCheck.all([]))
        for position in finite.indices {
            for bad in [Float.nan, .infinity, -.infinity, .signalingNaN] {
                var values = finite
                values[position] = bad
                #expect(!FiniteCheck.all(values), "\(bad) at \(position)")
            }
        }
    }

    @Test("Adam's second moments: a negative, NaN or ±Inf anywhere is found; zeros of either sign and extreme positives are not")
    func nonNegative() {
        let good: [Float] = (0..<37).map { i in [Float.greatestFiniteMagnitude, 0, -0.0, .leastNonzeroMagnitude, 1e-30, 3][i % 6] }
        #expect(FiniteCheck.allNonNegative(good))
        #expect(FiniteCheck.allNonNegative([]))
        for position in good.indices {
            for bad in [Float.nan, .infinity, -.infinity, -1e-30, -.leastNonzeroMagnitude, -3] {
                var values = good
                values[position] = bad
                #expect(!FiniteCheck.allNonNegative(values), "\(bad) at \(position)")
            }
        }
    }

    @Test("A trace is not finite when a weight it never reads is NaN, or when its loss overflows")
    func traceFlag() throws {
        let vocabulary = Vocabulary(text: "abcdefgh")
        let model = CharRNN(config: ModelConfig(vocabulary: vocabulary, hidden: 8), seed: 0)
        let input = try vocabulary.encode("abc"), target = try vocabulary.encode("d")
        #expect(try model.trace(input: input, target: target).isFinite)
        var unread = model
        let h = try vocabulary.encode("h")[0]
        unread.parameters.storage[unread.parameters.shape.offset(of: .embedding) + h * 8] = .nan
        let trace = try unread.trace(input: input, target: target)
        #expect(trace.loss.isFinite)
        #expect(!trace.isFinite)
        #expect(!trace.droppingParameterGradients().isFinite)
        var overflowing = model
        overflowing.parameters.storage[overflowing.parameters.shape.offset(of: .weightHY)] = .infinity
        #expect(!(try overflowing.trace(input: input, target: target).isFinite))
    }
}
