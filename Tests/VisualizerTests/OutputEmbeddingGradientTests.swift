import Foundation
import ScopeNames
import Testing
@testable import RNNCore
@testable import Visualizer

/// The backward walk's sub-steps for the parameters outside the recurrent layer: W_hy and b_y
/// right after dL/dz_t, and the embedding E after the cell's weight gradients. Walked with the
/// keys, their sums so far reach, at t=1, the very gradient the trainer steps with.
@Suite("Output layer and embedding gradients in the backward walk")
struct OutputEmbeddingGradientTests {
    struct Setup: CustomStringConvertible, Sendable {
        let cell: CellKind
        let lossMode: LossMode
        var description: String { "\(cell.rawValue) \(lossMode.rawValue)" }
    }

    static let setups = CellKind.allCases.flatMap { cell in [LossMode.last, .every].map { Setup(cell: cell, lossMode: $0) } }

    func explorer(_ setup: Setup) throws -> Explorer {
        var spec = ModelSpec.notes
        spec.cell = setup.cell
        spec.lossMode = setup.lossMode
        spec.hidden = 16
        return try Explorer(spec: spec)
    }

    /// The number after the last " = " of the inspector line starting with `prefix`.
    func shown(_ explanation: StepExplanation, _ prefix: String) throws -> Double {
        let line = try #require(explanation.inspector.first { $0.hasPrefix(prefix) }, "no line \(prefix) in \(explanation.inspector)")
        return try #require(Double(line.components(separatedBy: " = ").last ?? ""), "\(line)")
    }

    static func close(_ a: Double, _ b: Float, scale: Float) -> Bool {
        abs(a - Double(b)) <= max(0.01 * abs(Double(b)), 2e-3 * Double(scale), 1e-6)
    }

    @Test("They come right after dL/dz_t and right after the cell's weight gradients, in every cell", arguments: CellKind.allCases)
    func order(cell: CellKind) {
        let backward = cell.walkthrough.sequence(.backward)
        #expect(backward[1] == .backward(.outputGradients))
        let grads = backward.firstIndex(of: .backward(.weightGradients)) ?? -1
        #expect(backward[grads + 1] == .backward(.embeddingGradient))
        #expect(SubStep(lessonName: "outgrads") == .backward(.outputGradients))
        #expect(SubStep(lessonName: "embedgrad") == .backward(.embeddingGradient))
    }

    @Test("Walked from t=T with space, the sums at t=1 are the trainer's dW_hy, db_y and dE", arguments: setups)
    func walkedSumsAreTheTrainersGradient(_ setup: Setup) throws {
        let e = try explorer(setup)
        _ = e.lab.train(epochs: 3)
        for _ in 0..<5 { e.handle(.down) }  // unit 5
        e.handle(.character("b"))
        let backward = setup.cell.walkthrough.sequence(.backward)
        let trace = e.trace
        // The gradient the trainer uses for this window: the same pass, not recording.
        let trainer = e.lab.model.lossAndGradients(input: trace.input, target: trace.target).gradients
        var seen = 0
        for _ in 0..<(trace.length * backward.count) {
            let frame = e.frame()
            let t = e.t, step = trace.step(t)
            switch e.subStep {
            case .backward(.outputGradients):
                let partial = try #require(frame.partialGradients)
                #expect(partial.from == t)
                // Only this step's own contribution in the step map; the inspector's sum matches the panel's.
                let c = frame.stepContext.focus
                let expected = step.dLogits[c] * step.h[5]
                #expect(abs(partial.outputStep[c, 5] - expected) <= 1e-6)
                // The inspector's sum so far is the panel's entry.
                #expect(Self.close(try shown(frame.explanation, "dW_hy[\(frame.stepContext.quoted(c)),5] so far"), partial.output[c, 5], scale: 1e-3))
                if setup.lossMode == .last, t < trace.length {
                    #expect(partial.outputStep.values.allSatisfy { $0 == 0 }, "no target before t=T in 'last' mode")
                    #expect(frame.explanation.inspector.first?.contains("dL/dz_t = 0") == true
                            || frame.explanation.inspector.first?.contains("dL/dlogits_t = 0") == true)
                }
                if t == 1 {
                    let why = trainer.matrix(.weightHY)
                    let scale = why.values.map(abs).max() ?? 1
                    #expect(zip(partial.output.values, why.values).allSatisfy { abs($0 - $1) <= 1e-4 * scale }, "\(setup) dW_hy")
                    let by = trainer.matrix(.biasY).values
                    #expect(zip(partial.outputBias, by).allSatisfy { abs($0 - $1) <= 1e-5 }, "\(setup) db_y")
                    #expect(Self.close(try shown(frame.explanation, "dW_hy[\(frame.stepContext.quoted(c)),5] so far"),
                                       trainer.value(.weightHY, [c, 5]), scale: scale), "\(setup) dW_hy on screen")
                    #expect(Self.close(try shown(frame.explanation, "db_y["), trainer.value(.biasY, [c]), scale: 1e-3), "\(setup) db_y on screen")
                }
                seen += 1
            case .backward(.embeddingGradient):
                let partial = try #require(frame.partialGradients)
                #expect(partial.from == t)
                // Only row c_t is touched at this step.
                for row in 0..<partial.embeddingStep.rows where row != step.token {
                    #expect(partial.embeddingStep.row(row).allSatisfy { $0 == 0 }, "\(setup) t=\(t): row \(row) of E touched")
                }
                #expect(partial.embeddingStep.row(step.token).contains { $0 != 0 })
                if t == 1 {
                    let emb = trainer.matrix(.embedding)
                    let scale = emb.values.map(abs).max() ?? 1
                    #expect(zip(partial.embedding.values, emb.values).allSatisfy { abs($0 - $1) <= 1e-4 * scale }, "\(setup) dE")
                    #expect(Self.close(try shown(frame.explanation, "dE[\(frame.stepContext.quoted(step.token)),5] so far"),
                                       trainer.value(.embedding, [step.token, 5]), scale: scale), "\(setup) dE on screen")
                }
                seen += 1
            default: break
            }
            e.handle(.character(" "))
        }
        #expect(seen == 2 * trace.length)
    }
}
