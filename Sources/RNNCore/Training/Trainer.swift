import Foundation

/// Training: full-batch as the notes do it (every window, one update per epoch), or in
/// mini-batches of `TrainingOptions.batchSize` windows (one update per batch). A batch large
/// enough is run as two parts (`BatchSplit`), side by side when `TrainingOptions.threads` is 2,
/// with the same result to the last bit for either thread count.
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
    /// The second part's dL/dθ when a batch is split (`BatchSplit`), added into `gradients`.
    private var partGradients: Parameters?
    /// The training passes' buffers by part size and part (full-batch: every window's states,
    /// hundreds of MB for a large model; mini-batch: a batch's, and the last partial batch's),
    /// made at the first epoch and freed by `releaseBuffers()`.
    private var passes: [PassKey: any SequencePass] = [:]
    /// Every window copied out once for full-batch epochs, by part (freed by `releaseBuffers()`).
    private var fullBatch: [PartBatch]?
    /// The thread that runs a split batch's second part when `options.threads` is 2, made at the
    /// first such step and ended with the trainer.
    private var worker: PartWorker?
    /// `BatchSplit`'s thresholds for this trainer (tests change them to compare split and unsplit).
    var splitMinimum = (rows: BatchSplit.minimumPartRows, work: BatchSplit.minimumPartWork)
    private var validationBatch: (inputs: [Int32], targets: [Int32])?
    /// Optimizer steps taken by this trainer.
    public private(set) var step = 0
    /// Steps already taken in the current (unfinished) epoch; 0 between epochs.
    public private(set) var stepInEpoch = 0
    /// The current epoch's window order when shuffling (nil: window order).
    private var order: [Int32]?
    /// Seed of the shuffled orders (`ModelSpec.makeTrainer` gives the spec's seed).
    public var shuffleSeed: UInt64 = 0 {
        didSet { if shuffleSeed != oldValue { order = nil } }
    }
    private let validationPass: (any SequencePass)?
    /// Whether the pass buffers stay between epochs (the default). A worker thread's trainer
    /// frees them after each pass, before the update: the update copies the weights and Adam's
    /// moments while the lab still holds the last delivered ones, and the pass buffers need not
    /// be resident then too.
    public var keepsBuffers = true
    /// How the last applied update's gradient was clipped (for `lastUpdate`), nil when
    /// `gradients` does not hold the gradient of the update that made the current weights.
    private var lastClip: (step: Int, norm: Float, coefficient: Float, learningRate: Float)?

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
        validationPass = validation.flatMap {
            precondition($0.lossMode == data.lossMode && $0.window == data.window)
            // Mini-batch: scored in batches by the training passes.
            guard options.batchSize == nil else { return nil }
            return makeSequencePass(config: model.config, lossMode: $0.lossMode, batch: $0.count, steps: $0.window, recording: false)
        }
        if let resuming { resume(from: resuming) }
    }

    deinit { worker?.stop() }

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
        guard let validation else { return nil }
        guard let validationPass else { return batchedLoss(validation) }
        let batch = validationBatch ?? validation.batch(0..<validation.count)
        validationBatch = batch
        return validationPass.loss(parameters: model.parameters, inputs: batch.inputs, targets: batch.targets)
    }

    /// The mean loss over `set`'s windows, forward only, in batches of at most `batchSize`.
    private func batchedLoss(_ set: TrainingSet) -> Float {
        let size = max(1, options.batchSize ?? set.count)
        var sum = 0.0
        for first in Swift.stride(from: 0, to: set.count, by: size) {
            let windows = (first..<min(first + size, set.count)).map { Int32($0) }
            let loss = runParts(split(windows, of: set), size: windows.count, gradients: nil)
            sum += Double(loss) * Double(windows.count)
        }
        return Float(sum / Double(max(1, set.count)))
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
        if new.batchSize != options.batchSize || new.shuffle != options.shuffle {
            // A new batching starts at the next epoch's beginning.
            passes = [:]
            order = nil
            stepInEpoch = 0
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
        if state.options.batchSize != options.batchSize || state.options.shuffle != options.shuffle { passes = [:] }
        options = state.options
        lastClip = nil
        step = state.step
        stepInEpoch = state.stepInEpoch
        shuffleSeed = state.shuffleSeed
        order = nil  // remade from the epoch and seed when shuffling
    }

    /// Frees the training pass's buffers and the gradient while another trainer trains on (a
    /// worker thread's), or between a worker's epochs while it traces; the next `runEpoch()`
    /// makes them again (zeroed: the pass overwrites both, so the epoch is the same).
    public func releaseBuffers() {
        passes = [:]
        gradients = nil
        partGradients = nil
        fullBatch = nil
        validationBatch = nil
    }

    /// The windows the next step trains on, in the parts `BatchSplit` makes of them, and how
    /// many: mini-batch, the current epoch's next slice (of `order` when shuffling); full batch,
    /// every window.
    private func nextBatch(order: [Int32]?) -> (parts: [PartBatch], size: Int) {
        guard isMiniBatch else { return (fullBatch ?? split((0..<data.count).map { Int32($0) }, of: data), data.count) }
        let windows = batchWindows(step: stepInEpoch, order: order)
        return (split(windows, of: data), windows.count)
    }

    /// `windows` of `set` copied out in `BatchSplit`'s parts, in order.
    private func split(_ windows: [Int32], of set: TrainingSet) -> [PartBatch] {
        var first = 0
        return BatchSplit.parts(batch: windows.count, steps: set.window, shape: model.config.shape, minimumRows: splitMinimum.rows, minimumWork: splitMinimum.work).map { count in
            defer { first += count }
            let batch = set.batch(windows[first..<(first + count)])
            return PartBatch(inputs: batch.inputs, targets: batch.targets, count: count)
        }
    }

    /// The seeded permutation of the epoch in progress.
    private func epochOrder() -> [Int32] { Self.permutation(windows: data.count, epoch: epoch + 1, seed: shuffleSeed) }

    private func trainingPass(batch: Int, part: Int) -> any SequencePass {
        let key = PassKey(batch: batch, part: part)
        if let pass = passes[key] { return pass }
        let made = makeSequencePass(
            config: model.config, lossMode: data.lossMode, batch: batch, steps: data.window, recording: false)
        passes[key] = made
        return made
    }

    /// Runs one batch's parts at the current weights and returns the loss (mean over the
    /// batch's `size` windows). With `gradients`, also the backward passes: dL/dθ is written
    /// there, the first part's gradient plus the second's (g₀ + g₁, in that order). Two parts
    /// run side by side when `options.threads` is 2, one after the other otherwise: the same
    /// arithmetic either way.
    private func runParts(_ parts: [PartBatch], size: Int, gradients g0: UnsafeMutablePointer<Float>?) -> Float {
        let passes = parts.enumerated().map { trainingPass(batch: $1.count, part: $0) }
        for pass in passes { pass.head.lossBatch = size }
        let total: Double
        if parts.count == 1 {
            total = model.parameters.storage.withUnsafeBufferPointer { p in
                Self.run(passes[0], parts[0], p.baseAddress!, g0)
            }
        } else {
            var second = g0 == nil ? nil : (partGradients ?? Parameters(shape: model.config.shape))
            partGradients = nil
            let count = model.parameters.storage.count
            let worker = options.threads > 1 ? partWorker() : nil
            total = model.parameters.storage.withUnsafeBufferPointer { p in
                func both(_ g1: UnsafeMutablePointer<Float>?) -> Double {
                    let p = p.baseAddress!
                    var total1 = 0.0
                    if let worker {
                        worker.start { total1 = Self.run(passes[1], parts[1], p, g1) }
                    }
                    let total0 = Self.run(passes[0], parts[0], p, g0)
                    if let worker { worker.wait() } else { total1 = Self.run(passes[1], parts[1], p, g1) }
                    if let g0, let g1 { Elementwise.sum(g0, g0, g1, count: count) }
                    return total0 + total1
                }
                return second?.storage.withUnsafeMutableBufferPointer { both($0.baseAddress) } ?? both(nil)
            }
            partGradients = second
        }
        return Float(total / Double(size))
    }

    /// The second thread, made at the first split step that runs on two threads.
    private func partWorker() -> PartWorker {
        if let worker { return worker }
        let made = PartWorker()
        worker = made
        return made
    }

    /// One part's pass: forward, loss and (given `g`) backward; returns the loss's sum over the part.
    private static func run(
        _ pass: any SequencePass, _ part: PartBatch, _ p: UnsafePointer<Float>, _ g: UnsafeMutablePointer<Float>?
    ) -> Double {
        part.inputs.withUnsafeBufferPointer { x in
            part.targets.withUnsafeBufferPointer { y in
                pass.runPart(p, inputs: x.baseAddress!, targets: y.baseAddress!, gradients: g)
            }
        }
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
        guard let gradients, let clip = lastClip, clip.step == step else { return nil }
        return UpdateRecord(
            epoch: epoch, gradient: gradients, norm: clip.norm, clipCoefficient: clip.coefficient, clipNorm: options.clipNorm,
            clipValue: options.clipValue, optimizer: options.optimizer, learningRate: clip.learningRate, isPreview: false)
    }

    /// The update the next epoch would apply, without applying it: the gradient at the current
    /// weights over every training window, clipped as `runEpoch()` clips it (one forward and
    /// backward pass into a buffer of its own). Nil when the loss is not finite.
    public func previewUpdate() -> UpdateRecord? {
        var gradients = Parameters(shape: model.config.shape)
        // Mini-batch: the batch the next step will take; full-batch: every window.
        let (parts, size) = nextBatch(order: isMiniBatch && options.shuffle ? (order ?? epochOrder()) : nil)
        let loss = gradients.storage.withUnsafeMutableBufferPointer { runParts(parts, size: size, gradients: $0.baseAddress) }
        if !keepsBuffers { (passes, partGradients) = ([:], nil) }
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
    /// Mini-batch: every step of the rest of the current epoch; the result is its last step's,
    /// with the loss averaged over the epoch's windows (it stops at a loss that is not finite).
    @discardableResult
    public func runEpoch() -> EpochResult {
        guard isMiniBatch else { return runStep() }
        var sum = 0.0, windows = 0
        var validation: Float?
        while true {
            var result = runStep()
            if result.validationLoss != nil { validation = result.validationLoss }
            guard result.loss.isFinite else { return result }
            sum += Double(result.loss) * Double(result.batch)
            windows += result.batch
            if result.completesEpoch {
                result.loss = Float(sum / Double(max(1, windows)))
                result.validationLoss = validation
                return result
            }
        }
    }

    /// One optimizer step: full-batch, a whole epoch (every window); mini-batch, the epoch's
    /// next batch. The validation loss is scored before an epoch's first step.
    @discardableResult
    public func runStep() -> EpochResult {
        // Never nil: nothing declines the update.
        runStep(applying: { true }) ?? EpochResult(epoch: epoch, loss: .nan, gradientNorm: .nan)
    }

    /// `runStep()`, asking `applying` after the forward and backward pass, before anything of
    /// the trainer's state changes: when it returns false the step is dropped (nil), and the
    /// weights, the optimizer's state, the epoch and the step counts are as they were. (A
    /// worker thread asks whether it was stopped meanwhile; see `TrainingWorker`.)
    public func runStep(applying: () -> Bool) -> EpochResult? {
        let steps = stepsPerEpoch
        let first = stepInEpoch == 0
        let validationLoss = first ? validationLoss() : nil
        lastClip = nil
        if isMiniBatch, options.shuffle, order == nil { order = epochOrder() }
        let (parts, size) = nextBatch(order: order)
        if !isMiniBatch, keepsBuffers { fullBatch = parts }
        // Taken out of the property so that it is uniquely referenced (no copy on write).
        var gradients = self.gradients ?? Parameters(shape: model.config.shape)
        self.gradients = nil
        defer { self.gradients = gradients }
        let loss = gradients.storage.withUnsafeMutableBufferPointer { runParts(parts, size: size, gradients: $0.baseAddress) }
        if !keepsBuffers { (passes, partGradients) = ([:], nil) }
        guard applying() else { return nil }
        step += 1
        stepInEpoch += 1
        let epochOfStep = epoch + 1
        if stepInEpoch == steps {
            epoch += 1
            stepInEpoch = 0
            order = nil
        }
        let norm = gradients.globalNorm
        func made(_ loss: Float) -> EpochResult {
            var result = EpochResult(epoch: epochOfStep, loss: loss, gradientNorm: norm)
            result.validationLoss = validationLoss
            result.step = step
            result.stepInEpoch = stepInEpoch == 0 ? steps : stepInEpoch
            result.stepsPerEpoch = steps
            result.batch = size
            return result
        }
        guard loss.isFinite else { return made(loss) }
        let coefficient = clip(&gradients, norm: norm)
        let clipped = options.clipNorm == nil && options.clipValue == nil ? norm : gradients.globalNorm
        optimizer.step(&model.parameters, gradients: gradients)
        lastClip = (step, norm, coefficient, optimizer.learningRate)
        var result = made(loss)
        result.clippedNorm = clipped
        return result
    }
}

/// One part of a batch (`BatchSplit`), copied out time-major: inputs [T, n], targets [n] or [T, n].
private struct PartBatch {
    var inputs: [Int32]
    var targets: [Int32]
    /// n, the part's windows.
    var count: Int
}

/// A training pass's key: the windows it holds, and which part of a split batch it runs.
private struct PassKey: Hashable {
    var batch: Int
    var part: Int
}
