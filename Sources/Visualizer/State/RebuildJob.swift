import Foundation
import RNNCore
import Localization

/// A rebuild of the main model on a thread of its own (the terminal only), so that `r`, `c`,
/// `a`, `[`, `]` and `O` never hold up a key: at H=1024 an LSTM's fresh weights, its pass over
/// the first window and its guesses at the notes' prompts take about a third of a second.
/// `w`'s preset runs the same way (`Kind.preset`): at H=1024 its σ_max, orthogonal matrix and
/// spectral radius take seconds; and so does `s`/`S`'s pass over another window (`Kind.sequence`,
/// a tenth of a second for an LSTM) when no training runs, `O`'s reading of a weight file
/// (`Kind.open`: half a second for an H=1024 LSTM's with Adam's moments) and the pass of a
/// snapshot `,`/`.` rewinds to (`Kind.rewind`).
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
/// `@unchecked Sendable`: the two threads share only `outcome` (a `JobOutcome`, locked). What
/// crosses over (`ModelSpec`, `Parameters`,
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
        /// A preset's W_hh: its σ_max and spectral radius, for the message.
        var spectrum: (sigmaMax: Double, rho: Double)?
        /// A new window's pass through the partner.
        var partnerTrace: Trace?
        /// `O`: the weight file read, and the spec its model has.
        var opened: OpenedFile?
        /// `O`: the opened model's W_hh, copied on the thread (`w`'s presets start from it; at
        /// H=1024 LSTM the copy is 16 MB, too long for the frame that installs the model).
        var keptRecurrent: [Float]?
    }

    /// What is being made: a new model (its spec, the weights it starts from, nil: fresh from
    /// its seed; a weight file's epoch and optimizer state), or the current one with `w`'s preset.
    enum Kind {
        case rebuild(parameters: Parameters?, opened: (epoch: Int, optimizer: OptimizerState?)?)
        case preset(RecurrentPreset)
        /// `s`/`S`: the same model's pass over training window `windowIndex` (0-based; nil:
        /// typed text, `e`), and the partner's (`partner`, the one on screen when it started).
        case sequence(windowIndex: Int?, partner: Partner?)
        /// `O`: the weight file at `path`, read and checked on the thread (`Lab.readWeights`),
        /// then its model built as `rebuild` does.
        case open(path: String)
        /// `,`/`.`: the pass and guesses of the model at a snapshot of training (nil: the
        /// present, and its partner's pass), made on the thread; the lab shows it once it lands.
        case rewind(to: LabSnapshot?)
    }

    /// The spec the model has once it lands (a preset keeps the current one).
    let spec: ModelSpec
    let kind: Kind
    /// What the lab says once the model is on screen (made from the lab after the swap).
    let event: (Lab) -> LabEvent

    var parameters: Parameters? {
        if case .rebuild(let parameters, _) = kind { return parameters }
        return nil
    }
    var isSequence: Bool {
        if case .sequence = kind { return true }
        return false
    }
    var isRewind: Bool {
        if case .rewind = kind { return true }
        return false
    }
    var opened: (epoch: Int, optimizer: OptimizerState?)? {
        if case .rebuild(_, let opened) = kind { return opened }
        return nil
    }

    /// Shared with the thread.
    private let outcome = JobOutcome<Swift.Result<Result, RNNScopeErrorBox>>()

    /// Starts building `spec`. `gate`: tests only, called on the thread before it starts.
    convenience init(spec: ModelSpec, parameters: Parameters?, opened: (epoch: Int, optimizer: OptimizerState?)?,
                     event: @escaping (Lab) -> LabEvent, gate: (@Sendable () -> Void)? = nil) {
        self.init(spec: spec, kind: .rebuild(parameters: parameters, opened: opened), event: event, gate: gate) {
            try Self.make(spec, parameters: parameters)
        }
    }

    /// Starts `work` (which makes what `kind` asks for).
    init(spec: ModelSpec, kind: Kind, event: @escaping (Lab) -> LabEvent, gate: (@Sendable () -> Void)?,
         work: @escaping @Sendable () throws -> Result) {
        self.spec = spec
        self.kind = kind
        self.event = event
        let thread = Thread { [self] in
            gate?()
            if outcome.isCancelled { return }
            do {
                outcome.deliver(.success(try work()))
            } catch {
                outcome.deliver(.failure(RNNScopeErrorBox(error: error)))
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

    /// `s`'s work, as `Lab.show` did it in place: the passes of the model (and its partner's)
    /// over the new sequence.
    static func tracing(_ model: CharRNN, partner: CharRNN?, data: TrainingSet, input: [Int], target: [Int]) throws -> Result {
        Result(model: model, data: data, input: input, target: target, trace: try model.trace(input: input, target: target),
               predictions: [], partnerTrace: try? partner?.trace(input: input, target: target))
    }

    /// `w`'s work, as `Lab.setRecurrentWeights` did it in place: `preset` applied to the
    /// initial W_hh in `parameters`, the pass over the sequence on screen, the guesses, and the
    /// new W_hh's σ_max and ρ.
    static func applying(_ preset: RecurrentPreset, to parameters: Parameters, spec: ModelSpec, data: TrainingSet,
                         input: [Int], target: [Int]) throws -> Result {
        var parameters = parameters
        try preset.apply(to: &parameters, seed: spec.seed &+ 1000)
        let model = CharRNN(config: spec.config, parameters: parameters)
        let trace = try model.trace(input: input, target: target)
        let spectrum = GradientAnalysis.spectrum(of: parameters)
        return Result(model: model, data: data, input: input, target: target, trace: trace,
                      predictions: Lab.predictions(of: model, vocabulary: spec.vocabulary),
                      spectrum: (spectrum.sigmaMax, spectrum.spectralRadius))
    }

    /// The result (or the error building it), once.
    func take() -> Swift.Result<Result, RNNScopeErrorBox>? { outcome.take() }

    /// Whether the result is waiting to be taken.
    var hasResult: Bool { outcome.hasResult }

    /// Throws the result away, now or when the thread finishes. Never waits.
    func cancel() { outcome.cancel() }

    /// Waits until the result is ready (or the job was cancelled): tests, and callers that
    /// need the model now.
    func waitUntilDone() { outcome.waitUntilDone() }
}

/// An error from the rebuild's thread, carried back to the lab (any `Error` is not Sendable).
struct RNNScopeErrorBox: Error, @unchecked Sendable {
    let error: any Error
}
