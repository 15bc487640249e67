/// Settings of a training run (the notes' defaults).
public struct TrainingOptions: Sendable {
    public var optimizer: OptimizerKind = .adam
    public var learningRate: Float = SeedNotes.learningRate
    /// Rescale the gradient when its global L2 norm exceeds this (`clip_grad_norm_`).
    public var clipNorm: Float?
    /// Clamp every gradient entry to ±this (min-char-rnn clips at 5), after any norm clipping.
    public var clipValue: Float?

    public init(
        optimizer: OptimizerKind = .adam, learningRate: Float = SeedNotes.learningRate, clipNorm: Float? = nil,
        clipValue: Float? = nil
    ) {
        self.clipValue = clipValue
        self.optimizer = optimizer
        self.learningRate = learningRate
        self.clipNorm = clipNorm
    }
}

/// What one epoch did.
public struct EpochResult: Sendable {
    /// 1-based epoch number (continuing from the trainer's `startingEpoch`).
    public let epoch: Int
    /// The loss before this epoch's update, as the notes' loop prints it.
    public let loss: Float
    /// Global gradient norm before clipping.
    public let gradientNorm: Float
    /// Global gradient norm after clipping (the same when nothing was clipped).
    public var clippedNorm: Float = .nan
    /// The loss over the held-out windows at the same weights as `loss` (forward only), nil
    /// without a validation set.
    public var validationLoss: Float?
}

/// Full-batch training, as the notes do it: every window, every epoch.
public final class Trainer {
    public private(set) var model: CharRNN
    /// The windows trained on.
    public let data: TrainingSet
    /// Held-out windows, scored every epoch and never trained on (nil: none).
    public let validation: TrainingSet?
    public private(set) var options: TrainingOptions
    /// Epochs run so far, counting from `startingEpoch` (a model loaded from a file continues
    /// its numbering).
    public private(set) var epoch: Int
    private(set) var optimizer: any Optimizer
    /// dL/dθ of the last epoch (one parameter-sized buffer: 34 MB for an H=1024 LSTM), made at
    /// the first epoch and freed by `releaseBuffers()` (every epoch overwrites it).
    private var gradients: Parameters?
    /// The training pass's buffers (every window's states: hundreds of MB for a large model),
    /// made at the first epoch and freed by `releaseBuffers()`.
    private var pass: (any SequencePass)?
    private let validationPass: (any SequencePass)?
    /// Whether the pass buffers stay between epochs (the default). A worker thread's trainer
    /// frees them after each pass, before the update: the update copies the weights and Adam's
    /// moments while the lab still holds the last delivered ones, and the pass buffers need not
    /// be resident then too.
    public var keepsBuffers = true
    /// How the last applied update's gradient was clipped (for `lastUpdate`), nil when
    /// `gradients` does not hold the gradient of the update that made the current weights.
    private var lastClip: (epoch: Int, norm: Float, coefficient: Float, learningRate: Float)?

    /// `startingEpoch` is how many epochs `model` has been trained for already (a weight file's
    /// `epoch`); the first `runEpoch()` reports `startingEpoch + 1`. `validation`: windows
    /// scored every epoch, never trained on (`ModelSpec.makeTrainer` splits them off).
    /// `resuming`: an optimizer state saved with the weights; Adam carries on from its moments
    /// and step count when it fits (`OptimizerState.mismatch` is nil), and starts fresh otherwise.
    public init(
        model: CharRNN, data: TrainingSet, options: TrainingOptions, startingEpoch: Int = 0, validation: TrainingSet? = nil,
        resuming: OptimizerState? = nil
    ) {
        precondition(data.lossMode == model.config.lossMode)
        precondition(startingEpoch >= 0, "a negative starting epoch")
        epoch = startingEpoch
        self.model = model
        self.data = data
        self.options = options
        switch options.optimizer {
        case .adam: optimizer = Adam(learningRate: options.learningRate)
        case .sgd: optimizer = SGD(learningRate: options.learningRate)
        }
        self.validation = validation
        validationPass = validation.map {
            precondition($0.lossMode == data.lossMode && $0.window == data.window)
            return makeSequencePass(config: model.config, lossMode: $0.lossMode, batch: $0.count, steps: $0.window, recording: false)
        }
        if let resuming { resume(from: resuming) }
    }

    /// What the optimizer carries into the next epoch (saved with the weights).
    public var optimizerState: OptimizerState { optimizer.state }

    /// Carries on from `state` when it fits this model and the configured optimizer: Adam takes
    /// its step count, moments, betas and ε (the learning rate stays the configured one). Returns
    /// false, leaving the optimizer as it was, when it does not fit.
    @discardableResult
    public func resume(from state: OptimizerState) -> Bool {
        guard state.mismatch(shape: model.config.shape, optimizer: options.optimizer) == nil else { return false }
        if state.kind == .adam, state.hasMoments {
            optimizer = Adam(resuming: state, learningRate: options.learningRate)
            lastClip = nil
        }
        return true
    }

    /// The loss over the held-out windows at the current weights (forward only, no gradient,
    /// the optimizer untouched); nil without a validation set.
    public func validationLoss() -> Float? {
        guard let validation, let validationPass else { return nil }
        return validationPass.loss(parameters: model.parameters, inputs: validation.inputs, targets: validation.targets)
    }

    /// New settings from the next epoch on. The same optimizer keeps its state (Adam's
    /// moments); a different one starts fresh.
    public func setOptions(_ new: TrainingOptions) {
        if new.optimizer != options.optimizer {
            lastClip = nil  // the new optimizer's state is not the one that made the last update
            switch new.optimizer {
            case .adam: optimizer = Adam(learningRate: new.learningRate)
            case .sgd: optimizer = SGD(learningRate: new.learningRate)
            }
        } else {
            optimizer.learningRate = new.learningRate
        }
        options = new
    }

    /// Continues from `state` (taken from a trainer of the same model shape over the same
    /// windows, e.g. one that trained on another thread): weights, optimizer state, epoch, settings.
    public func restore(_ state: TrainerState) {
        precondition(state.model.config == model.config, "a trainer state of another model")
        model = state.model
        epoch = state.epoch
        optimizer = state.optimizer
        options = state.options
        lastClip = nil
    }

    /// Frees the training pass's buffers and the gradient while another trainer trains on (a
    /// worker thread's), or between a worker's epochs while it traces; the next `runEpoch()`
    /// makes them again (zeroed: the pass overwrites both, so the epoch is the same).
    public func releaseBuffers() {
        pass = nil
        gradients = nil
    }

    private func trainingPass() -> any SequencePass {
        if let pass { return pass }
        let made = makeSequencePass(
            config: model.config, lossMode: data.lossMode, batch: data.count, steps: data.window, recording: false)
        pass = made
        return made
    }

    /// Changes the weights in place (a lesson scaling W_hh, say); the optimizer keeps its state.
    public func updateParameters(_ change: (inout Parameters) -> Void) {
        change(&model.parameters)
        lastClip = nil
    }

    /// The last epoch's update (its gradient shares the trainer's buffer: no copy), nil before
    /// the first epoch here, after the weights were changed otherwise, after a loss that was
    /// not finite, and after `releaseBuffers()`.
    public var lastUpdate: UpdateRecord? {
        guard let gradients, let clip = lastClip, clip.epoch == epoch else { return nil }
        return UpdateRecord(
            epoch: epoch, gradient: gradients, norm: clip.norm, clipCoefficient: clip.coefficient, clipNorm: options.clipNorm,
            clipValue: options.clipValue, optimizer: options.optimizer, learningRate: clip.learningRate, isPreview: false)
    }

    /// The update the next epoch would apply, without applying it: the gradient at the current
    /// weights over every training window, clipped as `runEpoch()` clips it (one forward and
    /// backward pass into a buffer of its own). Nil when the loss is not finite.
    public func previewUpdate() -> UpdateRecord? {
        var gradients = Parameters(shape: model.config.shape)
        let loss = trainingPass().run(parameters: model.parameters, inputs: data.inputs, targets: data.targets, gradients: &gradients)
        if !keepsBuffers { pass = nil }
        guard loss.isFinite else { return nil }
        let norm = gradients.globalNorm
        let coefficient = clip(&gradients, norm: norm)
        return UpdateRecord(
            epoch: epoch + 1, gradient: gradients, norm: norm, clipCoefficient: coefficient, clipNorm: options.clipNorm,
            clipValue: options.clipValue, optimizer: options.optimizer, learningRate: options.learningRate, isPreview: true)
    }

    /// Clips `gradients` (global norm `norm`) as the options say; returns norm clipping's factor (1: none).
    private func clip(_ gradients: inout Parameters, norm: Float) -> Float {
        var factor: Float = 1
        if let maxNorm = options.clipNorm {
            // clip_grad_norm_: coefficient max/(norm+1e-6), clamped to 1, always applied.
            let coefficient = min(Float(Double(maxNorm) / (Double(norm) + 1e-6)), 1)
            if coefficient < 1 {
                for i in gradients.storage.indices { gradients.storage[i] *= coefficient }
                factor = coefficient
            }
        }
        if let limit = options.clipValue {
            // clip_grad_value_ / min-char-rnn's np.clip(dparam, -5, 5).
            for i in gradients.storage.indices { gradients.storage[i] = min(max(gradients.storage[i], -limit), limit) }
        }
        return factor
    }

    /// The validation loss (before the update, at the same weights as the training loss), then
    /// forward, loss, backward, optional clipping, update. When the loss is not finite the
    /// weights are left as they were, so the caller can stop and say so.
    @discardableResult
    public func runEpoch() -> EpochResult {
        let validationLoss = validationLoss()
        lastClip = nil
        // Taken out of the property so that it is uniquely referenced (no copy on write).
        var gradients = self.gradients ?? Parameters(shape: model.config.shape)
        self.gradients = nil
        defer { self.gradients = gradients }
        let loss = trainingPass().run(parameters: model.parameters, inputs: data.inputs, targets: data.targets, gradients: &gradients)
        epoch += 1
        if !keepsBuffers { pass = nil }
        let norm = gradients.globalNorm
        guard loss.isFinite else {
            var result = EpochResult(epoch: epoch, loss: loss, gradientNorm: norm)
            result.validationLoss = validationLoss
            return result
        }
        let coefficient = clip(&gradients, norm: norm)
        let clipped = options.clipNorm == nil && options.clipValue == nil ? norm : gradients.globalNorm
        optimizer.step(&model.parameters, gradients: gradients)
        lastClip = (epoch, norm, coefficient, optimizer.learningRate)
        var result = EpochResult(epoch: epoch, loss: loss, gradientNorm: norm)
        result.clippedNorm = clipped
        result.validationLoss = validationLoss
        return result
    }
}
