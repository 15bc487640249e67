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
    public func predictNext(_ prompts: [String]) throws -> [Unicode.Scalar] {
        try prompts.map { prompt in
            let tokens = try config.vocabulary.encode(prompt)
            guard !tokens.isEmpty else { throw RNNScopeError(Message("error.predict.empty")) }
            let logits = lastLogits(tokens)
            var best = 0
            for v in logits.indices where logits[v] > logits[best] { best = v }
            return config.vocabulary.symbol(at: best)
        }
    }

    /// Logits after the last character of `tokens`.
    public func lastLogits(_ tokens: [Int]) -> [Float] {
        let pass = makeSequencePass(config: config, lossMode: .last, batch: 1, steps: tokens.count, recording: false)
        return pass.lastLogits(parameters: parameters, inputs: tokens.map(Int32.init))
    }
}
