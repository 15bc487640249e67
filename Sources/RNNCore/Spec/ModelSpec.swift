/// Everything that defines a model and its training besides the weights: the one place the
/// command line, lesson front matter, lesson directives and the explorer's keys describe a
/// model. `validate()` holds every limit; `build(parameters:)` makes the model and its data.
public struct ModelSpec: Sendable, Equatable {
    /// The training text.
    public var text: String
    /// The characters the model knows: the text's own (`sorted(set(text))`), or a weight file's.
    public var vocabulary: Vocabulary
    /// Steps per sequence (the notes' input_size).
    public var window: Int
    /// Characters between the starts of training windows (1: every window, as the notes train).
    public var stride: Int
    public var cell: CellKind
    /// The plain RNN's non-linearity; gated cells use σ and tanh and must keep `.tanh`.
    public var activation: Activation
    /// Hidden units H (the embedding is H wide too).
    public var hidden: Int
    /// Seed of the initial weights.
    public var seed: UInt64
    public var lossMode: LossMode
    /// Optimizer, learning rate and clipping.
    public var training: TrainingOptions
    /// The last `holdout` windows (in window order) are a validation set: never trained on,
    /// only scored every epoch (0: every window is trained on, the notes' way).
    public var holdout: Int

    public init(
        text: String, vocabulary: Vocabulary? = nil, window: Int = SeedNotes.window, stride: Int = 1, cell: CellKind = .rnn,
        activation: Activation = .tanh, hidden: Int = SeedNotes.hidden, seed: UInt64 = 0, lossMode: LossMode = .last,
        training: TrainingOptions = TrainingOptions(), holdout: Int = 0
    ) {
        self.text = text
        self.vocabulary = vocabulary ?? Vocabulary(text: text)
        self.window = window
        self.stride = stride
        self.cell = cell
        self.activation = activation
        self.hidden = hidden
        self.seed = seed
        self.lossMode = lossMode
        self.training = training
        self.holdout = holdout
    }

    /// The notes' model: their text, H=64, window 10, seed 0, Adam at lr 0.01.
    public static var notes: ModelSpec { ModelSpec(text: SeedNotes.text) }

    public var config: ModelConfig {
        ModelConfig(vocabulary: vocabulary, hidden: hidden, activation: activation, lossMode: lossMode, cell: cell)
    }

    /// Characters in the text (one per Unicode scalar, as the vocabulary counts them).
    public var textLength: Int { text.unicodeScalars.count }

    /// The longest window the text allows: one character must follow it.
    public var maxWindow: Int { max(1, textLength - 1) }

    /// Training windows of the text at this window and stride.
    public var windowCount: Int { max(0, (textLength - window - 1) / max(1, stride) + 1) }

    /// Windows the model is trained on: all but the held-out ones.
    public var trainingWindowCount: Int { max(0, windowCount - holdout) }

    /// The same spec with the smallest stride (at least this one) that keeps an epoch within
    /// the interactive screens' budget of steps.
    public func withInteractiveStride() -> ModelSpec {
        var spec = self
        // Mini-batch: an epoch's work and memory are bounded by the batch, not the windows.
        if let size = training.batchSize, size < windowCount { return spec }
        // Few enough windows that the training buffers fit ModelLimits.maxActivations too:
        // steps × G·H, and scored steps × V (a text of 28,000 distinct characters).
        let scoredPerWindow = (lossMode == .every ? window : 1) * max(1, vocabulary.count)
        let maxWindows = max(1, min(ModelLimits.maxActivations / max(1, window * config.shape.gateRows),
                                    ModelLimits.maxActivations / scoredPerWindow))
        let span = max(0, textLength - window - 1)
        let strideForLimits = maxWindows <= 1 ? span + 1 : (span + maxWindows - 2) / (maxWindows - 1)
        // Past textLength − window every stride gives one window; the stride limit holds too.
        let needed = min(max(TrainingSet.stride(textLength: textLength, window: window), strideForLimits),
                         max(1, textLength - window), ModelLimits.stride.upperBound)
        spec.stride = max(stride, needed)
        return spec
    }
}

extension TrainingOptions: Equatable {
    public static func == (a: TrainingOptions, b: TrainingOptions) -> Bool {
        a.optimizer == b.optimizer && a.learningRate == b.learningRate && a.clipNorm == b.clipNorm && a.clipValue == b.clipValue
            && a.batchSize == b.batchSize && a.shuffle == b.shuffle
    }
}
