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

    @Test("W_hy, b_y and E summed down to t=1 are the trainer's gradients, in both loss modes; E's step part is one row",
          arguments: CellKind.allCases)
    func outputAndEmbedding(cell: CellKind) throws {
        for mode in [LossMode.last, .every] {
            let config = ModelConfig(vocabulary: Vocabulary(text: SeedNotes.text), hidden: 12, lossMode: mode, cell: cell)
            let model = CharRNN(config: config, seed: 5)
            let trace = try model.trace(input: "Hello, RNN", target: mode == .last ? "!" : "ello, RNN!")
            let trainer = model.lossAndGradients(input: trace.input, target: trace.target).gradients
            let all = PartialGradients(trace: trace, from: 1)
            for (name, mine) in [(ParameterName.weightHY, all.output.values), (.biasY, all.outputBias), (.embedding, all.embedding.values)] {
                let theirs = trainer.matrix(name).values
                let scale = max(theirs.map(abs).max() ?? 0, 1e-6)
                #expect(mine.count == theirs.count && zip(mine, theirs).allSatisfy { abs($0 - $1) <= 1e-4 * scale }, "\(cell) \(mode) \(name)")
            }
            // 'l' is read at steps 3 and 4: E's row for it collects both, the step map only one.
            let at3 = PartialGradients(trace: trace, from: 3)
            let l = trace.step(3).token
            #expect((0..<at3.embeddingStep.rows).allSatisfy { $0 == l || at3.embeddingStep.row($0).allSatisfy { $0 == 0 } })
            let wih = trace.parameters.matrix(.weightIH)
            let both = zip(PartialGradients.embeddingContribution(trace.step(3), weightIH: wih),
                           PartialGradients.embeddingContribution(trace.step(4), weightIH: wih)).map { $0 + $1 }
            #expect(zip(at3.embedding.row(l), both).allSatisfy { abs($0 - $1) <= 1e-6 })
        }
    }
}
