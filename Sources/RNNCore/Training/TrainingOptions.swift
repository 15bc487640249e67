import Foundation

/// Settings of a training run (the notes' defaults).
public struct TrainingOptions: Sendable {
    public var optimizer: OptimizerKind = .adam
    public var learningRate: Float = SeedNotes.learningRate
    /// Rescale the gradient when its global L2 norm exceeds this (`clip_grad_norm_`).
    public var clipNorm: Float?
    /// Clamp every gradient entry to ±this (min-char-rnn clips at 5), after any norm clipping.
    public var clipValue: Float?
    /// Windows per optimizer step; nil (the notes' way): every window, one step per epoch.
    /// The last batch of an epoch may be smaller (PyTorch DataLoader's default, drop_last=False).
    public var batchSize: Int?
    /// Take each epoch's batches from a seeded permutation of the windows (a new one every
    /// epoch, from the trainer's `shuffleSeed` and the epoch number) instead of in window order.
    public var shuffle = false
    /// Threads a step's passes may use: 1, or 2 to run the parts of a batch that `BatchSplit`
    /// splits side by side. The weights are the same to the last bit either way.
    public var threads = TrainingOptions.defaultThreads

    /// 2 on a machine with at least two cores, else 1.
    public static let defaultThreads = min(2, max(1, ProcessInfo.processInfo.activeProcessorCount))
    /// The accepted thread counts.
    public static let threadRange = 1...2

    public init(
        optimizer: OptimizerKind = .adam, learningRate: Float = SeedNotes.learningRate, clipNorm: Float? = nil,
        clipValue: Float? = nil, batchSize: Int? = nil, shuffle: Bool = false, threads: Int = TrainingOptions.defaultThreads
    ) {
        self.threads = threads
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.clipValue = clipValue
        self.optimizer = optimizer
        self.learningRate = learningRate
        self.clipNorm = clipNorm
    }
}
