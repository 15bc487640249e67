import Localization

/// What defines a model besides its weights.
public struct ModelConfig: Equatable, Sendable {
    public var vocabulary: Vocabulary
    public var hidden: Int
    public var activation: Activation
    public var lossMode: LossMode
    /// The recurrent cell; `activation` applies to the plain RNN only (gates use σ and tanh).
    public var cell: CellKind

    public init(
        vocabulary: Vocabulary, hidden: Int, activation: Activation = .tanh, lossMode: LossMode = .last,
        cell: CellKind = .rnn
    ) {
        self.vocabulary = vocabulary
        self.hidden = hidden
        self.activation = activation
        self.lossMode = lossMode
        self.cell = cell
    }

    public var shape: ModelShape { ModelShape(vocabSize: vocabulary.count, hidden: hidden, cell: cell) }
}

/// The notes' model: embedding → RNN → linear, with its weights.
public struct CharRNN: Sendable {
    public var config: ModelConfig
    public var parameters: Parameters

    public init(config: ModelConfig, parameters: Parameters) {
        precondition(parameters.shape == config.shape)
        self.config = config
        self.parameters = parameters
    }

    /// A fresh model with PyTorch's initial distributions, reproducible from `seed`.
    public init(config: ModelConfig, seed: UInt64) {
        self.init(config: config, parameters: .initialized(shape: config.shape, seed: seed))
    }

    /// The most likely next character after each prompt (the notes' test).
    /// Prompts of one length share a pass, up to `predictionBatch` at a time: a pass lays out
    /// its weights for the kernels once (W_hhᵀ is 16 MB for an H=1024 LSTM), so three prompts
    /// cost one layout instead of three. Each row's sums are the one-prompt pass's, bit for bit.
    public func predictNext(_ prompts: [String]) throws -> [Unicode.Scalar] {
        let encoded = try prompts.map { prompt in
            let tokens = try config.vocabulary.encode(prompt)
            guard !tokens.isEmpty else { throw RNNScopeError(Message("error.predict.empty")) }
            return tokens
        }
        let V = config.vocabulary.count
        var answers = [Unicode.Scalar](repeating: " ", count: prompts.count)
        let byLength = Dictionary(grouping: encoded.indices) { encoded[$0].count }
        for length in byLength.keys.sorted() {
            let group = byLength[length] ?? []
            for start in stride(from: 0, to: group.count, by: Self.predictionBatch) {
                let rows = Array(group[start ..< min(start + Self.predictionBatch, group.count)])
                var inputs = [Int32](repeating: 0, count: length * rows.count)
                for (b, index) in rows.enumerated() {
                    for t in 0..<length { inputs[t * rows.count + b] = Int32(encoded[index][t]) }
                }
                let pass = makeSequencePass(config: config, lossMode: .last, batch: rows.count, steps: length, recording: false)
                let logits = pass.lastLogits(parameters: parameters, inputs: inputs)
                for (b, index) in rows.enumerated() {
                    var best = 0
                    for v in 0..<V where logits[b * V + v] > logits[b * V + best] { best = v }
                    answers[index] = config.vocabulary.symbol(at: best)
                }
            }
        }
        return answers
    }

    /// Prompts one prediction pass holds (a pass's buffers grow with it).
    static let predictionBatch = 64

    /// Logits after the last character of `tokens`.
    public func lastLogits(_ tokens: [Int]) -> [Float] {
        let pass = makeSequencePass(config: config, lossMode: .last, batch: 1, steps: tokens.count, recording: false)
        return pass.lastLogits(parameters: parameters, inputs: tokens.map(Int32.init))
    }
}
