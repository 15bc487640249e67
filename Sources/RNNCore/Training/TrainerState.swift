/// Everything a trainer's next epoch depends on except its buffers: the weights, the
/// optimizer's state (Adam's moments and step count), the epoch and the settings. A value, so
/// it can be handed to another thread and back; a trainer restored from it trains bit for bit
/// as the one it was taken from would have.
public struct TrainerState: Sendable {
    public let model: CharRNN
    public let epoch: Int
    let optimizer: any Optimizer
    let options: TrainingOptions
    /// Steps taken, and steps into the current epoch (mini-batch).
    var step = 0
    var stepInEpoch = 0
    var shuffleSeed: UInt64 = 0
}

extension TrainerState {
    /// The same state without the optimizer's per-parameter buffers (Adam's two moments):
    /// what a thread that only shows the weights keeps while another trains on, so that the
    /// trainer's update does not copy the moments it shares (68 MB for an H=1024 LSTM). Not
    /// to continue training from (`hasMoments` is false).
    public func droppingMoments() -> TrainerState {
        TrainerState(model: model, epoch: epoch, optimizer: optimizer.droppingMoments(), options: options, step: step,
                     stepInEpoch: stepInEpoch, shuffleSeed: shuffleSeed)
    }

    /// False after `droppingMoments()`.
    public var hasMoments: Bool { optimizer.hasMoments }

    /// Optimizer steps taken (`Trainer.step`).
    public var steps: Int { step }
}

extension Trainer {
    /// The state to continue from (cheap: the arrays are copied only when one side changes them).
    public var state: TrainerState { TrainerState(model: model, epoch: epoch, optimizer: optimizer, options: options, step: step, stepInEpoch: stepInEpoch, shuffleSeed: shuffleSeed) }

    /// A trainer over the same windows, continuing from `state` with buffers of its own.
    public convenience init(state: TrainerState, data: TrainingSet, validation: TrainingSet?) {
        self.init(model: state.model, data: data, options: state.options, startingEpoch: state.epoch, validation: validation)
        restore(state)
    }
}
