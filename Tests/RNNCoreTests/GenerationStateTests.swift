import Foundation
@testable import RNNCore
import Testing

/// `GenerationState` lays the weights out for speed (`GenerationWeights`); what it reads must
/// stay the textbook loop's values bit for bit, since the generate and neuron views show them
/// and snapshots compare them byte for byte.
@Suite("GenerationState")
struct GenerationStateTests {
    /// The reading as it was written before the layout: W v + b with one running sum per row,
    /// over k in order, then the cell's step.
    struct TextbookState {
        let model: CharRNN
        var h: [Float]
        var c: [Float]

        init(model: CharRNN) {
            self.model = model
            h = [Float](repeating: 0, count: model.config.hidden)
            c = [Float](repeating: 0, count: model.config.hidden)
        }

        static func affine(_ W: [Float], _ v: [Float], _ b: [Float]) -> [Float] {
            var out = b
            for row in 0..<out.count {
                var sum: Float = 0
                for k in 0..<v.count { sum += W[row * v.count + k] * v[k] }
                out[row] += sum
            }
            return out
        }

        mutating func read(_ token: Int) -> [Float] {
            let p = model.parameters, H = model.config.hidden
            let x = Array(p[.embedding][(token * H)..<((token + 1) * H)])
            let q = Self.affine(p[.weightIH], x, p[.biasIH])
            let k = Self.affine(p[.weightHH], h, p[.biasHH])
            var next = [Float](repeating: 0, count: H)
            switch model.config.cell {
            case .rnn:
                var a = [Float](repeating: 0, count: H), row: Int32 = 0
                RNNCellMath.forward(a: &a, h: &next, product: k, table: q, tokens: &row, rows: 1, width: H, model.config.activation)
            case .gru: gated(GRUCellMath.self, q, k, &next)
            case .lstm: gated(LSTMCellMath.self, q, k, &next)
            }
            h = next
            return Self.affine(p[.weightHY], h, p[.biasY])
        }

        mutating func gated<Cell: GatedCellMath>(_ cell: Cell.Type, _ q: [Float], _ k: [Float], _ next: inout [Float]) {
            let H = h.count
            var gates = [Float](repeating: 0, count: Cell.gates.count * H)
            var cNext = [Float](repeating: 0, count: H), tanhC = [Float](repeating: 0, count: H)
            let cPrev = Cell.hasCellState ? c : [Float](repeating: 0, count: H)
            q.withUnsafeBufferPointer { q in
                k.withUnsafeBufferPointer { k in
                    h.withUnsafeBufferPointer { hp in
                        cPrev.withUnsafeBufferPointer { cp in
                            gates.withUnsafeMutableBufferPointer { g in
                                next.withUnsafeMutableBufferPointer { n in
                                    cNext.withUnsafeMutableBufferPointer { cn in
                                        tanhC.withUnsafeMutableBufferPointer { t in
                                            Cell.forward(GatedStepForward(
                                                inputTerm: q.baseAddress!, hiddenTerm: k.baseAddress!, gates: g.baseAddress!,
                                                hPrev: hp.baseAddress!, h: n.baseAddress!, cPrev: cp.baseAddress!, c: cn.baseAddress!,
                                                tanhC: t.baseAddress!), hidden: H)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if Cell.hasCellState { c = cNext }
        }
    }

    static func model(_ cell: CellKind, hidden: Int, seed: UInt64) throws -> CharRNN {
        let config = ModelConfig(vocabulary: try Vocabulary(text: SeedNotes.text), hidden: hidden, cell: cell)
        return CharRNN(config: config, parameters: .initialized(shape: config.shape, seed: seed))
    }

    @Test("Every h_t and every logit is the textbook loop's, bit for bit (odd and vector-wide H, every cell)",
          arguments: CellKind.allCases, [5, 16, 37, 64])
    func bitForBit(cell: CellKind, hidden: Int) throws {
        let model = try Self.model(cell, hidden: hidden, seed: UInt64(hidden))
        let tokens = try model.config.vocabulary.encode("Hello, RNN! Recurrent networks")
        var fast = GenerationState(model: model)
        var textbook = TextbookState(model: model)
        for (step, token) in tokens.enumerated() {
            let a = fast.read(token), b = textbook.read(token)
            #expect(a.map(\.bitPattern) == b.map(\.bitPattern), "\(cell) H=\(hidden) logits at step \(step)")
            #expect(fast.h.map(\.bitPattern) == textbook.h.map(\.bitPattern), "\(cell) H=\(hidden) h at step \(step)")
        }
    }

    @Test("A checkpoint restored continues exactly as the state it was taken from", arguments: CellKind.allCases)
    func checkpointRestores(cell: CellKind) throws {
        let model = try Self.model(cell, hidden: 24, seed: 3)
        let tokens = try model.config.vocabulary.encode("Hello, RNN")
        var state = GenerationState(model: model)
        for token in tokens.prefix(4) { state.read(token) }
        let saved = state.checkpoint
        for token in tokens.dropFirst(4) { state.read(token) }
        let through = state.checkpoint
        state.restore(saved)
        #expect(state.steps == 4)
        for token in tokens.dropFirst(4) { state.read(token) }
        #expect(state.checkpoint == through)
    }
}
