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
/// Memory (issue 13): a delivery's states carry no optimizer moments (`droppingMoments()`)
/// unless the optimizer view wants them, so the worker's update changes Adam's moments in place
/// instead of copying them beside the lab's (68 MB for an H=1024 LSTM). The lab gets them
/// when it stops the worker (`stop()`): the worker's trainers are then at the last epoch that
/// finished, whose results come along if they were not delivered yet. A stop waits only while
/// an update is being applied (`Phase.updating`, an optimizer step); a step whose pass was in
/// flight is dropped before it changes anything (`Trainer.runStep(applying:)`).
///
/// `@unchecked Sendable`: the two threads share only the properties marked "shared" below,
/// and every read and write of them holds `condition`'s lock. The worker's trainers are made
/// on the worker thread; the input thread reads their `state` only in `stop()`, under the
/// lock, while `phase` is not `.updating`: then the worker changes nothing that `state` reads
/// (a pass reads the weights and writes only its own buffers) and never will (it was
/// cancelled, so it drops the step it is in). What crosses over (`TrainerState`, `Trace`,
/// `EpochResult`, token arrays, strings) is made of Sendable values.
final class TrainingWorker: @unchecked Sendable {
    /// What the worker finished since the last `take`.
    struct Delivery {
        var results: [EpochResult] = []
        /// The main trainer's state after each result whose epoch `SnapshotSchedule` picks.
        var snapshots: [TrainerState] = []
        /// The main trainer's state after the last result; without Adam's moments unless the
        /// optimizer view wants them or training stopped (`stop()`, a loss that is not finite).
        /// Nil in `stop()`'s hand-back when the worker never started.
        var state: TrainerState?
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
    /// What the worker is doing with its trainers (`stop()` waits while `.updating`).
    private var phase = Phase.idle
    /// The states the worker starts from, until its thread makes its trainers from them.
    private var initial: (state: TrainerState, partner: TrainerState?)?
    /// The worker's trainers, once made (read by `stop()` only).
    private var trainer: Trainer?
    private var partner: Trainer?
    /// Results of epochs finished and not yet in the mailbox, with their snapshots and the
    /// partner's losses.
    private var pendingResults: [EpochResult] = []
    private var pendingSnapshots: [TrainerState] = []
    private var pendingPartnerLosses: [Float] = []

    enum Phase {
        /// Waiting for epochs, running a pass or tracing: the trainers' states are those after
        /// the last finished epoch and do not change.
        case idle
        /// Applying an update: a trainer's weights, moments and counts are changing.
        case updating
    }
    /// Whether the lab's history keeps snapshots of this model at all (`Delivery.snapshots`).
    private let keepsSnapshots: Bool

    /// Starts a worker continuing from `state` (and the partner's `partnerState`) over `data`.
    /// `keepsSnapshots`: whether to take the snapshots `SnapshotSchedule` picks (false when the
    /// lab's history has no room for one of this model).
    init(state: TrainerState, data: TrainingSet, validation: TrainingSet?, partnerState: TrainerState?,
         vocabulary: Vocabulary, input: [Int], target: [Int], keepsSnapshots: Bool = true, gate: (@Sendable () -> Void)? = nil) {
        sequence = (input, target)
        self.keepsSnapshots = keepsSnapshots
        initial = (state, partnerState)
        let thread = Thread { [self] in
            guard let (trainer, partner) = makeTrainers(data: data, validation: validation) else { return }
            work(trainer: trainer, partner: partner, prompts: SeedNotes.prompts(spelledBy: vocabulary), gate: gate)
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The worker's trainers, made from `initial` (then cleared) on the worker thread; nil
    /// when stopped first. A function of its own so that no local copy of the states outlives
    /// it: a state held for the thread's life would make every update copy the moments it shares.
    private func makeTrainers(data: TrainingSet, validation: TrainingSet?) -> (Trainer, Trainer?)? {
        condition.withLock {
            guard !cancelled, let initial else { return nil }
            let trainer = Trainer(state: initial.state, data: data, validation: validation)
            let partner = initial.partner.map { Trainer(state: $0, data: data, validation: nil) }
            trainer.keepsBuffers = false
            partner?.keepsBuffers = false
            self.trainer = trainer
            self.partner = partner
            self.initial = nil
            return (trainer, partner)
        }
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

    /// Stops the worker for good and hands back what the lab has not applied: the undelivered
    /// epochs' results (the mailbox's and those after it) and the trainers' whole states after
    /// the last finished epoch, with Adam's moments (nil states when the worker never started).
    /// No trace: the lab makes its own. Waits only while an update is being applied.
    func stop() -> Delivery {
        condition.lock()
        defer { condition.unlock() }
        cancelled = true
        credit = 0
        condition.broadcast()
        while phase == .updating { condition.wait() }
        var rest = mailbox ?? Delivery(state: nil, input: sequence.input, target: sequence.target)
        mailbox = nil
        rest.results += pendingResults
        rest.snapshots += pendingSnapshots
        rest.partnerLosses += pendingPartnerLosses
        pendingResults = []
        pendingSnapshots = []
        pendingPartnerLosses = []
        // The mailbox's pass is of its own state; a later one would not match it.
        if rest.state?.steps != trainer?.step { rest.trace = nil; rest.partnerTrace = nil }
        if let trainer {
            rest.state = trainer.state
            rest.partnerState = partner?.state
        } else if let initial {
            // The thread never made its trainers: the states it was given.
            rest.state = initial.state
            rest.partnerState = initial.partner
        }
        rest.update = nil
        return rest
    }

    /// Called by a trainer after its pass, before it changes anything: false (drop the step)
    /// once the worker was stopped; otherwise the update begins.
    private func beginUpdate() -> Bool {
        condition.withLock {
            guard !cancelled else { return false }
            phase = .updating
            return true
        }
    }

    /// The update is applied: `stop()` may read the trainers again.
    private func endUpdate(_ body: () -> Void = {}) {
        condition.withLock {
            body()
            phase = .idle
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
            // The main model's step first: a stop during the partner's pass leaves the partner
            // one epoch behind, which it catches up as any partner behind does.
            let partnerLevel = partner.map { $0.epoch == trainer.epoch } ?? false
            guard let result = trainer.runStep(applying: beginUpdate) else { return }
            let diverged = !result.loss.isFinite
            // Only those the lab's history can keep: a state held here makes the next update
            // copy the weights and Adam's moments (about 100 MB for an H=1024 LSTM).
            let snapshot = keepsSnapshots && !diverged && SnapshotSchedule.isDue(epoch: result.epoch) ? trainer.state : nil
            endUpdate {
                pendingResults.append(result)
                if let snapshot { pendingSnapshots.append(snapshot) }
            }
            if let partner, partnerLevel {
                guard let partnerResult = partner.runStep(applying: beginUpdate) else { return }
                endUpdate { if partnerResult.loss.isFinite { pendingPartnerLosses.append(partnerResult.loss) } }
                // Not kept beside the main model's pass (the partner's may be an LSTM's).
                partner.releaseBuffers()
            }

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
                // Adam's moments stay here unless the optimizer view shows them (or training
                // ends here): shared with the lab, the next update would have to copy them.
                let moments = wantsUpdate || diverged
                var delivery = Delivery(
                    state: moments ? trainer.state : trainer.state.droppingMoments(),
                    partnerState: partner.map { moments ? $0.state : $0.state.droppingMoments() },
                    input: sequence.input, target: sequence.target)
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
                        delivery.results = waiting.results + pendingResults
                        delivery.snapshots = waiting.snapshots + pendingSnapshots
                        delivery.partnerLosses = waiting.partnerLosses + pendingPartnerLosses
                    } else {
                        delivery.results = pendingResults
                        delivery.snapshots = pendingSnapshots
                        delivery.partnerLosses = pendingPartnerLosses
                    }
                    mailbox = delivery
                    pendingResults = []
                    pendingSnapshots = []
                    pendingPartnerLosses = []
                }
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
                    undelivered = pendingResults.count
                    condition.broadcast()
                }
            }
        }
    }
}
