import Foundation
import RNNCore

/// The comparison partner's catch-up on a thread of its own (the terminal only), so that no key
/// waits for it: at H=1024 an LSTM partner catching up with a main model trained k epochs takes
/// k × several seconds. The thread makes the partner (or continues from its state), trains it
/// epoch by epoch to the target, frees its training buffers and traces it over the sequence on
/// screen; the lab takes the result between frames (`Lab.collectPartnerCatchUp`) and stays
/// the one owner of the partner the views read. Meanwhile the comparison view shows the
/// progress. `cancel` stops it after the epoch in flight, whose result is thrown away.
///
/// It trains exactly as `Partner.catchUp` does (`runEpoch` per epoch, the same losses kept), so
/// the partner it delivers is bit for bit the one the synchronous catch-up makes.
///
/// `@unchecked Sendable`: the two threads share `outcome` (a `JobOutcome`) and the properties
/// marked "shared" below, every read and write of which holds `lock`. The trainer is made on
/// the worker thread and never leaves it; what crosses over (`ModelSpec`, `TrainerState`, `TrainingSet`, `Trace`,
/// token and loss arrays) is made of Sendable values.
final class PartnerCatchUp: @unchecked Sendable {
    /// The caught-up partner: its state, its losses (those it started with and the new ones),
    /// and its pass over `input`/`target`, the sequence on screen when it was traced.
    struct Result {
        var state: TrainerState
        var losses: [Float]
        var trace: Trace?
        var input: [Int]
        var target: [Int]
    }

    /// The partner's cell, the epoch it started from and the one it trains to.
    let cell: CellKind
    let startEpoch: Int
    let target: Int

    private let outcome = JobOutcome<Result>()
    private let lock = NSLock()
    // Shared (under `lock`):
    private var reached: Int
    private var sequence: (input: [Int], target: [Int])

    /// Starts a partner from `spec` (fresh weights from its seed, epoch 0), or continuing from
    /// `state` with `losses`, trained until `target` over `data`.
    /// `gate`: tests only, called on the thread before each epoch (to hold one in flight).
    init(spec: ModelSpec, state: TrainerState?, losses: [Float], data: TrainingSet, target: Int,
         input: [Int], targetTokens: [Int], gate: (@Sendable () -> Void)? = nil) {
        cell = spec.cell
        startEpoch = state?.epoch ?? 0
        self.target = target
        reached = startEpoch
        sequence = (input, targetTokens)
        let thread = Thread { [self] in
            let trainer = state.map { Trainer(state: $0, data: data, validation: nil) }
                ?? Trainer(model: spec.makeModel(), data: data, options: spec.training)
            // The pass buffers are made again each epoch; the partner never keeps them.
            trainer.keepsBuffers = false
            work(trainer, losses: losses, gate: gate)
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The epoch the partner has reached, and the one it trains to.
    var progress: (reached: Int, target: Int) { (lock.withLock { reached }, target) }

    /// The sequence on screen changed: the pass at the end is over this one.
    func setSequence(input: [Int], target: [Int]) {
        lock.withLock { sequence = (input, target) }
    }

    /// The result, once, when the partner reached its target.
    func take() -> Result? { outcome.take() }

    /// Whether the result is waiting to be taken.
    var hasResult: Bool { outcome.hasResult }

    /// Stops the thread after the epoch in flight, whose result is discarded. Never waits.
    func cancel() { outcome.cancel() }

    /// Waits until the result is ready (or the job was cancelled): for tests and for callers
    /// that need the partner now.
    func waitUntilDone() { outcome.waitUntilDone() }

    private func work(_ trainer: Trainer, losses start: [Float], gate: (@Sendable () -> Void)?) {
        var losses = start
        while trainer.epoch < target {
            if outcome.isCancelled { return }
            gate?()
            // As `Partner.trainEpoch`.
            let result = trainer.runEpoch()
            if result.loss.isFinite { losses.append(result.loss) }
            lock.withLock { reached = trainer.epoch }
        }
        trainer.releaseBuffers()
        let (input, expected) = lock.withLock { sequence }
        // The partner's trace is drawn without its weight gradients (`Partner.trace`).
        let trace = (try? trainer.model.trace(input: input, target: expected))?.droppingParameterGradients()
        outcome.deliver(Result(state: trainer.state, losses: losses, trace: trace, input: input, target: expected))
    }
}
