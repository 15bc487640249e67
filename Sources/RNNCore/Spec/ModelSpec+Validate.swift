/// The limits of every model and training run, whoever asks for it: they keep each buffer of
/// the batched pass under 128 MB, so no input can make rnnscope allocate gigabytes.
public enum ModelLimits {
    public static let hidden = 1...1024
    public static let window = 1...100_000
    public static let stride = 1...100_000
    /// Largest steps × width any one buffer of a pass may hold (2^25 floats, 128 MB).
    public static let maxActivations = 1 << 25
}

/// What is wrong with a spec, and which of its fields: each front end names the field its own
/// way (`--window`, or the lesson line that set it).
public struct SpecError: Error, Sendable, Equatable {
    public enum Field: String, Sendable {
        case text, window, stride, cell, activation, hidden, loss, lr, clip, clipValue, holdout
    }

    public let field: Field
    public let message: String

    public init(_ field: Field, _ message: String) {
        self.field = field
        self.message = message
    }
}

extension ModelSpec {
    /// Checks every limit; the first problem found is thrown as a `SpecError`. Without
    /// `forTraining` only the model's own fields are checked (a trace needs no windows).
    public func validate(forTraining: Bool = true) throws {
        guard !text.isEmpty else { throw SpecError(.text, "the text is empty") }
        guard ModelLimits.hidden.contains(hidden) else { throw SpecError(.hidden, "\(hidden) is out of range \(ModelLimits.hidden)") }
        guard ModelLimits.window.contains(window) else { throw SpecError(.window, "\(window) is out of range \(ModelLimits.window)") }
        guard ModelLimits.stride.contains(stride) else { throw SpecError(.stride, "\(stride) is out of range \(ModelLimits.stride)") }
        if cell.isGated, activation != .tanh {
            throw SpecError(.activation, "'\(activation.rawValue)' applies to the rnn cell only; a \(cell.rawValue) uses σ and tanh in its gates")
        }
        try validateTraining()
        guard holdout >= 0 else { throw SpecError(.holdout, "\(holdout) is negative: it counts the windows held out for validation") }
        guard forTraining else { return }
        guard textLength >= window + 1 else {
            throw SpecError(.window, "the text has \(textLength) characters; a window of \(window) needs at least \(window + 1)")
        }
        do { _ = try vocabulary.encode(text) } catch let error as RNNScopeError {
            throw SpecError(.text, "the text does not fit the vocabulary: \(error.message)")
        }
        guard holdout < windowCount else {
            throw SpecError(.holdout, "\(holdout) leaves no window to train on: the text has \(windowCount) window\(windowCount == 1 ? "" : "s"), so at most \(windowCount - 1) can be held out")
        }
        // The largest per-step buffer: H for the RNN, G·H for a gated cell's gates.
        let width = config.shape.gateRows
        guard window * windowCount <= ModelLimits.maxActivations / width else {
            throw SpecError(.window, "\(windowCount) window\(windowCount == 1 ? "" : "s") × \(window) steps × \(hidden) units is too much to train full-batch; use a shorter text, window or hidden size, or a larger stride")
        }
        // The output buffers hold V scores per scored step: a text of many distinct characters makes V large.
        let scoredSteps = windowCount * (lossMode == .every ? window : 1)
        guard scoredSteps <= ModelLimits.maxActivations / max(1, vocabulary.count) else {
            throw SpecError(.window, "\(scoredSteps) scored steps × \(vocabulary.count) characters is too much to train full-batch; use a shorter text, loss last or a larger stride")
        }
    }

    /// The learning rate and clipping thresholds: positive and finite.
    public func validateTraining() throws {
        let range: ClosedRange<Float> = Float.leastNonzeroMagnitude...Float.greatestFiniteMagnitude
        guard range.contains(training.learningRate) else {
            throw SpecError(.lr, "\(training.learningRate) must be a positive finite number")
        }
        if let clip = training.clipNorm, !range.contains(clip) { throw SpecError(.clip, "\(clip) must be a positive finite number") }
        if let clip = training.clipValue, !range.contains(clip) { throw SpecError(.clipValue, "\(clip) must be a positive finite number") }
    }

    /// Validates, then makes the data and the model: `parameters` when given (they must have
    /// this spec's shape), else a fresh initialisation from `seed`. With `makeModel`, the one
    /// place models are made.
    public func build(parameters: Parameters? = nil) throws -> (model: CharRNN, data: TrainingSet) {
        try validate()
        if let parameters, parameters.shape != config.shape {
            throw SpecError(.hidden, "the weights are \(parameters.shape.hidden) units of a \(parameters.shape.cell.rawValue); the spec asks for \(hidden) of a \(cell.rawValue)")
        }
        let data = try TrainingSet(text: text, vocabulary: vocabulary, window: window, lossMode: lossMode, stride: stride)
        return (makeModel(parameters: parameters), data)
    }

    /// The trainer of `model` on `data`'s first windows, the last `holdout` of them kept apart
    /// as its validation set; `data` is what `build` made from this spec.
    public func makeTrainer(model: CharRNN, data: TrainingSet, startingEpoch: Int = 0) -> Trainer {
        let split = data.split(holdout: holdout)
        return Trainer(model: model, data: split.training, options: training, startingEpoch: startingEpoch, validation: split.validation)
    }

    /// The model alone: `parameters` (of this spec's shape), or fresh weights from `seed`.
    /// Callers validate first (`build` does).
    public func makeModel(parameters: Parameters? = nil) -> CharRNN {
        parameters.map { CharRNN(config: config, parameters: $0) } ?? CharRNN(config: config, seed: seed)
    }
}
