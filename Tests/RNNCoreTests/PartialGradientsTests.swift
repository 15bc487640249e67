import Testing
@testable import RNNCore

@Suite("Weight gradients as BPTT accumulates them")
struct PartialGradientsTests {
    @Test("Summed down to t=1 they are the pass's dW_hh and dW_ih; from t=T only the last step's", arguments: CellKind.allCases)
    func wholeSequence(cell: CellKind) throws {
        let text = SeedNotes.text
        let config = ModelConfig(vocabulary: Vocabulary(text: text), hidden: 12, lossMode: .every, cell: cell)
        let model = CharRNN(config: config, seed: 3)
        let trace = try model.trace(input: "Hello, RNN", target: "ello, RNN!")
        let all = PartialGradients(trace: trace, from: 1)
        let whh = trace.gradients.matrix(.weightHH), wih = trace.gradients.matrix(.weightIH)
        let scale = max(whh.values.map(abs).max() ?? 0, 1e-6)
        for (a, b) in zip(all.recurrent.values, whh.values) { #expect(abs(a - b) <= 1e-4 * scale, "\(cell) W_hh") }
        for (a, b) in zip(all.input.values, wih.values) { #expect(abs(a - b) <= 1e-4 * max(wih.values.map(abs).max() ?? 0, 1e-6), "\(cell) W_ih") }
        // Going back fills in: from t=T there is less than from t=1, and nothing from past the end.
        let last = PartialGradients(trace: trace, from: trace.length)
        #expect(last.recurrent.values != all.recurrent.values)
        #expect(PartialGradients(trace: trace, from: trace.length + 1).recurrent.values.allSatisfy { $0 == 0 })
    }
}
