import Localization
/// The limits of every model and training run, whoever asks for it: they keep each buffer of
/// the batched pass under 32 MB and a whole run under 500 MB, so no input can make rnnscope
/// allocate gigabytes. Every front end (flags, lesson front matter and directives, the
/// explorer's keys) goes through `ModelSpec.validate()` and `ModelSpec.checkSequence(_:)`.
public enum ModelLimits {
    public static let hidden = 1...1024
    public static let window = 1...100_000
    public static let stride = 1...100_000
    /// Windows per mini-batch (`--batch-size`); the activation limits below apply to them.
    public static let batchSize = 1...1_000_000
    /// Optimizer steps one `--steps` or lesson `steps:` may ask for.
    public static let steps = 1...100_000_000
    /// Largest steps × width any one buffer of a training pass may hold (2^23 floats, 32 MB;
    /// a pass keeps about a dozen such buffers, so an epoch stays under ~400 MB).
    public static let maxActivations = 1 << 23
    /// Steps × hidden units one recorded pass (a trace: the sequence on screen, a typed or
    /// lesson `input:`, `rnnscope trace`) may hold. A trace keeps every step's vectors (for a
    /// gated cell, every gate's too) and the analysis a Jacobian per step: 2^21 keeps it under
    /// ~250 MB for every cell (32,768 characters at H=64, 2,048 at H=1024).
    public static let maxTracedStepUnits = 1 << 21
    /// Typed text may always be this long, even when the text is shorter (within the trace limit).
    public static let typedLength = 200
}

/// What is wrong with a spec, and which of its fields: each front end names the field its own
/// way (`--window`, or the lesson line that set it).
public struct SpecError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Field: String, Sendable {
        case text, window, stride, cell, activation, hidden, loss, lr, clip, clipValue, holdout, batchSize
    }

    public let field: Field
    public let sentence: Message

    public init(_ field: Field, _ sentence: Message) {
        self.field = field
        self.sentence = sentence
    }

    /// The English message.
    public var message: String { sentence.english }

    public var description: String { message }
}

extension ModelSpec {
    /// Checks every limit; the first problem found is thrown as a `SpecError`. Without
    /// `forTraining` only the model's own fields are checked (a trace needs no windows).
    /// With `recording` (the explorer, lessons: the window on screen is traced) the window must
    /// also fit the trace limit; `rnnscope train` records no pass.
    public func validate(forTraining: Bool = true, recording: Bool = true) throws {
        guard !text.isEmpty else { throw SpecError(.text, Message("error.spec.text_empty")) }
        guard ModelLimits.hidden.contains(hidden) else { throw SpecError(.hidden, Self.outOfRange(hidden, ModelLimits.hidden)) }
        guard ModelLimits.window.contains(window) else { throw SpecError(.window, Self.outOfRange(window, ModelLimits.window)) }
        guard ModelLimits.stride.contains(stride) else { throw SpecError(.stride, Self.outOfRange(stride, ModelLimits.stride)) }
        if cell.isGated, activation != .tanh {
            throw SpecError(.activation, Message("error.spec.activation_gated", ["activation": activation.rawValue, "cell": cell.rawValue]))
        }
        try validateTraining()
        if let size = training.batchSize, !ModelLimits.batchSize.contains(size) {
            throw SpecError(.batchSize, Self.outOfRange(size, ModelLimits.batchSize))
        }
        guard holdout >= 0 else { throw SpecError(.holdout, Message("error.spec.holdout_negative", ["value": String(holdout)])) }
        guard forTraining else { return }
        // Counted once: a 10 MB text has 10 M characters to count.
        let textLength = self.textLength
        let windowCount = max(0, (textLength - window - 1) / max(1, stride) + 1)
        guard textLength >= window + 1 else {
            throw SpecError(.window, Message("error.spec.text_short", ["length": String(textLength), "window": String(window), "needed": String(window + 1)]))
        }
        do { try vocabulary.checkSpelling(text) } catch let error as RNNScopeError {
            throw SpecError(.text, Message("error.spec.text_vocabulary", nested: ["message": error.sentence]))
        }
        guard holdout < windowCount else {
            throw SpecError(.holdout, Message(windowCount == 1 ? "error.spec.holdout_all_one" : "error.spec.holdout_all", [
                "value": String(holdout), "count": String(windowCount), "max": String(windowCount - 1),
            ]))
        }
        // The largest per-step buffer: H for the RNN, G·H for a gated cell's gates. Full-batch
        // it holds every window; with a batch size only one batch's (and the validation windows
        // are scored in batches too), so memory never grows with the text.
        let width = config.shape.gateRows
        if let size = training.batchSize, size < windowCount {
            guard window * size <= ModelLimits.maxActivations / width else {
                throw SpecError(.batchSize, Message("error.spec.batch_too_large", [
                    "size": String(size), "window": String(window), "hidden": String(hidden), "limit": String(ModelLimits.maxActivations),
                ]))
            }
            let scoredSteps = size * (lossMode == .every ? window : 1)
            guard scoredSteps <= ModelLimits.maxActivations / max(1, vocabulary.count) else {
                throw SpecError(.batchSize, Message("error.spec.batch_scores", [
                    "steps": String(scoredSteps), "count": String(vocabulary.count), "limit": String(ModelLimits.maxActivations),
                ]))
            }
        } else {
            guard window * windowCount <= ModelLimits.maxActivations / width else {
                throw SpecError(.window, Message(windowCount == 1 ? "error.spec.full_batch_too_large_one" : "error.spec.full_batch_too_large", [
                    "count": String(windowCount), "window": String(window), "hidden": String(hidden), "limit": String(ModelLimits.maxActivations),
                ]))
            }
            // The output buffers hold V scores per scored step: a text of many distinct characters makes V large.
            let scoredSteps = windowCount * (lossMode == .every ? window : 1)
            guard scoredSteps <= ModelLimits.maxActivations / max(1, vocabulary.count) else {
                throw SpecError(.window, Message("error.spec.full_batch_scores", [
                    "steps": String(scoredSteps), "count": String(vocabulary.count), "limit": String(ModelLimits.maxActivations),
                ]))
            }
        }
        // The window on screen is recorded (traced) too.
        guard !recording || window <= maxSequenceLength else {
            throw SpecError(.window, sequenceLimitMessage(window))
        }
    }

    /// The longest sequence one recorded pass may hold at this hidden size and vocabulary (the
    /// trace limit): a trace keeps H-wide vectors and V-wide scores for every step.
    public var maxSequenceLength: Int { max(1, ModelLimits.maxTracedStepUnits / traceWidth) }

    /// Floats per traced step that the limit counts: H, or V when the vocabulary is larger.
    var traceWidth: Int { max(1, hidden, vocabulary.count) }

    /// The longest typed text or lesson `input:` (input characters, without the one to
    /// predict): the text's longest window or `ModelLimits.typedLength`, whichever is more,
    /// within the trace limit. The one rule for the explorer's `e`, a lesson's `input:` and
    /// the typing field.
    public var maxInputLength: Int { min(max(ModelLimits.typedLength, maxWindow), maxSequenceLength) }

    /// Refuses a typed or lesson input of `steps` input characters beyond `maxInputLength`.
    public func checkInput(steps: Int) throws {
        guard steps <= maxInputLength else {
            if steps > maxSequenceLength { throw SpecError(.window, sequenceLimitMessage(steps)) }
            throw SpecError(.window, Message("error.spec.input_too_long", ["count": String(steps + 1), "length": String(textLength), "max": String(maxInputLength + 1)]))
        }
    }

    /// Why a sequence of `steps` is refused: it names the trace limit.
    public func sequenceLimitMessage(_ steps: Int) -> Message {
        Message(traceWidth == hidden ? "error.spec.trace_limit_units" : "error.spec.trace_limit_characters", [
            "steps": String(steps), "width": String(traceWidth), "limit": String(ModelLimits.maxTracedStepUnits),
            "max": String(maxSequenceLength), "h": String(hidden), "v": String(vocabulary.count),
        ])
    }

    /// "n is out of range a...b".
    static func outOfRange(_ value: Int, _ range: ClosedRange<Int>) -> Message {
        Message("error.spec.out_of_range", ["value": String(value), "range": "\(range)"])
    }

    /// The learning rate and clipping thresholds: positive and finite.
    public func validateTraining() throws {
        let range: ClosedRange<Float> = Float.leastNonzeroMagnitude...Float.greatestFiniteMagnitude
        guard range.contains(training.learningRate) else {
            throw SpecError(.lr, Message("error.spec.positive", ["value": "\(training.learningRate)"]))
        }
        if let clip = training.clipNorm, !range.contains(clip) { throw SpecError(.clip, Message("error.spec.positive", ["value": "\(clip)"])) }
        if let clip = training.clipValue, !range.contains(clip) { throw SpecError(.clipValue, Message("error.spec.positive", ["value": "\(clip)"])) }
    }

    /// Validates, then makes the data and the model: `parameters` when given (they must have
    /// this spec's shape), else a fresh initialisation from `seed`. With `makeModel`, the one
    /// place models are made.
    public func build(parameters: Parameters? = nil, recording: Bool = true) throws -> (model: CharRNN, data: TrainingSet) {
        try validate(recording: recording)
        if let parameters, parameters.shape != config.shape {
            throw SpecError(.hidden, Message("error.spec.weights_shape", [
                "hidden": String(parameters.shape.hidden), "cell": parameters.shape.cell.rawValue, "spec_hidden": String(hidden), "spec_cell": cell.rawValue,
            ]))
        }
        let data = try TrainingSet(text: text, vocabulary: vocabulary, window: window, lossMode: lossMode, stride: stride)
        return (makeModel(parameters: parameters), data)
    }

    /// The trainer of `model` on `data`'s first windows, the last `holdout` of them kept apart
    /// as its validation set; `data` is what `build` made from this spec.
    /// `resuming`: the optimizer's saved state, used when it fits (see `Trainer.init`).
    public func makeTrainer(model: CharRNN, data: TrainingSet, startingEpoch: Int = 0, resuming: OptimizerState? = nil) -> Trainer {
        let split = data.split(holdout: holdout)
        let trainer = Trainer(
            model: model, data: split.training, options: training, startingEpoch: startingEpoch, validation: split.validation,
            resuming: resuming)
        trainer.shuffleSeed = seed
        return trainer
    }

    /// The model alone: `parameters` (of this spec's shape), or fresh weights from `seed`.
    /// Callers validate first (`build` does).
    public func makeModel(parameters: Parameters? = nil) -> CharRNN {
        parameters.map { CharRNN(config: config, parameters: $0) } ?? CharRNN(config: config, seed: seed)
    }
}
