/// What one epoch did (full-batch), or one mini-batch step (`Trainer.runStep()`).
public struct EpochResult: Sendable {
    /// 1-based epoch number (continuing from the trainer's `startingEpoch`); for a mini-batch
    /// step, the epoch it belongs to.
    public let epoch: Int
    /// The loss before this epoch's update, as the notes' loop prints it (a step: the batch's
    /// loss before the step; `runEpoch()` in mini-batch mode: the mean over the epoch's windows).
    public internal(set) var loss: Float
    /// Global gradient norm before clipping.
    public let gradientNorm: Float
    /// Global gradient norm after clipping (the same when nothing was clipped).
    public var clippedNorm: Float = .nan
    /// The loss over the held-out windows at the same weights as `loss` (forward only), nil
    /// without a validation set.
    public var validationLoss: Float?
    /// Optimizer steps taken so far by this trainer, this one included.
    public var step = 0
    /// 1-based step within its epoch, and the epoch's steps (1 and 1 full-batch).
    public var stepInEpoch = 1
    public var stepsPerEpoch = 1
    /// Windows in this step's batch.
    public var batch = 0
    /// Whether this step ended its epoch (always, full-batch).
    public var completesEpoch: Bool { stepInEpoch == stepsPerEpoch }
}
