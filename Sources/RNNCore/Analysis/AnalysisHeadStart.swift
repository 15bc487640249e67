import Foundation
import Dispatch

/// The parts of a trace's `GradientAnalysis` that need less than the whole trace, started as
/// soon as they can: σ_max and ρ need only the weights, each step's ‖∂s_t/∂s_{t-1}‖ by products
/// (`batchedProductNorms`) only that step's forward values. With two threads, the second finds
/// σ_max and ρ, then takes steps for their Jacobian norms as the first runs the forward pass
/// and then the backward pass; the first then takes steps from the same queue. At most two
/// threads compute at any time, and with one everything runs on the caller's.
///
/// Each step's norm comes from its own Lanczos run, whatever the thread or the batch column
/// that ran it (each product sums every entry in the same order), so one thread and two give
/// the same values bit for bit.
///
/// Made for one model's weights and used for one trace of them: `CharRNN.trace(…headStart:)`
/// reports the forward pass's steps (`forwardStarted`, `reached`) and then `begin`s it (or
/// `abandon`s it), and `GradientAnalysis` finishes it.
///
/// `@unchecked Sendable`: what the threads share (`queue`) is read and written under
/// `condition`'s lock; the rest is set in `init` and never changed. A step's forward values
/// are written before `reached` announces it, under the same lock.
public final class AnalysisHeadStart: @unchecked Sendable {
    /// W_hh [G·H, H].
    let weights: Matrix
    /// W_hh's candidate block (`GradientAnalysis.candidateBlock`), for σ_max and ρ.
    let candidate: Matrix
    /// The Jacobian norms come from products with W_hh (a gated state above
    /// `GradientAnalysis.formedJacobianLimit`); otherwise `GradientAnalysis` finds them itself.
    let byProducts: Bool
    /// A second thread takes steps during the forward pass (`forwardStarted`).
    let streams: Bool
    private let math: any CellMath.Type
    private let finiteWeights: Bool
    private let condition = NSCondition()
    private let group = DispatchGroup()
    private var queue = Queue()

    /// What the threads share, under `condition`.
    private struct Queue {
        /// Step t's forward values (t = 1…`available`), once the forward pass has run that far.
        var step: ((Int) -> TraceStep)?
        var available = 0
        /// No more steps will become available (`begin` or `abandon`).
        var complete = false
        /// Steps handed out (step `taken + 1` is next).
        var taken = 0
        /// Steps whose norm is in `norms`.
        var done = 0
        /// Set when progress refused or the trace failed: every thread stops at its next finished step.
        var stop = false
        var norms: [Double] = []
        var spectrum: (sigmaMax: Double, spectralRadius: Double)?
        /// W_hh and W_hhᵀ packed for the products, made by the first thread to need them.
        var packed: PackedWeights?
    }

    /// Starts the second thread when `threads` is 2 (on σ_max and ρ; then on steps as they come).
    public init(config: ModelConfig, parameters: Parameters, threads: Int) {
        let whh = parameters.matrix(.weightHH)
        weights = whh
        candidate = GradientAnalysis.candidateBlock(whh, cell: config.cell, hidden: config.hidden)
        math = config.cell.math
        byProducts = config.cell.isGated
            && StateJacobian.stateSize(config.cell, hidden: config.hidden) > GradientAnalysis.formedJacobianLimit
        finiteWeights = byProducts && whh.values.allSatisfy { $0.isFinite }
        streams = byProducts && threads >= 2
        guard threads >= 2 else { return }
        DispatchQueue.global().async(group: group) { [self] in
            let spectrum = GradientAnalysis.spectrum(ofBlock: candidate)
            condition.withLock { queue.spectrum = spectrum }
            guard byProducts else { return }
            _ = takeSteps { _ in true }
        }
    }

    /// The forward pass of a `steps`-step trace is starting; `step(t)` gives step t's forward
    /// values once `reached(t)` has been called.
    func forwardStarted(steps: Int, step: @escaping (Int) -> TraceStep) {
        condition.withLock {
            queue.step = step
            queue.norms = [Double](repeating: .nan, count: steps)
        }
    }

    /// The forward pass has run steps 1…t.
    func reached(_ t: Int) {
        condition.withLock {
            queue.available = t
            condition.broadcast()
        }
    }

    /// The trace's steps, complete after its forward pass (reported step by step or not).
    func begin(_ steps: [TraceStep]) {
        condition.withLock {
            if queue.step == nil {
                queue.step = { steps[$0 - 1] }
                queue.norms = [Double](repeating: .nan, count: steps.count)
            }
            queue.available = steps.count
            queue.complete = true
            condition.broadcast()
        }
    }

    /// `begin(steps)` unless `begin` or `abandon` came first.
    func beginIfNeeded(_ steps: [TraceStep]) {
        if condition.withLock({ !queue.complete }) { begin(steps) }
    }

    /// The trace failed: the worker ends after σ_max and ρ (and any steps it holds).
    func abandon() {
        condition.withLock {
            queue.complete = true
            queue.stop = true
            condition.broadcast()
        }
    }

    /// σ_max and ρ of the candidate block, once the worker (if any) has finished.
    func spectrum() -> (sigmaMax: Double, spectralRadius: Double) {
        group.wait()
        if let spectrum = condition.withLock({ queue.spectrum }) { return spectrum }
        let spectrum = GradientAnalysis.spectrum(ofBlock: candidate)
        condition.withLock { queue.spectrum = spectrum }
        return spectrum
    }

    /// Every step's ‖J_t‖₂ by products, this thread taking steps alongside the worker, then
    /// waiting for the worker's last ones: `progress(done)` here after each step this thread
    /// finishes and every 50 ms while it waits. False from `progress` stops both, and the
    /// result is nil. Call after `begin`, once.
    func productNorms(progress: (Int) -> Bool) -> [Double]? {
        var finished = takeSteps(report: progress)
        while group.wait(timeout: .now() + .milliseconds(50)) == .timedOut {
            if finished && !progress(condition.withLock({ queue.done })) {
                condition.withLock { queue.stop = true }
                finished = false
            }
        }
        guard finished, progress(condition.withLock({ queue.done })) else { return nil }
        return condition.withLock { queue.norms }
    }

    /// Runs `batchedProductNorms` on steps from the queue until none is left; false when
    /// stopped (by `report` here, or by the other thread's progress).
    private func takeSteps(report: (Int) -> Bool) -> Bool {
        guard finiteWeights else { return true }
        let packed = condition.withLock {
            if let made = queue.packed { return made }
            let made = PackedWeights(weights)
            queue.packed = made
            return made
        }
        return GradientAnalysis.batchedProductNorms(
            weights: packed, tolerance: GradientAnalysis.productTolerance,
            next: nextStep
        ) { step, norm in
            let (done, stop) = condition.withLock {
                queue.norms[step - 1] = norm
                queue.done += 1
                return (queue.done, queue.stop)
            }
            if stop { return false }
            if !report(done) {
                condition.withLock { queue.stop = true }
                return false
            }
            return true
        }
    }

    /// The next step not yet handed out and its Jacobian's factors, waiting for the forward
    /// pass to reach it; nil when none is left.
    private func nextStep() -> (step: Int, products: any JacobianProducts)? {
        while true {
            let taken: (t: Int, step: TraceStep)? = condition.withLock {
                while !queue.stop && queue.taken == queue.available && !queue.complete { condition.wait() }
                guard !queue.stop, queue.taken < queue.available, let step = queue.step else { return nil }
                queue.taken += 1
                return (queue.taken, step(queue.taken))
            }
            guard let taken else { return nil }
            if let products = math.jacobianProducts(taken.step) { return (taken.t, products) }
        }
    }
}
