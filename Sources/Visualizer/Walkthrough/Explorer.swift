import Dispatch
import Foundation
import RNNCore

/// The walk-through's state machine: which sequence, step, phase, sub-step and unit are on
/// screen, and the training that runs underneath. Views read it; keys change it.
public final class Explorer {
    /// The model and data now: starts as given, changed by the cell, activation and length keys.
    public private(set) var setup: ExplorerSetup
    public private(set) var data: TrainingSet
    public private(set) var trainer: Trainer
    public private(set) var seed: UInt64
    /// The sequence on screen: a training window, or text the user typed.
    public private(set) var input: [Int]
    public private(set) var target: [Int]
    public private(set) var windowIndex: Int? = 0
    public private(set) var trace: Trace {
        didSet {
            if let cachedAnalysis { previousAnalysis = (cachedAnalysis, analysisTime) }
            cachedAnalysis = nil
            cachedCheck = nil
            cachedConnectivity = nil
        }
    }
    private var cachedConnectivity: [[Double]]?

    /// ‖∂L_t/∂h_k‖ for the pass on screen (computed once per trace).
    public var connectivity: [[Double]] {
        if let cachedConnectivity { return cachedConnectivity }
        let fresh = Connectivity.norms(trace)
        cachedConnectivity = fresh
        return fresh
    }
    private var cachedAnalysis: GradientAnalysis?
    /// The analysis of an earlier pass and when it was computed, reused while training.
    private var previousAnalysis: (GradientAnalysis, UInt64)?
    private var analysisTime: UInt64 = 0
    /// While training continuously the analysis is recomputed at most this often: for a long
    /// gated sequence it costs a fifth of a second, more than a frame.
    public var analysisRefreshNanoseconds: UInt64 = 400_000_000
    private var cachedCheck: GradientCheck?

    /// The weight the gradient check looks at: W_hh[unit, unit] for the RNN; for gated cells
    /// the same entry of the block that decides what is kept (GRU's W_hz, LSTM's W_hf).
    public var checkedWeight: (name: ParameterName, index: [Int]) {
        let H = trace.config.hidden
        return (.weightHH, [(cell.keepGate ?? 0) * H + unit, unit])
    }

    /// BPTT's value for the checked weight beside a finite difference (computed once per
    /// trace and unit: two forward passes).
    public var gradientCheck: GradientCheck {
        let (name, index) = checkedWeight
        if let cachedCheck, cachedCheck.index == index { return cachedCheck }
        let fresh = GradientCheck(trace: trace, name, index)
        cachedCheck = fresh
        return fresh
    }

    /// The comparison view's model. Made when that view first opens; dropped when the model,
    /// its data or the partner's cell changes (and made again if the view is open).
    public private(set) var comparison: Comparison?
    /// The cell the partner gets when the main model is a plain RNN (`g` switches it).
    public private(set) var partnerGatedCell: CellKind = .lstm

    /// σ_max, ρ, Jacobian norms and the bound for the pass on screen (computed once per trace).
    /// While training continuously an analysis up to 0.4 s old (of the same length) is shown.
    public var analysis: GradientAnalysis {
        if let cachedAnalysis { return cachedAnalysis }
        let now = DispatchTime.now().uptimeNanoseconds
        if training, let (previous, time) = previousAnalysis, previous.dhNorms.count == trace.length,
           now &- time < analysisRefreshNanoseconds {
            return previous
        }
        let fresh = GradientAnalysis(trace: trace)
        cachedAnalysis = fresh
        analysisTime = now
        return fresh
    }
    /// 1-based step.
    public private(set) var t = 1
    public private(set) var subStep: SubStep = .forward(.embed)
    public private(set) var unit = 0
    public var view: ExplorerView = .step {
        didSet { if view == .compare && oldValue != .compare { preparePartner() } }
    }
    public var showHelp = false
    public var logScale = false
    public private(set) var autoplay = false
    public private(set) var training = false
    /// Loss of every epoch trained so far.
    public private(set) var losses: [Float] = []
    /// The notes' three prompts and the model's current guesses.
    public private(set) var predictions: [(prompt: String, next: String)] = []
    /// A one-line note for the user (what a key did, or why it was refused).
    public var message: String?
    /// Text being typed after `e`, nil when not editing.
    public private(set) var editing: String?

    public var phase: Phase { subStep.phase }
    /// The model's cell, which decides the sub-steps of a time step.
    public var cell: CellKind { trace.config.cell }
    public var model: CharRNN { trainer.model }
    public var epoch: Int { trainer.epoch }

    public init(setup: ExplorerSetup) throws {
        self.setup = setup
        seed = setup.seed
        data = try TrainingSet(
            text: setup.text, vocabulary: setup.config.vocabulary, window: setup.window, lossMode: setup.config.lossMode,
            stride: setup.stride)
        let model = setup.parameters.map { CharRNN(config: setup.config, parameters: $0) }
            ?? CharRNN(config: setup.config, seed: setup.seed)
        trainer = Trainer(model: model, data: data, options: setup.training)
        let first = data.window(0, vocabulary: setup.config.vocabulary)
        input = try setup.config.vocabulary.encode(first.input)
        target = try setup.config.vocabulary.encode(first.target)
        trace = try model.trace(input: input, target: target)
        refreshPredictions()
    }

    // MARK: Keys

    /// Acts on one key. Returns false when the key asks to quit.
    @discardableResult
    public func handle(_ key: UserKey) -> Bool {
        if editing != nil { return handleEditing(key) }
        if showHelp, key != .character("?") {
            showHelp = false
            if key == .escape { return true }
        }
        message = nil
        switch key {
        case .right, .character("l"): move(to: t + 1)
        case .left, .character("h"): move(to: t - 1)
        case .character(" "): nextSubStep()
        case .backspace: previousSubStep()
        case .character("f"): subStep = .first(of: .forward, cell: cell)
        case .character("b"): subStep = .first(of: .backward, cell: cell)
        case .up, .character("k"): unit = max(0, unit - 1)
        case .down, .character("j"): unit = min(trace.config.hidden - 1, unit + 1)
        case .pageUp: unit = max(0, unit - 8)
        case .pageDown: unit = min(trace.config.hidden - 1, unit + 8)
        case .character("t"): trainEpochs(1)
        case .character("T"):
            training.toggle()
            message = training ? "training… (T stops)" : "training paused at epoch \(epoch)"
        case .character("p"):
            autoplay.toggle()
            message = autoplay ? "auto-play: one sub-step every \(autoplayMilliseconds) ms (p stops)" : "auto-play off"
        case .character("s"): showWindow(((windowIndex ?? -1) + 1) % data.count)
        case .character("S"): showWindow(((windowIndex ?? 1) - 1 + data.count) % data.count)
        case .character("e"):
            editing = ""
            training = false
        case .character("r"): reinitialise()
        case .character("y"): logScale.toggle()
        case .character("w"): nextRecurrentPreset()
        case .character("c"): cycleCell()
        case .character("a"): toggleActivation()
        case .character("]"): changeLength(longer: true)
        case .character("["): changeLength(longer: false)
        case .character("g"): switchPartner()
        case .tab: cycleView(by: 1)
        case .backTab: cycleView(by: -1)
        case .character("?"): showHelp.toggle()
        case .character("q"): return false
        case .escape: break
        default: message = "key not bound; press ? for help"
        }
        return true
    }

    public let autoplayMilliseconds = 700

    /// One auto-play tick: the next sub-step, wrapping around at the end of BPTT.
    public func autoplayTick() {
        if t == 1, subStep == .last(of: .backward, cell: cell) {
            t = 1
            subStep = .first(of: .forward, cell: cell)
        } else {
            nextSubStep()
        }
    }

    // MARK: Walking

    func move(to step: Int) {
        t = min(max(1, step), trace.length)
    }

    /// Forward: sub-steps in order, then the next time step; after the last, BPTT from t=T.
    /// Backward: sub-steps in order, then the previous time step.
    func nextSubStep() {
        if let next = subStep.next(cell: cell) {
            subStep = next
        } else if phase == .forward {
            if t < trace.length {
                t += 1
                subStep = .first(of: .forward, cell: cell)
            } else {
                subStep = .first(of: .backward, cell: cell)
                message = "forward pass done: now backpropagation through time, from t=\(t) down to 1"
            }
        } else if t > 1 {
            t -= 1
            subStep = .first(of: .backward, cell: cell)
        } else {
            message = "BPTT reached t=1: every gradient is complete (f goes forward again)"
        }
    }

    func previousSubStep() {
        if let previous = subStep.previous(cell: cell) {
            subStep = previous
        } else if phase == .forward {
            if t > 1 {
                t -= 1
                subStep = .last(of: .forward, cell: cell)
            }
        } else if t < trace.length {
            t += 1
            subStep = .last(of: .backward, cell: cell)
        } else {
            subStep = .last(of: .forward, cell: cell)
        }
    }

    func cycleView(by offset: Int) {
        let all = ExplorerView.allCases
        let index = all.firstIndex(of: view) ?? 0
        view = all[(index + offset + all.count) % all.count]
    }

    // MARK: Comparison

    /// The partner's cell for the current main model.
    public var partnerCell: CellKind { cell.isGated ? .rnn : partnerGatedCell }

    /// Makes the partner if there is none (or its cell no longer fits) and traces it.
    public func preparePartner() {
        if comparison?.cell != partnerCell {
            var config = setup.config
            config.cell = partnerCell
            comparison = Comparison(config: config, seed: seed, data: data, options: trainer.options)
        }
        comparison?.retrace(input: input, target: target)
    }

    /// Drops the partner after a change it no longer matches; a new one if the view is open.
    private func resetComparison() {
        comparison = nil
        if view == .compare { preparePartner() }
    }

    /// The gated cell the RNN is compared with (a lesson's `partner`).
    public func setPartnerCell(_ cell: CellKind) {
        guard cell.isGated, cell != partnerGatedCell else { return }
        partnerGatedCell = cell
        resetComparison()
    }

    /// `g`: the partner becomes a GRU instead of an LSTM, or back (when the main model is the RNN).
    func switchPartner() {
        guard !cell.isGated else {
            message = "the \(cell.title) is compared with the plain RNN; c changes the main cell"
            return
        }
        partnerGatedCell = partnerGatedCell == .lstm ? .gru : .lstm
        resetComparison()
        message = "comparing the RNN with a fresh \(partnerGatedCell.title) (seed \(seed))"
    }

    // MARK: Sequences

    /// Shows training window `index` (0-based).
    public func showWindow(_ index: Int) {
        let window = data.window(index, vocabulary: setup.config.vocabulary)
        do {
            try show(input: setup.config.vocabulary.encode(window.input), target: setup.config.vocabulary.encode(window.target))
            windowIndex = index
            message = "window \(index + 1)/\(data.count)"
        } catch {
            message = "\(error)"
        }
    }

    func show(input: [Int], target: [Int]) throws {
        trace = try model.trace(input: input, target: target)
        self.input = input
        self.target = target
        t = min(t, trace.length)
        comparison?.retrace(input: input, target: target)
    }

    /// Typed text: every character but the last is the input, and the model is scored on
    /// predicting the next character (the last one; in `every` mode, each following one).
    public func setTypedSequence(_ text: String) throws {
        let vocabulary = setup.config.vocabulary
        let tokens: [Int]
        do {
            tokens = try vocabulary.encode(text)
        } catch let error as RNNScopeError {
            throw RNNScopeError("refused: \(error.message)")
        }
        guard tokens.count >= 2 else {
            throw RNNScopeError("type at least two characters: the input, then the character to predict")
        }
        let input = Array(tokens.dropLast())
        let target = setup.config.lossMode == .last ? [tokens[tokens.count - 1]] : Array(tokens.dropFirst())
        try show(input: input, target: target)
        windowIndex = nil
    }

    private func handleEditing(_ key: UserKey) -> Bool {
        guard var text = editing else { return true }
        switch key {
        case .enter:
            do {
                try setTypedSequence(text)
                editing = nil
                message = "showing your text: input \"\(setup.config.vocabulary.decode(input))\""
            } catch {
                message = "\(error)"
            }
            return true
        case .escape:
            editing = nil
            message = "editing cancelled"
            return true
        case .backspace:
            if !text.isEmpty { text.removeLast() }
        case .character(let c):
            if let bad = c.unicodeScalars.first(where: { setup.config.vocabulary.index(of: $0) == nil }) {
                message = "'\(bad)' is not in the vocabulary (\(setup.config.vocabulary.count) characters of the text)"
                return true
            }
            if text.unicodeScalars.count < maxTypedLength { text.append(c) }
        default:
            break
        }
        editing = text
        return true
    }

    public let maxTypedLength = 200

    // MARK: Training

    /// Trains `count` epochs, then re-records the pass on screen. Stops at a non-finite loss.
    public func trainEpochs(_ count: Int) {
        for _ in 0..<count {
            guard trainOneEpoch() else { break }
        }
        retrace()
        refreshPredictions()
    }

    /// Trains whole epochs until `nanoseconds` have passed (at least one), so continuous
    /// training never holds the screen longer than a frame.
    public func trainFor(nanoseconds: UInt64) {
        let start = DispatchTime.now().uptimeNanoseconds
        while trainOneEpoch(), DispatchTime.now().uptimeNanoseconds - start < nanoseconds {}
        retrace()
        refreshPredictions()
    }

    /// One epoch; false (and training stopped, with a message) when the loss is not finite.
    private func trainOneEpoch() -> Bool {
        comparison?.trainEpoch()
        let result = trainer.runEpoch()
        lastGradientNorms = (result.gradientNorm, result.clippedNorm)
        guard result.loss.isFinite else {
            training = false
            message = "training stopped at epoch \(result.epoch): the loss became \(result.loss)"
            return false
        }
        losses.append(result.loss)
        return true
    }

    /// Fresh random weights (the next seed), training history cleared.
    public func reinitialise() {
        seed &+= 1
        trainer = Trainer(model: CharRNN(config: setup.config, seed: seed), data: data, options: setup.training)
        losses = []
        resetComparison()
        training = false
        retrace()
        refreshPredictions()
        message = "re-initialised with seed \(seed)"
    }

    public func stopTraining() { training = false }

    /// Fresh random weights from `seed`, training history cleared (a lesson's `reinit`).
    public func reinitialise(seed newSeed: UInt64) {
        seed = newSeed &- 1
        reinitialise()
    }

    /// Multiplies W_hh by `factor`, keeping the optimizer's state (a lesson's `scale_whh`).
    public func scaleRecurrentWeights(by factor: Float) {
        trainer.updateParameters { parameters in
            parameters[.weightHH] = parameters[.weightHH].map { $0 * factor }
        }
        retrace()
        refreshPredictions()
    }

    /// Replaces W_hh by a preset (a lesson's `whh`, or the `w` key).
    public func setRecurrentWeights(_ preset: RecurrentPreset) throws {
        var parameters = trace.parameters
        try preset.apply(to: &parameters, seed: seed &+ 1000)
        trainer.updateParameters { $0 = parameters }
        retrace()
        refreshPredictions()
        let name = cell.recurrentMatrixName
        message = "\(name) set to \(preset): σ_max \(String(format: "%.3f", analysis.sigmaMax)), ρ \(String(format: "%.3f", analysis.spectralRadius))"
    }

    private var presetIndex = -1

    /// `w`: the next of σ_max 0.5, 0.9, 1.0, 1.1, 1.5, orthogonal, identity.
    func nextRecurrentPreset() {
        presetIndex = (presetIndex + 1) % RecurrentPreset.cycle.count
        do { try setRecurrentWeights(RecurrentPreset.cycle[presetIndex]) } catch { message = "\(error)" }
    }

    // MARK: Model and length

    /// `c`: RNN → GRU → LSTM → RNN, with fresh weights from the current seed.
    func cycleCell() {
        let all = CellKind.allCases
        let next = all[((all.firstIndex(of: cell) ?? 0) + 1) % all.count]
        do {
            try setCell(next)
            message = "cell: \(next.title), fresh weights from seed \(seed)"
                + (next.isGated ? "; space walks through its gates" : "")
        } catch { message = "\(error)" }
    }

    /// A new model of `cell` (fresh weights from the current seed), training history cleared.
    public func setCell(_ newCell: CellKind) throws {
        var config = setup.config
        config.cell = newCell
        try rebuild(config: config, window: setup.window, parameters: nil)
        subStep = subStep.fitted(to: newCell)
    }

    /// `a`: tanh ↔ relu for the plain RNN, keeping the weights (the curve starts again).
    func toggleActivation() {
        guard !cell.isGated else {
            message = "a \(cell.title) has no activation to choose: its gates use σ and tanh"
            return
        }
        let next: Activation = trace.config.activation == .tanh ? .relu : .tanh
        do {
            try setActivation(next)
            message = "activation \(next.rawValue), same weights (training history cleared)"
        } catch { message = "\(error)" }
    }

    public func setActivation(_ activation: Activation) throws {
        var config = setup.config
        config.activation = activation
        try rebuild(config: config, window: setup.window, parameters: model.parameters)
    }

    /// Window lengths `[` and `]` step through, up to the text's length.
    static let lengthLadder = [2, 5, 10, 20, 30, 50, 100, 150, 200, 300, 500, 1000]

    /// The longest window the text allows (one character must follow it).
    public var maxWindow: Int { max(1, setup.text.unicodeScalars.count - 1) }

    func changeLength(longer: Bool) {
        let current = setup.window
        let stops = (Self.lengthLadder.filter { $0 < maxWindow } + [maxWindow])
        let next = longer ? stops.first { $0 > current } : stops.last { $0 < current }
        guard let next else {
            message = longer ? "the window is already the whole text (\(current) steps)" : "the window is already at its shortest"
            return
        }
        do {
            try setWindow(next)
            message = "sequence length \(next): \(data.count) training windows"
                + (data.stride > 1 ? ", one every \(data.stride) characters to keep an epoch small" : "")
        } catch { message = "\(error)" }
    }

    /// Sequences of `window` steps (same weights), training history cleared.
    public func setWindow(_ window: Int) throws {
        guard (1...maxWindow).contains(window) else {
            throw RNNScopeError("a window of \(window) does not fit the text: 1…\(maxWindow)")
        }
        try rebuild(config: setup.config, window: window, parameters: model.parameters)
    }

    /// Rebuilds the data, the model and its trainer; the sequence on screen becomes window 1.
    private func rebuild(config: ModelConfig, window: Int, parameters: Parameters?) throws {
        var next = setup
        next.config = config
        next.window = window
        next.stride = TrainingSet.stride(textLength: setup.text.unicodeScalars.count, window: window)
        let data = try TrainingSet(
            text: next.text, vocabulary: config.vocabulary, window: window, lossMode: config.lossMode, stride: next.stride)
        let model = parameters.map { CharRNN(config: config, parameters: $0) } ?? CharRNN(config: config, seed: seed)
        let first = data.window(0, vocabulary: config.vocabulary)
        let input = try config.vocabulary.encode(first.input), target = try config.vocabulary.encode(first.target)
        trace = try model.trace(input: input, target: target)
        setup = next
        self.data = data
        trainer = Trainer(model: model, data: data, options: trainer.options)
        self.input = input
        self.target = target
        windowIndex = 0
        losses = []
        training = false
        t = min(t, trace.length)
        unit = min(unit, config.hidden - 1)
        resetComparison()
        refreshPredictions()
    }

    /// Puts the walk-through at a step, sub-step and unit (a lesson's directives). Values
    /// out of range are clamped.
    public func place(t newT: Int? = nil, subStep newSubStep: SubStep? = nil, unit newUnit: Int? = nil) {
        if let newT { move(to: newT) }
        if let newSubStep { subStep = newSubStep.fitted(to: cell) }
        if let newUnit { unit = min(max(0, newUnit), trace.config.hidden - 1) }
    }

    public func setAutoplay(_ on: Bool) { autoplay = on }

    /// Changes how training continues (a lesson's `clip` and `lr`).
    public func setTraining(_ change: (inout TrainingOptions) -> Void) {
        var options = trainer.options
        change(&options)
        trainer.setOptions(options)
    }

    /// The last epoch's global gradient norm before and after clipping.
    public private(set) var lastGradientNorms: (before: Float, after: Float)?

    /// The settings training uses now.
    public var trainingOptions: TrainingOptions { trainer.options }

    private func retrace() {
        if let fresh = try? model.trace(input: input, target: target) { trace = fresh }
        comparison?.retrace(input: input, target: target)
    }

    private func refreshPredictions() {
        let prompts = SeedNotes.prompts(spelledBy: setup.config.vocabulary)
        let guesses = (try? model.predictNext(prompts)) ?? []
        predictions = zip(prompts, guesses).map { ($0, String($1)) }
    }
}
