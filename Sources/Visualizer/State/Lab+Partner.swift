import RNNCore

/// The comparison partner's catch-up on a thread of its own (`PartnerCatchUp`, the terminal
/// only): opening the comparison view after k epochs, `r`, `c` or `P` never hold up a key while
/// the partner is made and trained k epochs. The lab applies the finished partner between
/// frames and stays the one owner of what the views read; the view shows the progress. Every
/// change that drops the partner cancels the job (`dropPartner`); a new one starts from the
/// new model. When the main model trained on meanwhile, the partner chases it in a new job.
extension Lab {
    /// The partner's settings: the main model's, with the partner's cell.
    var partnerSpec: ModelSpec {
        var partnerSpec = spec
        partnerSpec.cell = partnerCell
        partnerSpec.activation = partnerCell.isGated ? .tanh : spec.activation
        return partnerSpec
    }

    /// Whether making the partner and training it `epochs` epochs is too slow to do between two
    /// keys: every window's forward and backward pass through its cell (as `epochIsSlow`), and
    /// making its weights and pass, against `partnerWorkBetweenKeys`. A small model's partner is
    /// made in place, so a lesson's narration never shows it missing for a frame.
    func partnerCatchUpIsSlow(epochs: Int) -> Bool {
        let data = trainer.data
        let H = Double(spec.hidden), V = Double(spec.vocabulary.count)
        let gates = Double(partnerCell == .lstm ? 4 : partnerCell == .gru ? 3 : 1)
        let epoch = 6 * Double(data.count * data.window) * (gates * H * 2 * H + V * H)
        let making = 40 * gates * H * 2 * H
        return Double(epochs) * epoch + making > partnerWorkBetweenKeys
    }

    /// The catch-up on its thread, as the comparison view shows it.
    public struct PartnerCatchUpProgress: Sendable, Equatable {
        public let cell: CellKind
        /// The epoch it started from, the one it reached, the one it trains to.
        public let start: Int
        public let reached: Int
        public let target: Int
    }

    /// The running catch-up, if any.
    public var partnerCatchUp: PartnerCatchUpProgress? {
        guard let partnerJob else { return nil }
        let progress = partnerJob.progress
        return PartnerCatchUpProgress(cell: partnerJob.cell, start: partnerJob.startEpoch, reached: progress.reached, target: progress.target)
    }

    /// The partner goes (the model, its cell or the epoch shown changed): a catch-up stops.
    func dropPartner() {
        partnerJob?.cancel()
        partnerJob = nil
        partnerProgressShown = nil
        partner = nil
    }

    /// Starts catching a partner up to `target` on its thread: a fresh one from the seed, or
    /// the current one from its `state`.
    func startCatchUp(from state: TrainerState?, losses: [Float], to target: Int) {
        partnerJob?.cancel()
        partnerJob = PartnerCatchUp(
            spec: partnerSpec, state: state, losses: losses, data: trainer.data, target: target,
            input: input, targetTokens: self.target, gate: catchUpGate)
        partnerProgressShown = nil
    }

    /// Whether the partner catches up on a thread (the terminal loop sets this). Turning it
    /// off finishes a running catch-up here.
    public func catchUpPartnerInBackground(_ on: Bool) {
        partnerInBackground = on
        if !on { finishPartnerCatchUp() }
    }

    /// Between frames: applies a finished catch-up, and starts the partner chasing the main
    /// model when it trained on meanwhile. Returns whether the comparison view changed (a new
    /// partner, or the catch-up's progress).
    @discardableResult
    public func collectPartnerCatchUp() -> Bool {
        guard let job = partnerJob else { return chasePartner() }
        guard let result = job.take() else {
            let reached = job.progress.reached
            defer { partnerProgressShown = reached }
            return reached != partnerProgressShown
        }
        partnerJob = nil
        partnerProgressShown = nil
        let made = Partner(caughtUp: result, data: trainer.data)
        // Settings changed meanwhile (a lesson's `lr`) apply from here on, as they would have.
        made.setOptions(spec.training)
        if result.input != input || result.target != target { made.retrace(input: input, target: target) }
        partner = made
        _ = chasePartner()
        return true
    }

    /// A partner behind the main model (which trained on while it caught up) catches up again,
    /// when the view wants it and the budget allows.
    private func chasePartner() -> Bool {
        guard partnerInBackground, partnerWanted, partnerJob == nil, rebuildJob == nil, let partner, partner.cell == partnerCell,
              partner.epoch < epoch, Partner.canCatchUp(from: partner.epoch, to: epoch, data: trainer.data)
        else { return false }
        if partnerCatchUpIsSlow(epochs: epoch - partner.epoch) {
            startCatchUp(from: partner.trainer.state, losses: partner.losses, to: epoch)
        } else {
            _ = partner.catchUp(to: epoch)
            partner.retrace(input: input, target: target)
        }
        return true
    }

    /// Waits for a running catch-up and applies it (tests, and callers that need the partner now).
    @discardableResult
    public func finishPartnerCatchUp() -> Bool {
        var changed = false
        while let job = partnerJob {
            job.waitUntilDone()
            changed = collectPartnerCatchUp() || changed
        }
        return changed
    }
}
