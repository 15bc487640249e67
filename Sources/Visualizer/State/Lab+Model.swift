import RNNCore
import Localization

/// Changes to the model itself: fresh weights, cell, activation, sequence length, W_hh presets,
/// and the comparison partner. Each rebuild starts from the spec, so settings survive it.
extension Lab {
    /// Rebuilds model, data and trainer from `next` (with `parameters`, or fresh from its seed);
    /// the sequence on screen becomes window 1 and the training history starts again.
    /// `opened`: the parameters come from a weight file, trained for `epoch` epochs, with the
    /// optimizer's saved state (they become the initial weights the presets start from).
    /// Returns `event(self)` once the new model is in place. In the terminal
    /// (`rebuildsInBackground`) a slow rebuild runs on a thread of its own (`RebuildJob`): the
    /// lab keeps the old model until `collectRebuild` swaps the new one in, and returns
    /// `.rebuilding` now; a rebuild started meanwhile replaces it.
    @discardableResult
    func rebuild(_ next: ModelSpec, parameters: Parameters?, opened: (epoch: Int, optimizer: OptimizerState?)? = nil,
                 then event: @escaping (Lab) -> LabEvent) throws -> LabEvent {
        stopBackgroundTraining()
        rebuildJob?.cancel()
        rebuildJob = nil
        if rebuildsInBackground, rebuildIsSlow(next) {
            // The limits are checked here, so a refusal comes with the key, as in place.
            try next.validate()
            // A partner's catch-up for the model that goes stops now; the new one's starts
            // when it lands.
            dropPartner()
            rebuildJob = RebuildJob(spec: next, parameters: parameters, opened: opened, event: event, gate: rebuildGate)
            return .rebuilding(seed: next.seed, cell: next.cell, hidden: next.hidden)
        }
        install(try RebuildJob.make(next, parameters: parameters), spec: next, parameters: parameters, opened: opened)
        return event(self)
    }

    /// Puts a rebuilt model in place of the old one, all at once (on the input thread).
    func install(_ built: RebuildJob.Result, spec next: ModelSpec, parameters: Parameters?,
                         opened: (epoch: Int, optimizer: OptimizerState?)?) {
        stopBackgroundTraining()
        if parameters == nil {
            initialRecurrent = .fresh(next)
        } else if opened != nil {
            initialRecurrent = .kept(built.keptRecurrent ?? built.model.parameters[.weightHH])
        }
        spec = next
        data = built.data
        deliveredUpdate = nil
        trainer = next.makeTrainer(
            model: built.model, data: built.data, startingEpoch: opened?.epoch ?? 0, resuming: opened?.optimizer)
        (input, target) = (built.input, built.target)
        windowIndex = 0
        losses = []
        validationLosses = []
        lastGradientNorms = nil
        clearHistory()
        setTrace(built.trace)
        resetPartner()
        predictions = built.predictions
    }

    /// Whether rebuilding `next` is too slow to do between two keys: making its weights, its
    /// pass over a window and its guesses at the notes' prompts (about 1.7 ns a unit here, by
    /// the bench's `r` figures), against `rebuildWorkBetweenKeys`.
    func rebuildIsSlow(_ next: ModelSpec) -> Bool {
        let H = Double(next.hidden), V = Double(next.vocabulary.count)
        let gates = Double(next.cell == .lstm ? 4 : next.cell == .gru ? 3 : 1)
        let work = (gates * H * 2 * H + V * H) * (40 + 3 * Double(next.window))
        return work > rebuildWorkBetweenKeys
    }

    /// The settings the model will have once a rebuild in flight lands (the current ones when
    /// none is): `r` and `c` pressed meanwhile start from them, so `rrr` ends at the same seed
    /// as three rebuilds in place.
    var upcomingSpec: ModelSpec { rebuildJob?.spec ?? spec }

    /// The rebuild in flight, as the message line names it: its seed, cell and size.
    public var pendingRebuild: (seed: UInt64, cell: CellKind, hidden: Int)? {
        rebuildJob.map { ($0.spec.seed, $0.spec.cell, $0.spec.hidden) }
    }

    /// Whether a change to the model waits for the job in flight: `O`'s file (its model is not
    /// known until it is read) or a rewind (a change in the past asks first to branch).
    public var modelChangesWait: Bool {
        switch rebuildJob?.kind {
        case .open?, .rewind?: return true
        default: return false
        }
    }

    /// The event that names the work in flight (a rebuild, or `w`'s preset).
    var pendingEvent: LabEvent? {
        guard let job = rebuildJob else { return nil }
        switch job.kind {
        case .preset(let preset): return .applyingPreset(preset, matrix: cell.recurrentMatrixName)
        case .sequence(let index?, _): return .tracingWindow(index: index, count: data.count)
        case .sequence(nil, _): return .tracingTyped
        case .rebuild: return .rebuilding(seed: job.spec.seed, cell: job.spec.cell, hidden: job.spec.hidden)
        case .open(let path): return .opening(path: path)
        case .rewind(let entry?): return .rewinding(epoch: entry.epoch)
        case .rewind(nil): return .rewinding(epoch: nil)
        }
    }

    /// Between frames: swaps in a finished rebuild and returns what it did (nil while none
    /// has finished).
    public func collectRebuild() -> LabEvent? {
        guard let job = rebuildJob, let outcome = job.take() else { return nil }
        rebuildJob = nil
        switch outcome {
        case .success(let built):
            switch job.kind {
            case .preset: setPreset(built)
            case .sequence(let index, let partner): land(sequence: built, windowIndex: index, partnerAtStart: partner)
            case .rebuild(let parameters, let opened): install(built, spec: job.spec, parameters: parameters, opened: opened)
            case .open:
                guard let file = built.opened else { return nil }
                return install(opened: built, file)
            case .rewind(let entry): return land(rewind: built, to: entry)
            }
            return job.event(self)
        case .failure(let box):
            // A file or a rewind that failed left the partner where it was.
            switch job.kind {
            case .open, .rewind: break
            default: if partnerWanted { _ = preparePartner() }
            }
            return .refused(.describing(box.error))
        }
    }

    /// Waits for a rebuild in flight and swaps it in (tests, lessons, and changes that need
    /// the new model's weights).
    @discardableResult
    public func finishRebuild() -> LabEvent? {
        guard let job = rebuildJob else { return nil }
        job.waitUntilDone()
        return collectRebuild()
    }

    /// Esc while rebuilding: the rebuild is thrown away and the old model stays.
    public func cancelRebuild() -> LabEvent? {
        guard let job = rebuildJob else { return nil }
        job.cancel()
        rebuildJob = nil
        if case .preset = job.kind { return .presetCancelled(matrix: cell.recurrentMatrixName) }
        if case .sequence = job.kind { return windowIndex.map { .showingWindow(index: $0, count: data.count) } }
        if case .open(let path) = job.kind { return .openCancelled(path: path) }
        if case .rewind = job.kind { return .rewindCancelled(epoch: epoch) }
        if partnerWanted { _ = preparePartner() }
        return .rebuildCancelled(seed: spec.seed)
    }

    /// Whether slow rebuilds run on a thread (the terminal loop sets this). Turning it off
    /// finishes a rebuild in flight here.
    public func rebuildInBackground(_ on: Bool) {
        rebuildsInBackground = on
        if !on { finishRebuild() }
    }

    /// Fresh weights from `seed` (the next seed when nil), training history cleared.
    @discardableResult
    public func reinitialise(seed: UInt64? = nil) -> LabEvent {
        var next = upcomingSpec
        next.seed = seed ?? next.seed &+ 1
        do { return try rebuild(next, parameters: nil) { _ in .reinitialised(seed: next.seed) } } catch { return .refused(.describing(error)) }
    }

    /// A new model of `cell`, fresh weights from the current seed.
    @discardableResult
    public func setCell(_ cell: CellKind) throws -> LabEvent {
        var next = upcomingSpec
        next.cell = cell
        if cell.isGated { next.activation = .tanh }
        return try rebuild(next, parameters: nil) { .cellChanged(cell, seed: $0.spec.seed) }
    }

    /// RNN → GRU → LSTM → RNN.
    public func cycleCell() -> LabEvent {
        let all = CellKind.allCases
        let next = all[((all.firstIndex(of: upcomingSpec.cell) ?? 0) + 1) % all.count]
        do { return try setCell(next) } catch { return .refused(.describing(error)) }
    }

    /// tanh ↔ relu for the plain RNN, keeping the weights (the curve starts again).
    public func toggleActivation() -> LabEvent {
        finishRebuild()
        guard !cell.isGated else { return .noActivation(cell) }
        var next = spec
        next.activation = spec.activation == .tanh ? .relu : .tanh
        do { return try rebuild(next, parameters: model.parameters) { _ in .activationChanged(next.activation) } } catch { return .refused(.describing(error)) }
    }

    /// Window lengths `[` and `]` step through, up to the text's length.
    static let lengthLadder = [2, 5, 10, 20, 30, 50, 100, 150, 200, 300, 500, 1000]

    /// One rung up or down the ladder of sequence lengths.
    public func changeLength(longer: Bool) -> LabEvent {
        finishRebuild()
        // The same limit as every other sequence: what one recorded pass may hold.
        let cap = min(spec.maxWindow, spec.maxSequenceLength)
        let stops = Self.lengthLadder.filter { $0 < cap } + [cap]
        let current = spec.window
        guard let steps = longer ? stops.first(where: { $0 > current }) : stops.last(where: { $0 < current }) else {
            if longer, cap < spec.maxWindow {
                // Short enough for an 80-column message line.
                return .refused(Message("error.lab.no_longer_window", [
                    "steps": String(spec.maxSequenceLength), "size": spec.vocabulary.count > spec.hidden ? "V=\(spec.vocabulary.count)" : "H=\(spec.hidden)",
                    "limit": String(ModelLimits.maxTracedStepUnits),
                ]))
            }
            return .lengthAtLimit(longer: longer, steps: current)
        }
        do { return try setLength(steps) } catch { return .refused(.describing(error)) }
    }

    /// Sequences of `steps` (same weights), windows strided to keep an epoch small.
    @discardableResult
    public func setLength(_ steps: Int) throws -> LabEvent {
        guard (1...spec.maxWindow).contains(steps) else {
            throw RNNScopeError(Message("error.lab.window_does_not_fit", ["steps": String(steps), "max": String(spec.maxWindow)]))
        }
        var next = spec
        next.window = steps
        next.stride = 1
        finishRebuild()
        return try rebuild(next.withInteractiveStride(), parameters: model.parameters) {
            .lengthChanged(steps: steps, windows: $0.data.count, stride: $0.data.stride)
        }
    }

    /// Holds out the last `windows` windows for validation from now on (a lesson's `holdout`),
    /// keeping the weights; the curves start again.
    @discardableResult
    public func setHoldout(_ windows: Int) throws -> LabEvent {
        finishRebuild()
        var next = spec
        next.holdout = windows
        return try rebuild(next, parameters: model.parameters) { .holdoutChanged(heldOut: windows, windows: $0.data.count) }
    }

    /// Changes the batching (a lesson's `batch_size`, `shuffle`), keeping the weights and
    /// Adam's state; every limit of the spec is checked (one batch must fit, as one full batch
    /// must). Training goes on from the start of the next epoch's batches.
    public func setBatching(_ change: (inout TrainingOptions) -> Void) throws {
        finishRebuild()
        stopBackgroundTraining()
        var next = spec
        change(&next.training)
        if next.training.batchSize == nil { next.training.shuffle = false }
        next = next.withInteractiveStride()
        try next.validate()
        guard next.stride == spec.stride else {
            // Full-batch needs a coarser stride than mini-batch: the windows change.
            // Lessons only (rebuilt in place): nothing to report.
            try rebuild(next, parameters: model.parameters) { _ in .noHistory }
            return
        }
        spec = next
        trainer.shuffleSeed = next.seed
        trainer.setOptions(next.training)
        partner?.setOptions(next.training)
        sample = nil
    }

    /// Multiplies W_hh by `factor`, keeping the optimizer's state (a lesson's `scale_whh`).
    public func scaleRecurrentWeights(by factor: Float) {
        stopBackgroundTraining()
        branch()
        deliveredUpdate = nil
        trainer.updateParameters { $0[.weightHH] = $0[.weightHH].map { $0 * factor } }
        retrace()
    }

    /// Sets W_hh (a gated cell: its candidate block) to `preset` applied to the model's
    /// initial W_hh, so a cycle of presets always starts from the same matrix. In the terminal
    /// a slow one (H=1024: seconds) runs on the rebuild's thread, `.applyingPreset` meanwhile.
    @discardableResult
    public func setRecurrentWeights(_ preset: RecurrentPreset) throws -> LabEvent {
        finishRebuild()
        stopBackgroundTraining()
        // The initial W_hh is made (or copied) in `work`: on the rebuild's thread in the terminal.
        let (current, initial, spec, data, input, target) = (model.parameters, initialRecurrent, spec, data, input, target)
        let work: @Sendable () throws -> RebuildJob.Result = {
            var start = current
            start[.weightHH] = initial.weights
            return try RebuildJob.applying(preset, to: start, spec: spec, data: data, input: input, target: target)
        }
        let matrix = cell.recurrentMatrixName
        let event: (Lab) -> LabEvent = { lab in
            let spectrum = lab.presetSpectrum ?? (0, 0)
            return .presetApplied(preset, matrix: matrix, sigmaMax: spectrum.sigmaMax, rho: spectrum.rho)
        }
        if rebuildsInBackground, rebuildIsSlow(spec) {
            rebuildJob = RebuildJob(spec: spec, kind: .preset(preset), event: event, gate: rebuildGate, work: work)
            return .applyingPreset(preset, matrix: matrix)
        }
        setPreset(try work())
        return event(self)
    }

    /// Puts a preset's W_hh, pass and guesses in place (the optimizer's state is kept).
    private func setPreset(_ made: RebuildJob.Result) {
        stopBackgroundTraining()
        branch()
        deliveredUpdate = nil
        trainer.updateParameters { $0 = made.model.parameters }
        setTrace(made.trace)
        partner?.retrace(input: input, target: target)
        predictions = made.predictions
        presetSpectrum = made.spectrum
    }

    /// `w`: the next of σ_max 0.5, 0.9, 1.0, 1.1, 1.5, orthogonal, identity.
    public func nextRecurrentPreset() -> LabEvent {
        presetIndex = (presetIndex + 1) % RecurrentPreset.cycle.count
        do { return try setRecurrentWeights(RecurrentPreset.cycle[presetIndex]) } catch { return .refused(.describing(error)) }
    }

    // MARK: The comparison partner

    /// Whether a partner is kept (the comparison view is open); made, and trained to the main
    /// model's epoch, when first wanted.
    public func setPartnerWanted(_ wanted: Bool) -> LabEvent? {
        partnerWanted = wanted
        return wanted ? preparePartner() : nil
    }

    /// Makes the partner if there is none (or its cell no longer fits) and traces it. In the
    /// terminal (`partnerInBackground`) it is made and caught up on a thread of its own
    /// (`Lab+Partner`), and the comparison view shows the progress meanwhile. `tracing` false:
    /// the caller gives the partner its pass next (a rewind landing with the pass its thread
    /// made), so none is made here.
    func preparePartner(tracing: Bool = true) -> LabEvent? {
        // The new model's partner is made when it lands (`install`).
        guard rebuildJob == nil else { return nil }
        var event: LabEvent?
        if partner?.cell != partnerCell, partnerJob?.cell != partnerCell {
            stopBackgroundTraining()
            dropPartner()
            // The main model's pass buffers are made again at its next epoch: freed here, they
            // do not add to the partner's while it catches up (at H=1024, tens of MB each).
            trainer.releaseBuffers()
            // The training windows only.
            let reach = Partner.canCatchUp(from: 0, to: epoch, data: trainer.data) ? epoch : 0
            if reach < epoch { event = .partnerBehind(partnerEpoch: 0, mainEpoch: epoch) }
            if partnerInBackground, partnerCatchUpIsSlow(epochs: reach) {
                startCatchUp(from: nil, losses: [], to: reach)
            } else {
                let made = Partner(spec: partnerSpec, data: trainer.data)
                _ = made.catchUp(to: reach)
                partner = made
            }
        }
        if tracing { partner?.retrace(input: input, target: target) }
        return event
    }

    private func resetPartner() {
        stopBackgroundTraining()
        dropPartner()
        if partnerWanted { _ = preparePartner() }
    }

    /// The gated cell the RNN is compared with (a lesson's `partner`).
    public func setPartnerCell(_ cell: CellKind) {
        guard cell.isGated, cell != partnerGatedCell else { return }
        partnerGatedCell = cell
        resetPartner()
    }

    /// `g`: the partner becomes a GRU instead of an LSTM, or back (when the main model is the RNN).
    public func switchPartner() -> LabEvent {
        guard !cell.isGated else { return .partnerFixed(main: cell) }
        partnerGatedCell = partnerGatedCell == .lstm ? .gru : .lstm
        resetPartner()
        return .partnerChanged(partnerGatedCell, seed: spec.seed)
    }
}
