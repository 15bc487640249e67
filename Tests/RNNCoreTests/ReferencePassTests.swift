import Testing
@testable import RNNCore

/// The readable reference passes (Sources/RNNCore/Reference/) as a second oracle: they agree
/// with the SIMD passes and with PyTorch, and they move when the weights do.
@Suite("Reference pass")
struct ReferencePassTests {
    struct Case: CustomStringConvertible, Sendable {
        let cell: CellKind
        let activation: Activation
        let lossMode: LossMode
        var description: String { "\(cell.rawValue) \(activation.rawValue) \(lossMode.rawValue)" }
    }

    static let cases: [Case] = [LossMode.last, .every].flatMap { mode in
        [
            Case(cell: .rnn, activation: .tanh, lossMode: mode), Case(cell: .rnn, activation: .relu, lossMode: mode),
            Case(cell: .gru, activation: .tanh, lossMode: mode), Case(cell: .lstm, activation: .tanh, lossMode: mode),
        ]
    }

    /// A model with 20 units (one whole lane and a partial one) and a sequence from its text.
    static func example(_ c: Case, seed: UInt64 = 9) throws -> (model: CharRNN, input: [Int], target: [Int]) {
        let text = GradientCheckTests.text
        let config = ModelConfig(
            vocabulary: Vocabulary(text: text), hidden: 20, activation: c.activation, lossMode: c.lossMode, cell: c.cell)
        let tokens = try config.vocabulary.encode(text)
        let input = Array(tokens[4..<16])
        let target = c.lossMode == .last ? [tokens[16]] : Array(tokens[5..<17])
        return (CharRNN(config: config, seed: seed), input, target)
    }

    @Test("The reference pass and the fast pass agree on the loss and every gradient", arguments: cases)
    func matchesFastPass(c: Case) throws {
        let (model, input, target) = try Self.example(c)
        let reference = model.referenceLossAndGradients(input: input, target: target)
        let fast = model.lossAndGradients(input: input, target: target)
        expectClose([reference.loss], [fast.loss], "\(c) loss")
        for name in ParameterName.allCases {
            expectClose(reference.gradients[name], fast.gradients[name], "\(c) d\(name.rawValue)")
            #expect(reference.gradients[name].contains { $0 != 0 }, "\(c) d\(name.rawValue) is all zeros")
        }
    }

    @Test("The reference pass matches PyTorch's recorded passes", arguments: [
        "trace_seed_h64_tanh_last", "trace_seed_h32_relu_every", "trace_seed_h16_tanh_every_long",
        "trace_seed_h32_relu_last_long", "trace_zh_h32_tanh_last", "trace_zh_h16_relu_every",
        "gated_gru_h32_last", "gated_gru_h16_every_long", "gated_lstm_h32_last", "gated_lstm_h16_every_long",
        "gated_lstm_h32_zh_every",
    ])
    func matchesPyTorch(name: String) throws {
        let fixture = try Fixtures.load(ReferenceFixture.self, "\(name).json")
        let model = try Fixtures.model(
            weights: fixture.weights, text: fixture.text, activation: fixture.activation ?? "tanh", loss: fixture.loss)
        let vocabulary = model.config.vocabulary
        let reference = model.referenceLossAndGradients(
            input: try vocabulary.encode(fixture.input), target: try vocabulary.encode(fixture.target))
        expectClose([reference.loss], [fixture.loss_value], "\(name) loss")
        for parameter in ParameterName.allCases {
            let expected = try #require(fixture.grads[parameter.rawValue], "fixture lacks \(parameter.rawValue)")
            expectClose(reference.gradients[parameter], expected.flat, "\(name) d\(parameter.rawValue)")
        }
    }

    @Test("A perturbed weight moves the reference's loss and gradients past the tolerance, and the fast pass follows",
          arguments: CellKind.allCases)
    func perturbedWeight(cell: CellKind) throws {
        let (model, input, target) = try Self.example(Case(cell: cell, activation: .tanh, lossMode: .every))
        var perturbed = model
        perturbed.parameters[.weightHH] = model.parameters[.weightHH].map { $0 * 2 }
        let before = model.referenceLossAndGradients(input: input, target: target)
        let after = perturbed.referenceLossAndGradients(input: input, target: target)
        #expect(!isClose([after.loss], [before.loss]), "\(cell): the loss ignores W_hh")
        for name in ParameterName.allCases {
            #expect(!isClose(after.gradients[name], before.gradients[name]), "\(cell): d\(name.rawValue) ignores W_hh")
        }
        let fast = perturbed.lossAndGradients(input: input, target: target)
        expectClose([after.loss], [fast.loss], "\(cell) perturbed loss")
        for name in ParameterName.allCases {
            expectClose(after.gradients[name], fast.gradients[name], "\(cell) perturbed d\(name.rawValue)")
        }
    }

    @Test("A changed target changes the reference's loss", arguments: CellKind.allCases)
    func changedTarget(cell: CellKind) throws {
        let (model, input, target) = try Self.example(Case(cell: cell, activation: .tanh, lossMode: .last))
        let other = [(target[0] + 1) % model.config.vocabulary.count]
        let loss = model.referenceLossAndGradients(input: input, target: target).loss
        let otherLoss = model.referenceLossAndGradients(input: input, target: other).loss
        #expect(!isClose([otherLoss], [loss]))
        #expect(abs(otherLoss - model.lossAndGradients(input: input, target: other).loss) <= 1e-4 * otherLoss)
    }
}

/// The fields of a trace fixture (plain or gated) that the reference pass is checked against.
struct ReferenceFixture: Decodable {
    let weights, text, loss, input, target: String
    let activation: String?
    let loss_value: Float
    let grads: [String: TensorValues]
}

/// `expectClose`'s rule as a value: whether every element is within tolerance.
func isClose(_ actual: [Float], _ expected: [Float], rtol: Float = 1e-4) -> Bool {
    guard actual.count == expected.count else { return false }
    let scale = expected.reduce(Float(0)) { max($0, abs($1)) }
    return zip(actual, expected).allSatisfy { a, e in abs(a - e) <= rtol * (abs(e) + 0.01 * scale) + 1e-9 }
}
