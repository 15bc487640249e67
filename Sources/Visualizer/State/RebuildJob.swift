import Foundation
import RNNCore
import Localization

/// A rebuild of the main model on a thread of its own (the terminal only), so that `r`, `c`,
/// `a`, `[`, `]` and `O` never hold up a key: at H=1024 an LSTM's fresh weights, its pass over
/// the first window and its guesses at the notes' prompts take about a third of a second.
///
/// The thread does what `Lab.rebuild` does before it touches the lab: builds the spec's model
/// and data, records the pass over window 1 and the guesses. The lab takes the result between
/// frames (`Lab.collectRebuild`) and swaps it in on the input thread, as one change; until then
/// the screen shows the old model, saying "rebuilding…". A newer rebuild cancels this one
/// (`cancel`): its result is thrown away, never seen by the lab.
///
/// It computes exactly what the synchronous rebuild computes (the same calls on the same
/// values), so the model, pass and guesses it delivers are bit for bit the synchronous ones.
///
/// `@unchecked Sendable`: the two threads share only the properties marked "shared" below,
/// and every read and write of them holds `lock`. What crosses over (`ModelSpec`, `Parameters`,
/// `CharRNN`, `TrainingSet`, `Trace`, token arrays, strings) is made of Sendable values.
final class RebuildJob: @unchecked Sendable {
    /// What the thread made: everything `Lab.rebuild` needs that takes longer than a key may.
    struct Result {
        var model: CharRNN
        var data: TrainingSet
        var input: [Int]
        var target: [Int]
        var trace: Trace
        var predictions: [(prompt: String, next: String)]
    }

    /// The spec being built, the weights it starts from (nil: fresh from its seed), and a weight
    /// file's epoch and optimizer state.
    let spec: ModelSpec
    let parameters: Parameters?
    let opened: (epoch: Int, optimizer: OptimizerState?)?
    /// What the lab says once the model is on screen (made from the lab after the swap).
    let event: (Lab) -> LabEvent

    private let lock = NSLock()
    // Shared (under `lock`):
    private var cancelled = false
    private var finished: Swift.Result<Result, RNNScopeErrorBox>?

    /// Starts building `spec`. `gate`: tests only, called on the thread before it starts.
    init(spec: ModelSpec, parameters: Parameters?, opened: (epoch: Int, optimizer: OptimizerState?)?,
         event: @escaping (Lab) -> LabEvent, gate: (@Sendable () -> Void)? = nil) {
        self.spec = spec
        self.parameters = parameters
        self.opened = opened
        self.event = event
        let thread = Thread { [self, spec, parameters] in
            gate?()
            if lock.withLock({ cancelled }) { return }
            let outcome: Swift.Result<Result, RNNScopeErrorBox>
            do {
                outcome = .success(try Self.make(spec, parameters: parameters))
            } catch {
                outcome = .failure(RNNScopeErrorBox(error: error))
            }
            lock.withLock {
                if !cancelled { finished = outcome }
            }
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The work itself, as `Lab.rebuild` did it in place.
    static func make(_ spec: ModelSpec, parameters: Parameters?) throws -> Result {
        let built = try spec.build(parameters: parameters)
        let first = try Lab.window(0, of: built.data, spec: spec)
        let trace = try built.model.trace(input: first.input, target: first.target)
        return Result(model: built.model, data: built.data, input: first.input, target: first.target, trace: trace,
                      predictions: Lab.predictions(of: built.model, vocabulary: spec.vocabulary))
    }

    /// The result (or the error building it), once.
    func take() -> Swift.Result<Result, RNNScopeErrorBox>? {
        lock.withLock {
            defer { finished = nil }
            return finished
        }
    }

    /// Whether the result is waiting to be taken.
    var hasResult: Bool { lock.withLock { finished != nil } }

    /// Throws the result away, now or when the thread finishes. Never waits.
    func cancel() {
        lock.withLock {
            cancelled = true
            finished = nil
        }
    }

    /// Waits until the result is ready (or the job was cancelled): tests, and callers that
    /// need the model now.
    func waitUntilDone() {
        while lock.withLock({ finished == nil && !cancelled }) { usleep(1000) }
    }
}

/// An error from the rebuild's thread, carried back to the lab (any `Error` is not Sendable).
struct RNNScopeErrorBox: Error, @unchecked Sendable {
    let error: any Error
}
