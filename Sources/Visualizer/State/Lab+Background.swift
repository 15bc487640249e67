import RNNCore

/// Continuous training on a worker thread (`TrainingWorker`): the lab hands it its state,
/// grants it epochs, and applies what it finished between frames, so the views only ever see
/// the lab's own, consistent state. Every change to the model stops the worker first
/// (`stopBackgroundTraining`), keeping the epochs already applied and discarding the one in flight.
extension Lab {
    /// Whether a worker is training (or waiting for epochs to train).
    public var isTrainingInBackground: Bool { worker != nil }

    /// Whether one epoch is too slow to run between two keys (about 20 ms here, by the bench's
    /// figures for the notes' model):
    /// every window's forward and backward pass through the cell and the output layer.
    public var epochIsSlow: Bool {
        let data = trainer.data
        let H = Double(spec.hidden), V = Double(spec.vocabulary.count)
        let gates = Double(cell == .lstm ? 4 : cell == .gru ? 3 : 1)
        // One step: every window full-batch, one batch with a batch size.
        let windows = min(data.count, spec.training.batchSize ?? data.count)
        let work = 6 * Double(windows * data.window) * (gates * H * 2 * H + V * H)
        return work > 3e8
    }

    /// Epochs granted to the worker and not yet applied.
    public var backgroundEpochsOutstanding: Int { worker?.outstanding ?? 0 }

    /// Epochs the worker finished that the lab has not applied yet.
    public var backgroundEpochsDelivered: Int { worker?.delivered ?? 0 }

    /// Starts a worker from the lab's current state (the partner's too, when it is level and
    /// would train in step), unless one runs.
    public func startBackgroundTraining() {
        guard worker == nil else { return }
        branch()
        captureIfDue()
        worker = TrainingWorker(
            state: trainer.state, data: trainer.data, validation: trainer.validation,
            // The partner trains in step only from level; one behind catches up on its own thread.
            partnerState: partner.flatMap { $0.epoch == epoch && partnerJob == nil ? $0.trainer.state : nil }, vocabulary: spec.vocabulary, input: input, target: target,
            keepsSnapshots: historyCapacity.snapshots > 0, gate: epochGate)
        worker?.setUpdatesWanted(updatesWanted)
        // The worker has buffers of its own: the lab's are not needed until it trains here again.
        trainer.releaseBuffers()
        partner?.trainer.releaseBuffers()
        // Nor Adam's moments, which the worker now holds (and hands back when it stops): kept
        // here too, its first update would copy them (68 MB for an H=1024 LSTM).
        if !updatesWanted {
            trainer.restore(trainer.state.droppingMoments())
            if let partner, partner.epoch == epoch, partnerJob == nil { partner.trainer.restore(partner.trainer.state.droppingMoments()) }
        }
    }

    /// Lets the worker run `epochs` more epochs (starting one if needed).
    public func grantBackgroundEpochs(_ epochs: Int) {
        startBackgroundTraining()
        worker?.grant(epochs)
    }

    /// Applies the epochs the worker finished since the last call. Returns how many were
    /// applied and the event of a loss that was not finite (the worker then stops).
    @discardableResult
    public func collectBackgroundTraining() -> (epochs: Int, event: LabEvent?) {
        guard let worker, let delivery = worker.take() else { return (0, nil) }
        var (epochs, event) = apply(delivery)
        if event != nil || worker.stopped {
            // Training ends here: the whole state (Adam's moments too) comes back.
            let rest = apply(worker.stop())
            epochs += rest.epochs
            event = event ?? rest.event
            self.worker = nil
        }
        return (epochs, event)
    }

    /// Applies a delivery (or `TrainingWorker.stop()`'s hand-back): its results, its state
    /// (a state without Adam's moments while the worker trains on), the partner's, and the
    /// pass over the sequence on screen (made here when the delivery has none for it).
    private func apply(_ delivery: TrainingWorker.Delivery) -> (epochs: Int, event: LabEvent?) {
        var event: LabEvent?
        for result in delivery.results where event == nil {
            event = record(result)
            // The snapshots the worker took at the schedule's epochs, with the curves as they were then.
            if event == nil, let state = delivery.snapshots.first(where: { $0.epoch == result.epoch }) { capture(state) }
        }
        let moved = delivery.state.map { $0.steps != trainer.step || $0.epoch != epoch } ?? false
        if let state = delivery.state { trainer.restore(state) }
        if delivery.update != nil || moved { deliveredUpdate = delivery.update }
        refreshSampleIfDue()
        if let partner, let state = delivery.partnerState {
            let partnerMoved = state.steps != partner.trainer.step || state.epoch != partner.epoch
            partner.adopt(state, losses: delivery.partnerLosses, trace: delivery.partnerTrace ?? partner.trace)
            if delivery.partnerTrace == nil, partnerMoved { partner.retrace(input: input, target: target) }
        }
        if delivery.input == input, delivery.target == target, let trace = delivery.trace {
            setTrace(trace)
        } else if moved || delivery.input != input || delivery.target != target {
            // The sequence on screen changed after the worker traced, or the hand-back has no pass: trace it here.
            if let fresh = try? model.trace(input: input, target: target) { setTrace(fresh) }
            if delivery.partnerTrace != nil { partner?.retrace(input: input, target: target) }
        }
        if !delivery.predictions.isEmpty {
            predictions = delivery.predictions
        } else if moved {
            refreshPredictions()
        }
        return (delivery.results.count, event)
    }

    /// Stops the worker: what it delivered and the epochs it finished since are applied, with
    /// Adam's moments; a step whose pass was in flight is dropped. Nothing to do when no
    /// worker runs.
    @discardableResult
    public func stopBackgroundTraining() -> LabEvent? {
        guard let running = worker else { return nil }
        let event = collectBackgroundTraining().event
        guard worker != nil else { return event }
        let rest = apply(running.stop())
        worker = nil
        return event ?? rest.event
    }

    /// Waits for the worker to finish every granted epoch, then applies them (tests, and
    /// callers that need the model now).
    @discardableResult
    public func finishBackgroundTraining() -> LabEvent? {
        worker?.waitUntilIdle()
        return stopBackgroundTraining()
    }
}
