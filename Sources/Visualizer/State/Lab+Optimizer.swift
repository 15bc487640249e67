import RNNCore
import ScopeNames

/// The optimizer view's data: the last update (the trainer's gradient, or the worker's last
/// delivered one), the optimizer's state (the trainer's own), and before any step the update
/// the next epoch would make. Nothing is copied per epoch: the gradient is the buffer training
/// made anyway, kept only while the view is open.
extension Lab {
    /// What the preview was computed for: the weights (via the trace's version), the epoch and
    /// the settings.
    struct PreviewKey: Equatable {
        let epoch: Int
        let traceVersion: Int
        let training: String
    }

    /// The optimizer view is open (or not): the worker then delivers each epoch's gradient.
    public func setUpdatesWanted(_ wanted: Bool) {
        updatesWanted = wanted
        worker?.setUpdatesWanted(wanted)
        // The view shows Adam's moments, which a worker keeps to itself while the view is
        // closed: stopping it brings them back (continuous training starts it again at the
        // next tick, delivering them from then on).
        if wanted, isTrainingInBackground, !trainer.state.hasMoments { stopBackgroundTraining() }
        // Closed: the kept gradient goes (a gradient-sized buffer, 34 MB for an H=1024 LSTM).
        if !wanted {
            previewCache = nil
            deliveredUpdate = nil
        }
    }

    /// The last applied update, nil before the first epoch here, after a change to the weights
    /// other than training, and after continuous training while the view was closed.
    public var lastUpdate: UpdateRecord? {
        if let delivered = deliveredUpdate, delivered.epoch == epoch, delivered.optimizer == spec.training.optimizer { return delivered }
        return trainer.lastUpdate
    }

    /// The optimizer's state now (after the last update).
    public var optimizerState: OptimizerState { trainer.optimizerState }

    /// Why the optimizer view has no update to explain (the view words it).
    enum NoUpdate: Sendable, Equatable {
        /// No epoch trained yet.
        case notYet
        /// The last update was not kept: the weights changed since, or T trained while the view was closed.
        case notKept
    }

    /// The update the optimizer view explains: the last applied one, else the one the next
    /// epoch would apply (computed once for these weights; not for a model whose epoch is slow).
    /// Nil, with the reason, when there is neither.
    func updateToExplain() -> (update: UpdateRecord?, reason: NoUpdate?) {
        if let last = lastUpdate { return (last, nil) }
        let noStep: NoUpdate = epoch == 0 ? .notYet : .notKept
        if epochIsSlow { return (nil, noStep) }
        let training = spec.training
        let key = PreviewKey(epoch: epoch, traceVersion: traceVersion,
                             training: "\(training.optimizer) \(training.learningRate) \(String(describing: training.clipNorm)) \(String(describing: training.clipValue))")
        if let cached = previewCache, cached.key == key { return (cached.record, cached.record == nil ? noStep : nil) }
        if isTrainingInBackground { return (nil, noStep) }
        let record = trainer.previewUpdate()
        previewCache = (key, record)
        return (record, record == nil ? noStep : nil)
    }
}
