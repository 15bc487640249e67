import Lessons
import RNNCore

/// A lesson being taught: the explorer plus the script. Going forward a step applies its
/// actions on top of the current state; going back (or returning to the script after free
/// exploration) replays the lesson from the start, so every step's state is exactly what
/// the script produces.
public final class LessonSession {
    public let lesson: Lesson
    public private(set) var explorer: Explorer
    /// 0-based.
    public private(set) var stepIndex = 0
    /// Lines scrolled in the narration panel.
    public var narrationScroll = 0
    public let present: Bool

    public init(lesson: Lesson, present: Bool = false) throws {
        self.lesson = lesson
        self.present = present
        explorer = try Self.startingExplorer(lesson)
        try enter(0)
    }

    public var step: LessonStep { lesson.steps[stepIndex] }
    public var stepCount: Int { lesson.steps.count }

    /// The explorer as the front matter sets it up, before step 1.
    static func startingExplorer(_ lesson: Lesson) throws -> Explorer {
        let settings = lesson.settings
        let text = settings.text ?? SeedNotes.text
        var vocabulary = Vocabulary(text: text)
        var parameters: Parameters?
        if let weights = settings.weights {
            let contents = try WeightFile.load(weights, fallbackVocabulary: vocabulary)
            vocabulary = contents.vocabulary
            parameters = contents.parameters
        }
        let hidden = parameters?.shape.hidden ?? settings.hidden ?? SeedNotes.hidden
        let config = ModelConfig(
            vocabulary: vocabulary, hidden: hidden, activation: settings.activation ?? .tanh, lossMode: settings.loss ?? .last,
            cell: parameters?.shape.cell ?? settings.cell ?? .rnn)
        let training = TrainingOptions(learningRate: settings.learningRate ?? SeedNotes.learningRate, clipNorm: settings.clip)
        let setup = ExplorerSetup(
            text: text, config: config, window: settings.window ?? SeedNotes.window, seed: settings.seed ?? 0,
            parameters: parameters, training: training)
        let explorer: Explorer
        do { explorer = try Explorer(setup: setup) } catch let error as RNNScopeError {
            throw RNNScopeError(error.message, at: .file(lesson.path, line: 1))
        }
        if let scale = settings.whhScale { explorer.scaleRecurrentWeights(by: scale) }
        if settings.epochs > 0 { explorer.trainEpochs(settings.epochs) }
        return explorer
    }

    // MARK: Moving through the script

    /// Acts on a key: the lesson's own keys, or the explorer's. False means quit.
    @discardableResult
    public func handle(_ key: UserKey) -> Bool {
        guard explorer.editing == nil else { return explorer.handle(key) }
        switch key {
        case .enter, .character("]"): next()
        case .character("["): previous()
        case .character("="): returnToScript()
        case .character("}"): narrationScroll += 3
        case .character("{"): narrationScroll = max(0, narrationScroll - 3)
        default: return explorer.handle(key)
        }
        return true
    }

    public func next() {
        guard stepIndex + 1 < stepCount else {
            explorer.message = "end of the lesson: [ goes back, q quits"
            return
        }
        do { try enter(stepIndex + 1) } catch { explorer.message = "\(error)" }
    }

    public func previous() {
        guard stepIndex > 0 else { return }
        replay(to: stepIndex - 1)
    }

    /// Back to where the script put the screen, undoing free exploration.
    public func returnToScript() {
        replay(to: stepIndex)
        explorer.message = "back to step \(stepIndex + 1) of the lesson"
    }

    /// Goes to step `index` (0-based) by replaying the script from the start; a problem is
    /// shown as a message.
    public func replay(to index: Int) {
        do { try jump(to: index) } catch { explorer.message = "\(error)" }
    }

    /// Goes to step `index` (0-based) by replaying the script from the start.
    public func jump(to index: Int) throws {
        explorer = try Self.startingExplorer(lesson)
        for k in 0...min(max(0, index), stepCount - 1) { try enter(k) }
    }

    /// Applies step `index`'s actions, then its position.
    func enter(_ index: Int) throws {
        stepIndex = index
        narrationScroll = 0
        let step = lesson.steps[index]
        for action in step.actions {
            switch action {
            case .reinit(let seed): explorer.reinitialise(seed: seed)
            case .scaleWHH(let factor): explorer.scaleRecurrentWeights(by: factor)
            case .train(let epochs): explorer.trainEpochs(epochs)
            case .input(let text):
                do { try explorer.setTypedSequence(text) } catch let error as RNNScopeError {
                    throw RNNScopeError(error.message, at: .file(lesson.path, line: step.directiveLines["input"] ?? step.line))
                }
            case .window(let n): explorer.showWindow(n - 1)
            case .logScale(let on): explorer.logScale = on
            case .clip(let norm): explorer.setTraining { $0.clipNorm = norm }
            case .clipValue(let limit): explorer.setTraining { $0.clipValue = limit }
            case .learningRate(let lr): explorer.setTraining { $0.learningRate = lr }
            case .cell(let cell):
                do { try explorer.setCell(cell) } catch let error as RNNScopeError {
                    throw RNNScopeError(error.message, at: .file(lesson.path, line: step.directiveLines["cell"] ?? step.line))
                }
            case .length(let steps):
                do { try explorer.setWindow(steps) } catch let error as RNNScopeError {
                    throw RNNScopeError(error.message, at: .file(lesson.path, line: step.directiveLines["length"] ?? step.line))
                }
            case .partner(let cell): explorer.setPartnerCell(cell)
            case .recurrentWeights(let preset):
                do { try explorer.setRecurrentWeights(preset) } catch let error as RNNScopeError {
                    throw RNNScopeError(error.message, at: .file(lesson.path, line: step.directiveLines["whh"] ?? step.line))
                }
            }
        }
        let position = step.position
        if let view = position.view { explorer.view = Self.view(view) }
        let subStep = position.subStep.map(Self.subStep) ?? position.phase.map { SubStep.first(of: $0 == "backward" ? .backward : .forward, cell: explorer.cell) }
        let t: Int? = position.t.map { time in
            switch time {
            case .index(let n): return n
            case .last: return explorer.trace.length
            }
        }
        if let unit = position.unit, unit >= explorer.trace.config.hidden {
            throw RNNScopeError("'unit': \(unit) is out of range 0...\(explorer.trace.config.hidden - 1)",
                                at: .file(lesson.path, line: step.directiveLines["unit"] ?? step.line))
        }
        explorer.place(t: t, subStep: subStep, unit: position.unit)
        explorer.message = nil
    }

    static func view(_ view: LessonView) -> ExplorerView {
        switch view {
        case .step: return .step
        case .time: return .unrolled
        case .training: return .training
        case .weights: return .weights
        case .gradients: return .gradients
        case .compare: return .compare
        }
    }

    static func subStep(_ name: LessonSubStep) -> SubStep {
        switch name {
        case .embed: return .forward(.embed)
        case .input: return .forward(.inputTerm)
        case .recurrent: return .forward(.recurrentTerm)
        case .preactivation: return .forward(.preactivation)
        case .activation: return .forward(.activation)
        case .logits: return .forward(.logits)
        case .softmax: return .forward(.softmax)
        case .loss: return .forward(.loss)
        case .r, .i: return .gate(0)
        case .z, .f: return .gate(1)
        case .n, .g: return .gate(2)
        case .o: return .gate(3)
        case .c: return .forward(.cellState)
        case .h: return .forward(.newHidden)
        case .dc: return .backward(.dCell)
        case .dgates: return .backward(.dGates)
        case .dlogits: return .backward(.dLogits)
        case .dh: return .backward(.dHidden)
        case .da: return .backward(.dPreactivation)
        case .grads: return .backward(.weightGradients)
        case .dhprev: return .backward(.dHiddenPrevious)
        }
    }
}
