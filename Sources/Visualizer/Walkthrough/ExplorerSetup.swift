import RNNCore

/// The screens the explorer cycles through with tab.
public enum ExplorerView: String, CaseIterable, Sendable {
    case step = "step"
    case unrolled = "through time"
    case training = "training"
    case weights = "W_hh"
    case gradients = "gradients"
    case compare = "RNN vs gated"
}

/// How the explorer's model and data are set up (the command line's model flags).
public struct ExplorerSetup: Sendable {
    public var text: String
    public var config: ModelConfig
    public var window: Int
    /// Characters between training windows (1 = every window, as the notes train).
    public var stride: Int
    public var seed: UInt64
    /// Weights to start from instead of a fresh initialisation.
    public var parameters: Parameters?
    /// How `t` and `T` train (the notes' Adam, lr 0.01, unless a lesson says otherwise).
    public var training: TrainingOptions

    public init(
        text: String, config: ModelConfig, window: Int, seed: UInt64, parameters: Parameters? = nil,
        training: TrainingOptions = TrainingOptions(), stride: Int = 1
    ) {
        self.text = text
        self.config = config
        self.window = window
        self.stride = stride
        self.seed = seed
        self.parameters = parameters
        self.training = training
    }

    /// The notes' model, untrained: H=64, window 10, seed 0.
    public static func notes() throws -> ExplorerSetup {
        ExplorerSetup(
            text: SeedNotes.text,
            config: ModelConfig(vocabulary: Vocabulary(text: SeedNotes.text), hidden: SeedNotes.hidden),
            window: SeedNotes.window, seed: 0)
    }
}
