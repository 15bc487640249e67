import RNNCore
import Localization

/// One moment of this session's training the lab can rewind to: the trainer's state (weights,
/// Adam's moments and step count) and how much of the curves it had drawn.
struct LabSnapshot: TrainingHistoryEntry {
    let snapshot: TrainingSnapshot
    /// `losses.count` and `validationLosses.count` when it was taken.
    let lossCount: Int
    let validationCount: Int
    let gradientNorms: (before: Float, after: Float)?
    var epoch: Int { snapshot.epoch }
    var byteCount: Int { snapshot.byteCount }
}

/// What the lab put aside while it shows the past: the present, to come back to.
struct PresentState {
    let state: TrainerState
    let losses: [Float]
    let validationLosses: [Float]
    let gradientNorms: (before: Float, after: Float)?
    let partner: Partner?
}

/// Rewinding (issue 16 §3): training keeps snapshots at the epochs `SnapshotSchedule` picks, in
/// a `TrainingHistory` bounded by count and bytes; `rewind` shows the model as it was at one
/// of them (every view reads the lab, so every view shows the past), the present is kept aside
/// (`present`) to come back to, and any change to the model in the past branches from there:
/// the later snapshots and the present are dropped (`branch`). Rebuilding the model clears the
/// history.
extension Lab {
    /// Whether the model on screen is a snapshot of the past.
    public var isInPast: Bool { present != nil }

    /// The epoch of the present (the one training reached), whether or not the past is shown.
    public var presentEpoch: Int { present?.state.epoch ?? epoch }

    /// The epochs of the snapshots kept, oldest first.
    public var historyEpochs: [Int] { history.epochs }

    /// The present's loss curve (the whole curve, also while the past is shown).
    public var presentLosses: [Float] { present?.losses ?? losses }

    /// How many snapshots of this model the history's limits allow, and the bytes of each.
    public var historyCapacity: (snapshots: Int, bytesEach: Int) {
        let bytes = TrainerState.byteCount(shape: model.config.shape, optimizer: spec.training.optimizer)
        return (history.capacity(snapshotBytes: bytes), bytes)
    }

    /// The history as the views draw it.
    var historyFrame: Frame.HistoryFrame {
        let capacity = historyCapacity
        return Frame.HistoryFrame(
            epochs: history.epochs, pastEpoch: isInPast ? epoch : nil, presentEpoch: presentEpoch, presentLosses: presentLosses,
            capacity: capacity.snapshots, bytesEach: capacity.bytesEach, maxCount: history.maxCount, maxBytes: history.maxBytes)
    }

    /// Takes a snapshot of the model as it is now when the schedule asks for one at this epoch,
    /// or when the history is empty (where this session's training starts).
    func captureIfDue() {
        guard !isInPast, history.isEmpty || SnapshotSchedule.isDue(epoch: epoch), history.entries.last?.epoch != epoch else { return }
        capture(trainer.state)
    }

    /// Keeps `state` (taken after the epochs recorded so far) in the history.
    func capture(_ state: TrainerState) {
        history.add(LabSnapshot(
            snapshot: TrainingSnapshot(state), lossCount: losses.count, validationCount: validationLosses.count,
            gradientNorms: lastGradientNorms))
    }

    /// Shows the model as it was at the newest snapshot at or before `epoch` (stopping training
    /// first); nil when there is none (no training yet, or the history kept nothing that early).
    @discardableResult
    public func rewind(to epoch: Int) -> LabEvent? {
        stopBackgroundTraining()
        guard let entry = history.entry(atOrBefore: epoch) else { return nil }
        if entry.epoch >= presentEpoch {
            // The snapshot is the present itself.
            returnToPresent()
            return .returnedToPresent(epoch: self.epoch)
        }
        show(entry)
        return .rewound(epoch: entry.epoch, presentEpoch: presentEpoch)
    }

    /// `,`: the snapshot before the one shown (from the present: the newest before it).
    /// In the terminal a slow pass of the model shown runs on the rebuild's thread
    /// (`RebuildJob.Kind.rewind`): a rewind in flight counts as landed, so `,,` moves two
    /// snapshots back as in place.
    public func rewindStep(back: Bool) -> LabEvent {
        stopBackgroundTraining()
        var pending: LabSnapshot??
        if case .rewind(let entry)? = rebuildJob?.kind { pending = .some(entry) } else { finishRebuild() }
        let now = pending.map { $0?.epoch ?? presentEpoch } ?? epoch
        let inPast = pending.map { $0 != nil } ?? isInPast
        if back {
            guard let entry = history.entry(before: now) else {
                if history.isEmpty, historyCapacity.snapshots == 0 {
                    let megabytes = Int((Double(historyCapacity.bytesEach) / Double(1 << 20)).rounded())
                    return .refused(Message("error.lab.no_snapshots", ["megabytes": String(megabytes)]))
                }
                return history.isEmpty ? .noHistory : .refused(Message("error.lab.oldest_snapshot", ["epoch": String(now)]))
            }
            return go(to: entry)
        }
        guard inPast else { return .refused(Message("error.lab.at_present", ["epoch": String(now)])) }
        if let entry = history.entry(after: now), entry.epoch < presentEpoch { return go(to: entry) }
        return go(to: nil)
    }

    /// Shows `entry` (nil: the present), here or, when its pass is slow, once the rebuild's
    /// thread has made it.
    private func go(to entry: LabSnapshot?) -> LabEvent {
        if rebuildsInBackground, traceIsSlow(steps: input.count) {
            rebuildJob?.cancel()
            rebuildJob = nil
            // Back where the screen already is (a rewind in flight undone): nothing to make.
            if entry?.epoch == (isInPast ? epoch : nil) {
                return entry.map { .rewound(epoch: $0.epoch, presentEpoch: presentEpoch) } ?? .returnedToPresent(epoch: epoch)
            }
            let model = entry?.snapshot.state.model ?? present?.state.model ?? self.model
            let partner = entry == nil ? present?.partner?.trainer.model : nil
            let (vocabulary, input, target, data) = (spec.vocabulary, input, target, data)
            rebuildJob = RebuildJob(spec: spec, kind: .rewind(to: entry), event: { _ in .noHistory }, gate: rebuildGate) {
                var made = try RebuildJob.tracing(model, partner: partner, data: data, input: input, target: target)
                made.predictions = Lab.predictions(of: model, vocabulary: vocabulary)
                // As `Partner.retrace` keeps it.
                made.partnerTrace = made.partnerTrace?.droppingParameterGradients()
                return made
            }
            return .rewinding(epoch: entry?.epoch)
        }
        guard let entry else {
            returnToPresent()
            return .returnedToPresent(epoch: epoch)
        }
        show(entry)
        return .rewound(epoch: entry.epoch, presentEpoch: presentEpoch)
    }

    /// A rewind's pass made on the rebuild's thread lands: the model at `entry` (nil: the
    /// present) goes on screen with it, as `show` and `returnToPresent` put it in place.
    func land(rewind made: RebuildJob.Result, to entry: LabSnapshot?) -> LabEvent {
        guard let entry else {
            returnToPresent(made: made)
            return .returnedToPresent(epoch: epoch)
        }
        show(entry, made: made)
        return .rewound(epoch: entry.epoch, presentEpoch: presentEpoch)
    }

    /// `made`: the model's pass and guesses, made on the rebuild's thread (nil: made here).
    private func show(_ entry: LabSnapshot, made: RebuildJob.Result? = nil) {
        if present == nil {
            present = PresentState(
                state: trainer.state, losses: losses, validationLosses: validationLosses, gradientNorms: lastGradientNorms,
                partner: partner)
        }
        let all = present?.losses ?? losses, allValidation = present?.validationLosses ?? validationLosses
        trainer.restore(entry.snapshot.state)
        trainer.setOptions(spec.training)
        losses = Array(all.prefix(entry.lossCount))
        validationLosses = Array(allValidation.prefix(entry.validationCount))
        lastGradientNorms = entry.gradientNorms
        // The partner is made again at this epoch when the comparison view wants it (and
        // traced once, by `retrace`).
        dropPartner()
        if partnerWanted { _ = preparePartner(tracing: false) }
        retrace(made: made)
    }

    /// Back to the present the past was shown from (nothing to do in the present).
    public func returnToPresent() { returnToPresent(made: nil) }

    private func returnToPresent(made: RebuildJob.Result?) {
        guard let present else { return }
        trainer.restore(present.state)
        trainer.setOptions(spec.training)
        losses = present.losses
        validationLosses = present.validationLosses
        lastGradientNorms = present.gradientNorms
        dropPartner()
        partner = present.partner
        self.present = nil
        // The present's partner gets its pass from `retrace`: in the terminal the one the
        // rebuild's thread made (at H=1024 a full pass the input thread no longer makes).
        if partnerWanted { _ = preparePartner(tracing: false) }
        retrace(made: made, partnerAtStart: present.partner)
    }

    /// `retrace`, or what the rebuild's thread made for it: the pass, the guesses and the pass
    /// of the partner it started with (`partnerAtStart`; another one is traced here).
    private func retrace(made: RebuildJob.Result?, partnerAtStart: Partner? = nil) {
        guard let made else { return retrace() }
        setTrace(made.trace)
        if let partner {
            if partner === partnerAtStart, let trace = made.partnerTrace { partner.setTrace(trace) } else { partner.retrace(input: input, target: target) }
        }
        predictions = made.predictions
    }

    /// Makes the past shown the present: the later snapshots and the old present are dropped,
    /// and training continues from here. Nothing to do in the present.
    @discardableResult
    public func branch() -> LabEvent? {
        guard let present else { return nil }
        let dropped = present.state.epoch
        history.removeAll(after: epoch)
        self.present = nil
        return .branched(epoch: epoch, dropped: dropped)
    }

    /// An empty history for `spec`'s model, its byte budget by the model's size
    /// (`TrainingHistory.budget`).
    static func history(for spec: ModelSpec) -> TrainingHistory<LabSnapshot> {
        let shape = ModelShape(vocabSize: spec.vocabulary.count, hidden: spec.hidden, cell: spec.cell)
        let bytes = TrainerState.byteCount(shape: shape, optimizer: spec.training.optimizer)
        return TrainingHistory(maxBytes: TrainingHistory<LabSnapshot>.budget(snapshotBytes: bytes))
    }

    /// Forgets every snapshot (a rebuilt model starts a new history).
    func clearHistory() {
        history = Self.history(for: spec)
        present = nil
    }
}
