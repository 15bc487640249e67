import RNNCore
import Localization

/// The model under the microscope, with no UI: its spec, data, trainer, loss history, the
/// sequence on screen and its recorded pass, and the comparison partner. Every change returns
/// typed events; the explorer decides what to say about them.
public final class Lab {
    /// The one home of the model's settings; every rebuild starts from it.
    public internal(set) var spec: ModelSpec
    /// Every window of the text, the held-out ones last (the trainer has the first ones only).
    public internal(set) var data: TrainingSet
    var trainer: Trainer
    /// The W_hh the model started from (fresh, or loaded): `w` presets start from it. A fresh
    /// model's is made again from its seed when asked for; a loaded one's is kept (only that
    /// tensor: 17 MB for an H=1024 LSTM, the whole weights 34 MB).
    var initialRecurrent: InitialRecurrentWeights
    /// The sequence on screen: a training window, or text the user typed.
    public internal(set) var input: [Int]
    public internal(set) var target: [Int]
    /// The training window on screen (0-based), nil for typed text.
    public internal(set) var windowIndex: Int? = 0
    /// The recorded pass over the sequence on screen.
    public private(set) var trace: Trace
    /// Counts changes of `trace`, so derived values know when to recompute.
    public private(set) var traceVersion = 0
    /// Loss of every epoch trained here.
    public internal(set) var losses: [Float] = []
    /// The held-out windows' loss at the same epochs as `losses` (empty without a holdout).
    public internal(set) var validationLosses: [Float] = []
    /// The last epoch's global gradient norm before and after clipping.
    public internal(set) var lastGradientNorms: (before: Float, after: Float)?
    /// The notes' prompts (those the vocabulary spells) and the model's guesses.
    public internal(set) var predictions: [(prompt: String, next: String)] = []
    /// Mini-batch training: the latest generated sample and the step it was made at.
    public internal(set) var sample: (step: Int, text: String)?
    /// The comparison partner, made while `partnerWanted`.
    public internal(set) var partner: Partner?
    /// The cell the partner gets when the main model is a plain RNN.
    public internal(set) var partnerGatedCell: CellKind = .lstm
    /// Whether the comparison view wants a partner (set by the explorer).
    var partnerWanted = false
    var presetIndex = -1
    /// Continuous training's worker thread, while one runs (`Lab+Background`).
    var worker: TrainingWorker?
    /// The partner's catch-up on a thread of its own, while one runs (`Lab+Partner`).
    var partnerJob: PartnerCatchUp?
    /// Whether the partner catches up on a thread (the terminal); in place otherwise, so that
    /// snapshots, lessons' scripts and tests are deterministic.
    var partnerInBackground = false
    /// Work (multiply-adds, as `epochIsSlow` counts) a partner's catch-up may take in place
    /// between two keys; more goes to its thread (tests lower it to 0).
    var partnerWorkBetweenKeys = 3e8
    /// The catch-up's epoch the last frame showed (`collectPartnerCatchUp`).
    var partnerProgressShown: Int?
    /// Tests only: called on the catch-up's thread before each epoch, to hold one in flight.
    var catchUpGate: (@Sendable () -> Void)?
    /// A rebuild of the main model on a thread of its own, while one runs (`Lab+Model`).
    var rebuildJob: RebuildJob?
    /// Whether a slow rebuild runs on a thread (the terminal); in place otherwise, so that
    /// snapshots, lessons' scripts and tests are deterministic.
    var rebuildsInBackground = false
    /// Work (`rebuildIsSlow`'s units) a rebuild may take in place between two keys; more goes
    /// to its thread (tests lower it to 0).
    var rebuildWorkBetweenKeys = 3e7
    /// `W`'s file being written on a thread of its own (`Lab+Files`).
    var saveJob: SaveJob?
    /// The last preset's σ_max and ρ, for its message.
    var presetSpectrum: (sigmaMax: Double, rho: Double)?
    /// Tests only: called on the rebuild's thread before it starts, to hold one in flight.
    var rebuildGate: (@Sendable () -> Void)?
    /// Whether the optimizer view is open: the worker then delivers each epoch's gradient.
    var updatesWanted = false
    /// The last update the worker delivered (the lab's own epochs keep theirs in the trainer).
    var deliveredUpdate: UpdateRecord?
    /// The next epoch's update at the current weights, computed when asked for before any step.
    var previewCache: (key: PreviewKey, record: UpdateRecord?)?
    /// Tests only: called on the worker thread before each epoch, to hold one in flight.
    var epochGate: (@Sendable () -> Void)?
    /// Snapshots of this session's training to rewind to (`Lab+History`).
    var history = TrainingHistory<LabSnapshot>()
    /// While the past is shown: the present, to come back to (`Lab+History`).
    var present: PresentState?

    /// Builds the spec's model (from `parameters` when given, trained for `epoch` epochs; Adam
    /// resumes from `optimizer`, the state saved with them, when it fits).
    public init(spec: ModelSpec, parameters: Parameters? = nil, epoch: Int = 0, optimizer: OptimizerState? = nil) throws {
        let built = try spec.build(parameters: parameters)
        self.spec = spec
        data = built.data
        trainer = spec.makeTrainer(model: built.model, data: built.data, startingEpoch: epoch, resuming: optimizer)
        initialRecurrent = parameters == nil ? .fresh(spec) : .kept(built.model.parameters[.weightHH])
        let first = try Self.window(0, of: built.data, spec: spec)
        history = Self.history(for: spec)
        (input, target) = first
        trace = try built.model.trace(input: first.input, target: first.target)
        refreshPredictions()
    }

    deinit {
        worker?.cancel()
        partnerJob?.cancel()
        rebuildJob?.cancel()
    }

    public var model: CharRNN { trainer.model }

    public var epoch: Int { trainer.epoch }
    public var cell: CellKind { spec.cell }
    /// The partner's cell for the current main model.
    public var partnerCell: CellKind { cell.isGated ? .rnn : partnerGatedCell }

    static func window(_ index: Int, of data: TrainingSet, spec: ModelSpec) throws -> (input: [Int], target: [Int]) {
        let window = data.window(index, vocabulary: spec.vocabulary)
        return (try spec.vocabulary.encode(window.input), try spec.vocabulary.encode(window.target))
    }

    // MARK: The sequence on screen

    /// Shows training window `index` (0-based, wrapping around).
    @discardableResult
    public func showWindow(_ index: Int) -> LabEvent {
        let wrapped = ((index % data.count) + data.count) % data.count
        do {
            let window = try Self.window(wrapped, of: data, spec: spec)
            let count = data.count
            if let pending = showOnThread(input: window.input, target: window.target, windowIndex: wrapped,
                                          then: .showingWindow(index: wrapped, count: count)) {
                return pending
            }
            try show(input: window.input, target: window.target)
            windowIndex = wrapped
            return .showingWindow(index: wrapped, count: data.count)
        } catch {
            return .refused(.describing(error))
        }
    }


    /// Typed text: every character but the last is the input; the model is scored on
    /// predicting the next character (the last one; in `every` mode, each following one).
    public func showTyped(_ text: String) throws -> LabEvent {
        let tokens: [Int]
        do { tokens = try spec.vocabulary.encode(text) } catch let error as RNNScopeError {
            throw RNNScopeError(Message("error.lab.refused", nested: ["reason": error.sentence]))
        }
        guard tokens.count >= 2 else {
            throw RNNScopeError(Message("error.lab.two_characters"))
        }
        do { try spec.checkInput(steps: tokens.count - 1) } catch let error as SpecError {
            throw RNNScopeError(Message("error.lab.refused", nested: ["reason": error.sentence]))
        }
        let input = Array(tokens.dropLast())
        let target = spec.lossMode == .last ? [tokens[tokens.count - 1]] : Array(tokens.dropFirst())
        if let pending = showOnThread(input: input, target: target, windowIndex: nil,
                                      then: .showingTyped(input: spec.vocabulary.decode(input))) {
            return pending
        }
        try show(input: input, target: target)
        windowIndex = nil
        return .showingTyped(input: spec.vocabulary.decode(input))
    }

    /// In the terminal, with no training running, a slow pass over a new sequence (and the
    /// partner's) is made on the rebuild's thread: returns what the message line says meanwhile,
    /// or nil when it is to be made here. `event`: what it says once the pass is on screen.
    private func showOnThread(input: [Int], target: [Int], windowIndex index: Int?, then event: LabEvent) -> LabEvent? {
        guard rebuildsInBackground, worker == nil, rebuildJob == nil || rebuildJob?.isSequence == true,
              traceIsSlow(steps: input.count) else { return nil }
        rebuildJob?.cancel()
        let (model, partner, data) = (model, partner?.trainer.model, data)
        rebuildJob = RebuildJob(spec: spec, kind: .sequence(windowIndex: index, partner: self.partner),
                                event: { _ in event }, gate: rebuildGate) {
            try RebuildJob.tracing(model, partner: partner, data: data, input: input, target: target)
        }
        return pendingEvent
    }

    /// Whether one pass over `steps` steps (and the partner's) is too slow for a key: forward
    /// and backward through the cell, against `rebuildWorkBetweenKeys` (as `rebuildIsSlow`).
    func traceIsSlow(steps: Int) -> Bool {
        let H = Double(spec.hidden), V = Double(spec.vocabulary.count)
        let gates = Double(cell == .lstm ? 4 : cell == .gru ? 3 : 1)
        return (gates * H * 2 * H + V * H) * 3 * Double(steps) > rebuildWorkBetweenKeys
    }

    /// The window on screen once a pass in flight lands (`s` pressed meanwhile counts from it).
    public var upcomingWindowIndex: Int? {
        if case .sequence(let index, _)? = rebuildJob?.kind { return index }
        return windowIndex
    }

    /// A pass over a window (or typed text: `index` nil) made on the rebuild's thread goes on screen.
    func land(sequence built: RebuildJob.Result, windowIndex index: Int?, partnerAtStart: Partner?) {
        setTrace(built.trace)
        input = built.input
        target = built.target
        windowIndex = index
        if let partner {
            if partner === partnerAtStart { partner.setTrace(built.partnerTrace) } else { partner.retrace(input: input, target: target) }
        }
        worker?.setSequence(input: input, target: target)
        partnerJob?.setSequence(input: input, target: target)
    }

    private func show(input: [Int], target: [Int]) throws {
        setTrace(try model.trace(input: input, target: target))
        self.input = input
        self.target = target
        partner?.retrace(input: input, target: target)
        worker?.setSequence(input: input, target: target)
        partnerJob?.setSequence(input: input, target: target)
    }

    func setTrace(_ trace: Trace) {
        self.trace = trace
        traceVersion &+= 1
    }

    /// Re-records the pass on screen and the guesses after the weights changed.
    func retrace() {
        if let fresh = try? model.trace(input: input, target: target) { setTrace(fresh) }
        partner?.retrace(input: input, target: target)
        refreshPredictions()
    }

    func refreshPredictions() {
        predictions = Self.predictions(of: model, vocabulary: spec.vocabulary)
    }

    /// The notes' prompts that `vocabulary` spells, and `model`'s guess at each one's next character.
    static func predictions(of model: CharRNN, vocabulary: Vocabulary) -> [(prompt: String, next: String)] {
        let prompts = SeedNotes.prompts(spelledBy: vocabulary)
        let guesses = (try? model.predictNext(prompts)) ?? []
        return zip(prompts, guesses).map { ($0, String($1)) }
    }
}
