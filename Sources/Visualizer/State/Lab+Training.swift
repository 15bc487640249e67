import RNNCore
import Localization

/// Training on the input thread (`t`, a lesson's steps, continuous training in slices), and
/// how it continues (`setTraining`).
extension Lab {
    /// Trains up to `count` epochs, then re-records the pass on screen. Stops at a loss that
    /// is not finite, and says so.
    /// Mini-batch: `count` epochs of steps (from wherever the current epoch is).
    @discardableResult
    public func train(epochs count: Int) -> LabEvent? {
        train(steps: count * trainer.stepsPerEpoch)
    }

    /// Trains `count` optimizer steps (full-batch: epochs; with a batch size: batches), then
    /// re-records the pass on screen (the `t` key: one; a lesson's `steps:`).
    @discardableResult
    public func train(steps count: Int) -> LabEvent? {
        var event = stopBackgroundTraining()
        guard event == nil else { return event }
        // Training in the past branches from it; the first epoch's starting point is kept.
        branch()
        captureIfDue()
        // Long training tells whoever watches (`TrainingProgress`), who may stop it.
        let progress = count > 1 ? TrainingProgress.current : nil
        for done in 1...max(1, count) where count > 0 {
            event = trainOneEpoch()
            if event != nil { break }
            if let progress, done < count, !progress.report(done, count) {
                event = .trainingInterrupted(epoch: epoch)
                break
            }
        }
        refreshSampleIfDue()
        retrace()
        return event
    }

    /// Trains whole epochs while `keepGoing()` says so (at least one): continuous training
    /// in slices that never hold the screen longer than a frame.
    public func train(while keepGoing: () -> Bool) -> LabEvent? {
        if let stopped = stopBackgroundTraining() { return stopped }
        branch()
        captureIfDue()
        var event: LabEvent?
        repeat { event = trainOneEpoch() } while event == nil && keepGoing()
        refreshSampleIfDue()
        retrace()
        return event
    }

    private func trainOneEpoch() -> LabEvent? {
        deliveredUpdate = nil
        // The partner trains only while it is level with the main model, so the two stay comparable.
        // One optimizer step: a whole epoch full-batch, the next batch with a batch size.
        if let partner, partner.epoch == epoch { partner.trainStep() }
        let event = record(trainer.runStep())
        // Snapshots for rewinding are taken at whole epochs only.
        if event == nil, trainer.stepInEpoch == 0 { captureIfDue() }
        return event
    }

    /// Mini-batch training only: a new sample once `TrainingSample.defaultEvery` more steps
    /// have been taken (and the first after the first step), from the model as it is now.
    func refreshSampleIfDue() {
        guard trainer.isMiniBatch, trainer.step > 0 else { return }
        let every = TrainingSample.defaultEvery
        if let sample, sample.step / every == trainer.step / every { return }
        let settings = TrainingSample(
            prompt: TrainingSample.firstCharacter(of: spec.text, vocabulary: spec.vocabulary), seed: spec.seed)
        if let text = try? settings.generate(with: model) { sample = (trainer.step, text) }
    }

    /// Takes note of an epoch's result (trained here or on the worker thread): the gradient
    /// norms, the losses, or the event of a loss that is not finite.
    func record(_ result: EpochResult) -> LabEvent? {
        lastGradientNorms = (result.gradientNorm, result.clippedNorm)
        guard result.loss.isFinite else { return .trainingStopped(epoch: result.epoch, loss: result.loss) }
        losses.append(result.loss)
        if let validation = result.validationLoss { validationLosses.append(validation) }
        return nil
    }

    /// Changes how training continues (a lesson's `clip`, `clip_value`, `lr`); the settings
    /// last through every later rebuild and apply to the partner too.
    public func setTraining(_ change: (inout TrainingOptions) -> Void) throws {
        stopBackgroundTraining()
        branch()
        var next = spec
        change(&next.training)
        try next.validateTraining()
        if next.training.optimizer != spec.training.optimizer { deliveredUpdate = nil }
        spec = next
        trainer.setOptions(spec.training)
        partner?.setOptions(spec.training)
    }
}
