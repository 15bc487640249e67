import Foundation
import Testing
@testable import RNNCore

/// The PyTorch reference fixtures written by scripts/make_fixtures.py.
enum Fixtures {
    static func url(_ name: String) throws -> URL {
        try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"),
                     "missing fixture \(name); run python3 scripts/make_fixtures.py")
    }

    static func path(_ name: String) throws -> String { try url(name).path }

    static func load<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(contentsOf: url(name)))
    }

    /// The model stored in a fixture's weight file, with the fixture's settings.
    static func model(weights: String, text: String, activation: String = "tanh", loss: String) throws -> CharRNN {
        let contents = try WeightFile.load(path(weights), fallbackVocabulary: Vocabulary(text: text))
        let config = ModelConfig(
            vocabulary: contents.vocabulary, hidden: contents.parameters.shape.hidden,
            activation: try #require(Activation(rawValue: activation)), lossMode: try #require(LossMode(rawValue: loss)),
            cell: contents.cell)
        return CharRNN(config: config, parameters: contents.parameters)
    }
}

/// A gradient in PyTorch's shape, decoded from either a vector or a matrix.
struct TensorValues: Decodable {
    let flat: [Float]

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let vector = try? container.decode([Float].self) {
            flat = vector
        } else {
            flat = try container.decode([[Float]].self).flatMap { $0 }
        }
    }
}

struct TraceFixture: Decodable {
    struct Step: Decodable {
        let t: Int
        let char: String
        let x, h_prev, a, h, logits, probs, dh, da: [Float]
    }
    let name, text, activation, loss, input, target, weights: String
    let hidden, seed: Int
    let vocab: [String]
    let loss_value: Float
    let steps: [Step]
    let grads: [String: TensorValues]
}

/// scripts/make_gated_fixtures.py's record of a GRU or LSTM pass.
struct GatedTraceFixture: Decodable {
    struct Step: Decodable {
        let t: Int
        let char: String
        let x, h_prev, h, logits, probs, dh: [Float]
        let gates, dgates: [String: [Float]]
        let c_prev, c, dc: [Float]?
    }
    let name, cell, text, loss, input, target, weights: String
    let hidden, seed: Int
    let vocab: [String]
    let loss_value: Float
    let steps: [Step]
    let grads: [String: TensorValues]
}

struct BatchFixture: Decodable {
    let name, text, loss, weights: String
    /// The plain RNN's non-linearity; gated fixtures name their `cell` instead.
    let activation, cell: String?
    let window, hidden, seed: Int
    let loss_value: Float
    let grads: [String: TensorValues]
}

struct TrainFixture: Decodable {
    struct Prediction: Decodable {
        let input: String
        let next: String
    }
    let name, text, loss, optimizer, weights: String
    let activation, cell: String?
    let window, hidden, epochs, seed: Int
    let lr: Float
    let clip: Float?
    let losses: [Float]
    let predictions: [Prediction]
}

/// Asserts |a − b| ≤ rtol·(|b| + 0.01·max|b|) element-wise: relative to each value, with a
/// floor at 1% of the tensor's scale for entries that are sums cancelling to near zero.
func expectClose(
    _ actual: [Float], _ expected: [Float], rtol: Float = 1e-4, _ what: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    guard actual.count == expected.count else {
        Issue.record("\(what): \(actual.count) values, expected \(expected.count)", sourceLocation: sourceLocation)
        return
    }
    let scale = expected.reduce(Float(0)) { max($0, abs($1)) }
    var worst: (index: Int, error: Float) = (-1, 0)
    for i in expected.indices {
        let allowed = rtol * (abs(expected[i]) + 0.01 * scale) + 1e-9
        let excess = abs(actual[i] - expected[i]) / allowed
        if !(excess <= 1) && (worst.index < 0 || excess > worst.error) { worst = (i, excess) }
    }
    if worst.index >= 0 {
        let i = worst.index
        Issue.record("\(what)[\(i)]: \(actual[i]) vs PyTorch \(expected[i]) (\(worst.error)× the tolerance)",
                     sourceLocation: sourceLocation)
    }
}
