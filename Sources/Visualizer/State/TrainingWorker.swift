import Foundation
import RNNCore

/// Continuous training on a thread of its own, so that no key waits for an epoch: at H=1024 an
/// epoch of the notes' windows takes about a second (six for the LSTM).
///
/// The worker trains its own trainer (and the partner's), built from the lab's state when it
/// starts. The input thread grants it epochs (`grant`), and takes what it finished (`take`)
/// between frames: the epochs' results, the state after the last one, and the pass over the
/// sequence on screen at that state. The lab stays the one owner of what the views read; it
/// applies a delivery to its own trainer. `cancel` stops the worker: the epoch in flight (if
/// any) finishes on the worker's own trainer and is thrown away, so it never touches the lab.
///
/// `@unchecked Sendable`: the two threads share only the properties marked "shared" below,
/// and every read and write of them holds `condition`'s lock. The worker's trainers are made
/// on the worker thread and never leave it; what crosses over (`TrainerState`, `Trace`,
/// `EpochResult`, token arrays, strings) is made of Sendable values.
final class TrainingWorker: @unchecked Sendable {
    /// What the worker finished since the last `take`.
    struct Delivery {
        var results: [EpochResult] = []
        /// The main trainer's state after each result whose epoch `SnapshotSchedule` picks.
        var snapshots: [TrainerState] = []
        /// The main trainer's state after the last result.
        var state: TrainerState
        /// The partner's state and the losses of its epochs since the last take.
        var partnerState: TrainerState?
        var partnerLosses: [Float] = []
        /// The pass over `input`/`target` (the sequence on screen when it was made) at `state`.
        var input: [Int]
        var target: [Int]
        var trace: Trace?
        var partnerTrace: Trace?
        var predictions: [(prompt: String, next: String)] = []
        /// The last epoch's update (its gradient), when the optimizer view wants it.
        var update: UpdateRecord?
    }

    private let condition = NSCondition()
    // Shared (under `condition`):
    private var credit = 0
    private var busy = false
    /// Epochs finished but not yet delivered (the last delivery was not taken yet).
    private var undelivered = 0
    private var cancelled = false
    private var stoppedByLoss = false
    private var sequence: (input: [Int], target: [Int])
    private var mailbox: Delivery?
    private var updatesWanted = false
    /// Whether the lab's history keeps snapshots of this model at all (`Delivery.snapshots`).
    private let keepsSnapshots: Bool

    /// Starts a worker continuing from `state` (and the partner's `partnerState`) over `data`.
    /// `keepsSnapshots`: whether to take the snapshots `SnapshotSchedule` picks (false when the
    /// lab's history has no room for one of this model).
    init(state: TrainerState, data: TrainingSet, validation: TrainingSet?, partnerState: TrainerState?,
         vocabulary: Vocabulary, input: [Int], target: [Int], keepsSnapshots: Bool = true, gate: (@Sendable () -> Void)? = nil) {
        sequence = (input, target)
        self.keepsSnapshots = keepsSnapshots
        let thread = Thread { [self] in
            let trainer = Trainer(state: state, data: data, validation: validation)
            let partner = partnerState.map { Trainer(state: $0, data: data, validation: nil) }
            trainer.keepsBuffers = false
            partner?.keepsBuffers = false
            work(trainer: trainer, partner: partner, prompts: SeedNotes.prompts(spelledBy: vocabulary), gate: gate)
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Lets the worker run `epochs` more epochs.
    func grant(_ epochs: Int) {
        guard epochs > 0 else { return }
        condition.withLock {
            credit += epochs
            condition.broadcast()
        }
    }

    /// Epochs granted and not yet delivered (waiting, or in flight).
    var outstanding: Int { condition.withLock { credit + (busy ? 1 : 0) + undelivered } }

    /// Epochs delivered to the mailbox and not taken yet.
    var delivered: Int { condition.withLock { mailbox?.results.count ?? 0 } }

    /// Whether the worker stopped at a loss that is not finite (it trains no more).
    var stopped: Bool { condition.withLock { stoppedByLoss } }

    /// The sequence on screen changed: the next delivery traces this one.
    func setSequence(input: [Int], target: [Int]) {
        condition.withLock { sequence = (input, target) }
    }

    /// Whether deliveries carry the last epoch's gradient (the optimizer view is open): one
    /// gradient-sized buffer the lab keeps while the worker trains on.
    func setUpdatesWanted(_ wanted: Bool) {
        condition.withLock { updatesWanted = wanted }
    }

    /// What finished since the last take, if anything.
    func take() -> Delivery? {
        condition.withLock {
            defer { mailbox = nil }
            return mailbox
        }
    }

    /// Stops the worker for good; an epoch in flight is discarded. Never waits.
    func cancel() {
        condition.withLock {
            cancelled = true
            credit = 0
            mailbox = nil
            condition.broadcast()
        }
    }

    /// Waits until every granted epoch is delivered (or the worker stopped): for tests and
    /// for callers that need the result now.
    func waitUntilIdle() {
        condition.lock()
        while (credit > 0 || busy) && !cancelled && !stoppedByLoss { condition.wait() }
        condition.unlock()
    }

    private func work(trainer: Trainer, partner: Trainer?, prompts: [String], gate: (@Sendable () -> Void)?) {
        var results: [EpochResult] = []
        var snapshots: [TrainerState] = []
        var partnerLosses: [Float] = []
        while true {
            condition.lock()
            while credit == 0 && !cancelled { condition.wait() }
            if cancelled {
                condition.unlock()
                return
            }
            credit -= 1
            busy = true
            condition.unlock()
            gate?()

            // As `Lab.trainOneEpoch`: the partner trains only while level with the main model.
            if let partner, partner.epoch == trainer.epoch {
                let result = partner.runStep()
                if result.loss.isFinite { partnerLosses.append(result.loss) }
                // Not kept beside the main model's pass (the partner's may be an LSTM's).
                partner.releaseBuffers()
            }
            let result = trainer.runStep()
            results.append(result)
            let diverged = !result.loss.isFinite
            // Only those the lab's history can keep: a state held here makes the next update
            // copy the weights and Adam's moments (about 100 MB for an H=1024 LSTM).
            if keepsSnapshots, !diverged, SnapshotSchedule.isDue(epoch: result.epoch) { snapshots.append(trainer.state) }

            // Deliver when the last delivery was taken, when the granted epochs are done, or at
            // the end; otherwise keep going and deliver the epochs together later.
            let (post, sequence, wantsUpdate) = condition.withLock {
                (mailbox == nil || credit == 0 || diverged, self.sequence, updatesWanted)
            }
            if post {
                // Taken before the buffers are freed: the delivery keeps the gradient, no copy.
                let update = wantsUpdate ? trainer.lastUpdate : nil
                // The pass buffers are made again at the next epoch: freeing them first keeps
                // them from adding to the trace's and predictions' memory (at H=1024 the
                // training pass alone is about 150 MB).
                trainer.releaseBuffers()
                partner?.releaseBuffers()
                var delivery = Delivery(state: trainer.state, partnerState: partner?.state, input: sequence.input, target: sequence.target)
                delivery.update = update
                delivery.trace = try? trainer.model.trace(input: sequence.input, target: sequence.target)
                delivery.partnerTrace = partner.flatMap {
                    (try? $0.model.trace(input: sequence.input, target: sequence.target))?.droppingParameterGradients()
                }
                let guesses = (try? trainer.model.predictNext(prompts)) ?? []
                delivery.predictions = zip(prompts, guesses).map { ($0, String($1)) }
                condition.lock()
                if !cancelled {
                    if let waiting = mailbox {
                        delivery.results = waiting.results + results
                        delivery.snapshots = waiting.snapshots + snapshots
                        delivery.partnerLosses = waiting.partnerLosses + partnerLosses
                    } else {
                        delivery.results = results
                        delivery.snapshots = snapshots
                        delivery.partnerLosses = partnerLosses
                    }
                    mailbox = delivery
                }
                results = []
                snapshots = []
                partnerLosses = []
                undelivered = 0
                if diverged {
                    stoppedByLoss = true
                    credit = 0
                }
                busy = false
                condition.broadcast()
                condition.unlock()
                if diverged { return }
            } else {
                condition.withLock {
                    busy = false
                    undelivered = results.count
                    condition.broadcast()
                }
            }
        }
    }
}
