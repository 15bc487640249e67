import Lessons
import Localization
import RNNCore
import ScopeNames

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
    /// The step's question has been answered (or revealed with Enter).
    public private(set) var questionRevealed = false
    /// The choice picked (1-based), nil when revealed without answering.
    public private(set) var chosen: Int?

    /// The step asks a question that is still waiting for its answer.
    public var questionPending: Bool { step.question != nil && !questionRevealed }

    /// Picks choice `choice` (1-based), or reveals without answering (nil).
    public func answer(_ choice: Int?) {
        guard let question = step.question, !questionRevealed else { return }
        if let choice, !(1...question.choices.count).contains(choice) { return }
        chosen = choice
        questionRevealed = true
        explorer.setConcealed(false)
        let strings = explorer.ui.strings
        explorer.setMessage(strings(choice == nil ? "lesson.msg.answer" : choice == question.answer ? "lesson.msg.right" : "lesson.msg.not_quite",
                                    ["answer": "\(question.answer)"]))
    }
    public let present: Bool
    /// The interface's language: `--lang` when given, else the lesson's own (`lang:`).
    public let language: Language

    public init(lesson: Lesson, present: Bool = false, language: Language? = nil) throws {
        self.lesson = lesson
        self.present = present
        self.language = language ?? Language(rawValue: lesson.lang) ?? .en
        explorer = try Self.startingExplorer(lesson)
        explorer.setLanguage(self.language)
        try enter(0)
    }

    public var step: LessonStep { lesson.steps[stepIndex] }
    public var stepCount: Int { lesson.steps.count }

    /// The frame to draw: the explorer's, with σ_max and ρ when the narration quotes them.
    public func frame() -> Frame {
        let quotesAnalysis = step.narration.contains { block in
            block.spans.contains { if case .value(let placeholder, _) = $0 { return placeholder.name.needsAnalysis } else { return false } }
        }
        return explorer.frame(needingAnalysis: quotesAnalysis)
    }

    /// The explorer as the front matter sets it up, before step 1: the settings' spec, with
    /// the weight file's vocabulary, size and cell when there is one, validated like any other.
    static func startingExplorer(_ lesson: Lesson) throws -> Explorer {
        let settings = lesson.settings
        var spec = settings.spec
        var parameters: Parameters?
        var epoch = 0
        var optimizer: OptimizerState?
        if let weights = settings.weights {
            let contents = try WeightFile.load(weights, fallbackVocabulary: spec.vocabulary)
            try checkAgreement(lesson, contents)
            spec.vocabulary = contents.vocabulary
            spec.hidden = contents.parameters.shape.hidden
            spec.cell = contents.cell
            spec.activation = contents.cell.isGated ? .tanh : (settings.activation ?? contents.activation ?? .tanh)
            parameters = contents.parameters
            epoch = contents.epoch ?? 0
            optimizer = contents.optimizer
        }
        let explorer: Explorer
        do { explorer = try Explorer(spec: spec, parameters: parameters, epoch: epoch, optimizer: optimizer) } catch let error as SpecError {
            let key = LessonSettings.key(for: error.field)
            throw RNNScopeError(error.sentence, at: .file(lesson.path, line: lesson.frontMatterLines[key] ?? 1))
        } catch let error as RNNScopeError {
            throw RNNScopeError(error.sentence, at: .file(lesson.path, line: 1))
        }
        if let scale = settings.whhScale { explorer.lab.scaleRecurrentWeights(by: scale) }
        if settings.epochs > 0, case .trainingInterrupted(let epoch)? = explorer.lab.train(epochs: settings.epochs) {
            throw ReplayInterrupted(epoch: epoch)
        }
        return explorer
    }

    /// The front matter's `hidden`, `cell` and `activation` must agree with the weight file
    /// (as the command line's flags must with `--weights`): a disagreement is refused at the
    /// front-matter line, never silently overridden.
    static func checkAgreement(_ lesson: Lesson, _ contents: WeightFile.Contents) throws {
        let settings = lesson.settings
        // The file's name (the path is on the error's line already).
        let file = settings.weights.map { String($0.split(separator: "/").last ?? Substring($0)) } ?? ""
        func fail(_ key: String, _ what: String, _ values: [String: String]) -> RNNScopeError {
            var values = values
            values["file"] = file
            return RNNScopeError(Message("error.lesson.directive", ["key": key], nested: ["message": Message("error.lesson.\(what)", values)]),
                                 at: .file(lesson.path, line: lesson.frontMatterLines[key] ?? 1))
        }
        let hidden = contents.parameters.shape.hidden
        if let wanted = settings.hidden, wanted != hidden {
            throw fail("hidden", "hidden_disagrees", ["wanted": String(wanted), "hidden": String(hidden)])
        }
        if let wanted = settings.cell, wanted != contents.cell {
            throw fail("cell", "cell_disagrees", ["wanted": wanted.rawValue, "cell": contents.cell.rawValue])
        }
        if let wanted = settings.activation {
            if contents.cell.isGated, wanted != .tanh {
                throw fail("activation", "activation_rnn_only", ["wanted": wanted.rawValue, "cell": contents.cell.rawValue])
            }
            if let recorded = contents.activation, recorded != wanted {
                throw fail("activation", "activation_disagrees", ["wanted": wanted.rawValue, "recorded": recorded.rawValue])
            }
        }
    }

    // MARK: Moving through the script

    /// Acts on a key: the lesson's own keys, or the explorer's. False means quit.
    @discardableResult
    public func handle(_ key: UserKey) -> Bool {
        guard explorer.ui.editing == nil, explorer.ui.confirmingOverwrite == nil, explorer.ui.confirmingBranch == nil, !explorer.ui.showHelp else { return explorer.handle(key) }
        if questionPending, let question = step.question {
            // Digits answer; Enter reveals without answering; the rest waits (q still quits).
            switch key {
            case .character(let c) where c.wholeNumberValue.map({ (1...question.choices.count).contains($0) }) == true:
                answer(c.wholeNumberValue)
                return true
            case .enter:
                answer(nil)
                return true
            case .character("q"), .character("["), .character("?"), .character("x"): break
            default:
                explorer.setMessage(explorer.ui.strings("lesson.msg.press_to_answer", ["count": "\(question.choices.count)"]))
                return true
            }
        }
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
            explorer.setMessage(explorer.ui.strings["lesson.msg.end"])
            return
        }
        do { try enter(stepIndex + 1) } catch let stopped as ReplayInterrupted {
            explorer.setMessage(explorer.ui.strings("lesson.msg.stopped_step", ["epoch": "\(stopped.epoch)"]))
        } catch { explorer.setMessage(explorer.ui.strings.errorText(error)) }
    }

    public func previous() {
        guard stepIndex > 0 else { return }
        replay(to: stepIndex - 1)
    }

    /// Back to where the script put the screen, undoing free exploration.
    public func returnToScript() {
        replay(to: stepIndex)
        explorer.setMessage(explorer.ui.strings("lesson.msg.back_to_step", ["step": "\(stepIndex + 1)"]))
    }

    /// Goes to step `index` (0-based) by replaying the script from the start; a problem is
    /// shown as a message.
    public func replay(to index: Int) {
        do { try jump(to: index) } catch let stopped as ReplayInterrupted {
            explorer.setMessage(explorer.ui.strings("lesson.msg.stopped_replay", ["epoch": "\(stopped.epoch)", "step": "\(stepIndex + 1)"]))
        } catch { explorer.setMessage(explorer.ui.strings.errorText(error)) }
    }

    /// Goes to step `index` (0-based) by replaying the script from the start.
    /// Stopped by the user (`ReplayInterrupted`), the session stays where it was.
    public func jump(to index: Int) throws {
        let (theme, autoTheme, language) = (explorer.ui.theme, explorer.ui.autoTheme, explorer.ui.language)
        let saved = (explorer, stepIndex, narrationScroll, questionRevealed, chosen)
        do {
            explorer = try Self.startingExplorer(lesson)
            explorer.setTheme(theme, auto: autoTheme)
            explorer.setLanguage(language)
            for k in 0...min(max(0, index), stepCount - 1) { try enter(k) }
        } catch let stopped as ReplayInterrupted {
            (explorer, stepIndex, narrationScroll, questionRevealed, chosen) = saved
            throw stopped
        }
    }

    /// Applies step `index`'s actions, then its position.
    func enter(_ index: Int) throws {
        stepIndex = index
        narrationScroll = 0
        questionRevealed = false
        chosen = nil
        let step = lesson.steps[index]
        /// Runs a change to the lab; its error names this step's `key` line.
        func apply(_ key: String, _ change: (Lab) throws -> Void) throws {
            do { try explorer.changeLab(change) } catch let error as RNNScopeError {
                throw RNNScopeError(error.sentence, at: .file(lesson.path, line: step.directiveLines[key] ?? step.line))
            } catch let error as SpecError {
                throw RNNScopeError(Message("error.lesson.directive", ["key": key], nested: ["message": error.sentence]),
                                    at: .file(lesson.path, line: step.directiveLines[key] ?? step.line))
            }
        }
        for action in step.actions {
            switch action {
            case .reinit(let seed): try apply("reinit") { $0.reinitialise(seed: seed) }
            case .scaleWHH(let factor): try apply("scale_whh") { $0.scaleRecurrentWeights(by: factor) }
            case .train(let epochs):
                var event: LabEvent?
                try apply("train") { event = $0.train(epochs: epochs) }
                if case .trainingInterrupted(let epoch)? = event { throw ReplayInterrupted(epoch: epoch) }
            case .rewind(let epoch):
                try apply("rewind") { lab in
                    guard lab.rewind(to: epoch) != nil else {
                        let kept = lab.historyEpochs.first.map { Message("error.lesson.oldest_kept", ["epoch": String($0)]) }
                            ?? Message("error.lesson.nothing_trained")
                        throw RNNScopeError(Message("error.lesson.no_snapshot", ["epoch": String(epoch)], nested: ["kept": kept]))
                    }
                }
            case .input(let text): try apply("input") { _ = try $0.showTyped(text) }
            case .window(let n): try apply("window") { $0.showWindow(n - 1) }
            case .logScale(let on): explorer.setLogScale(on)
            case .clip(let norm): try apply("clip") { try $0.setTraining { $0.clipNorm = norm } }
            case .clipValue(let limit): try apply("clip_value") { try $0.setTraining { $0.clipValue = limit } }
            case .learningRate(let lr): try apply("lr") { try $0.setTraining { $0.learningRate = lr } }
            case .cell(let cell): try apply("cell") { try $0.setCell(cell) }
            case .length(let steps): try apply("length") { try $0.setLength(steps) }
            case .holdout(let n): try apply("holdout") { try $0.setHoldout(n) }
            case .batchSize(let size): try apply("batch_size") { try $0.setBatching { $0.batchSize = size } }
            case .shuffle(let on): try apply("shuffle") { try $0.setBatching { $0.shuffle = on } }
            case .trainSteps(let steps):
                var event: LabEvent?
                try apply("steps") { event = $0.train(steps: steps) }
                if case .trainingInterrupted(let epoch)? = event { throw ReplayInterrupted(epoch: epoch) }
            case .partner(let cell): try apply("partner") { $0.setPartnerCell(cell) }
            case .recurrentWeights(let preset): try apply("whh") { try $0.setRecurrentWeights(preset) }
            case .pace(let rate): explorer.setPace(epochsPerSecond: rate)
            case .until(let epoch): explorer.setTrainUntil(epoch)
            case .prompt(let text): try apply("prompt") { _ in try explorer.setGenerationPrompt(text) }
            case .generate(let count): explorer.generateGreedy(count)
            }
        }
        let position = step.position
        if let view = position.view { explorer.setView(view) }
        let subStep = position.subStep ?? position.phase.map { Cursor.first($0, cell: explorer.lab.cell) }
        let t: Int? = position.t.map { time in
            switch time {
            case .index(let n): return n
            case .last: return explorer.lab.trace.length
            }
        }
        let hidden = explorer.lab.spec.hidden
        if let unit = position.unit, unit >= hidden {
            throw RNNScopeError(
                Message("error.lesson.directive", ["key": "unit"], nested: ["message": Message("error.cli.out_of_range", ["value": String(unit), "range": "0...\(hidden - 1)"])]),
                at: .file(lesson.path, line: step.directiveLines["unit"] ?? step.line))
        }
        explorer.place(t: t, subStep: subStep, unit: position.unit)
        if position.optimizerTensor != nil || position.optimizerEntry != nil {
            do { try explorer.placeOptimizer(tensor: position.optimizerTensor, entry: position.optimizerEntry) } catch let error as Explorer.OptimizerEntryError {
                throw RNNScopeError(Message("error.lesson.directive", ["key": "entry"], nested: ["message": error.sentence]),
                                    at: .file(lesson.path, line: step.directiveLines["entry"] ?? step.line))
            } catch let error as RNNScopeError {
                let key = position.optimizerEntry != nil && position.optimizerTensor == nil ? "entry" : "optimizer"
                throw RNNScopeError(Message("error.lesson.directive", ["key": key], nested: ["message": error.sentence]),
                                    at: .file(lesson.path, line: step.directiveLines[key] ?? step.line))
            }
        }
        explorer.setMessage(nil)
        explorer.setConcealed(step.question != nil)
    }
}
