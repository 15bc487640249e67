import Localization
import RNNCore
import ScopeNames

/// The walk-through's coordinator: it owns the lab (the model), the cursor (where the
/// walk-through is), the UI state and the derived values, turns keys into commands through
/// the key map, and builds the frame every view draws from.
public final class Explorer {
    public let lab: Lab
    public internal(set) var cursor = Cursor()
    public internal(set) var ui = UIState()
    var derived = Derived()
    var running = Running()
    /// Continuous training runs on a worker thread (the terminal loop sets this; snapshots,
    /// lessons' scripts and tests train in place, so their frames are deterministic).
    var trainingInBackground = false
    /// The generate view's prompt, generated text, τ and seeded generator.
    var generation: GenerationSession
    /// The neuron view: which entry of its feature list space/backspace last chose.
    var neuronPick: Int?
    /// The model's reading of the generate view's text, kept between keys (`Explorer+Reading`).
    var textReading: TextReading?
    /// The reading on a thread of its own, while one runs (the terminal: `readsInBackground`).
    var readingJob: ReadingJob?
    /// Whether a slow reading runs on a thread (the terminal); in place otherwise, so that
    /// snapshots, lessons' scripts and tests are deterministic.
    var readsInBackground = false
    /// Work (multiply-adds) a reading may take in place between two keys (tests lower it to 0).
    var readingWorkBetweenKeys = Explorer.defaultReadingWorkBetweenKeys
    /// Tests only: called on the reading's thread before it starts, to hold one in flight.
    var readingGate: (@Sendable () -> Void)?
    /// The optimizer view's last frame and what it was made for (a large tensor takes a pass).
    var optimizerCache: (key: String, frame: OptimizerFrame)?
    /// `x` was pressed: the loop that draws the screen exports it (`exportScreen`).
    public internal(set) var exportRequested = false
    /// The clock commands and ticks read (tests pass their own).
    var clock: @Sendable () -> UInt64 = { Derived.now() }

    public init(lab: Lab) {
        self.lab = lab
        generation = GenerationSession(seed: lab.spec.seed)
    }

    /// The explorer for a spec: its model fresh from the seed, or `parameters` trained for `epoch` epochs.
    public convenience init(spec: ModelSpec, parameters: Parameters? = nil, epoch: Int = 0, optimizer: OptimizerState? = nil) throws {
        self.init(lab: try Lab(spec: spec, parameters: parameters, epoch: epoch, optimizer: optimizer))
    }

    /// Presentation mode for projectors, set from `--present`.
    public var presenting: Bool {
        get { ui.present }
        set { ui.present = newValue }
    }

    // MARK: Keys

    /// Acts on one key. Returns false when the key asks to quit.
    @discardableResult
    public func handle(_ key: UserKey) -> Bool {
        if let path = ui.confirmingOverwrite { return confirmOverwrite(path, key) }
        if let command = ui.confirmingBranch { return confirmBranch(command, key) }
        if ui.editing != nil { return handleTyping(key) }
        if ui.showHelp {
            // Any key closes the help, and does nothing else.
            ui.showHelp = false
            return true
        }
        ui.message = nil
        guard let command = KeyMap.command(for: key) else {
            ui.message = ui.strings["msg.key_not_bound"]
            return true
        }
        let going = perform(command)
        // While a new model is made, the message line says so (until a key says something else).
        if ui.message == nil, let pending = lab.pendingEvent ?? lab.savingPath.map({ LabEvent.saving(path: $0) }) { report(pending) }
        return going
    }

    /// Carries out a command. Returns false for quit.
    @discardableResult
    public func perform(_ command: Command) -> Bool {
        let length = lab.trace.length, hidden = lab.spec.hidden, cell = lab.cell
        if lab.isInPast, command.changesModel {
            askToBranch(command)
            return true
        }
        let strings = ui.strings
        if let pending = lab.pendingRebuild, command.waitsForRebuild(in: ui.view) || (lab.modelChangesWait && command.changesModel) {
            switch lab.pendingEvent {
            case .applyingPreset?: ui.message = strings("msg.preset.wait", ["matrix": lab.cell.recurrentMatrixName])
            // The file's model is not known until it is read: what would r, c or a start from?
            case .opening(let path)?: ui.message = strings("msg.open.wait", ["path": path.terminalSafe])
            // , and . pressed again move on from the epoch coming.
            case .rewinding? where command == .rewindBack || command == .rewindForward: break
            case .rewinding?: ui.message = strings["rewind.msg.wait"]
            // s and S pressed again move on from the window coming.
            case .tracingWindow? where command == .nextWindow || command == .previousWindow,
                 .tracingTyped? where command == .nextWindow || command == .previousWindow: break
            case .tracingWindow?, .tracingTyped?: ui.message = strings["msg.trace.wait"]
            default: ui.message = strings("msg.rebuild.wait", ["seed": "\(pending.seed)"])
            }
            if ui.message != nil { return true }
        }
        switch command {
        case .nextStep: cursor = cursor.at(t: cursor.t + 1, length: length)
        case .previousStep: cursor = cursor.at(t: cursor.t - 1, length: length)
        case .firstStep: cursor = cursor.at(t: 1, length: length)
        case .lastStep: cursor = cursor.at(t: length, length: length)
        case .nextSubStep where ui.view == .generate: generateStep(greedy: false)
        case .previousSubStep where ui.view == .generate: ungenerate()
        case .toggleAutoplay where ui.view == .generate: toggleRunOn()
        case .nextSubStep where ui.view == .neurons: pickNeuron(by: 1)
        case .previousSubStep where ui.view == .neurons: pickNeuron(by: -1)
        case .openGenerated:
            if ui.view == .generate { openGeneratedInWalkthrough() } else { ui.message = strings["gen.msg.enter_elsewhere"] }
        case .greedyStep:
            if ui.view == .generate { generateStep(greedy: true) } else { ui.message = strings["msg.greedy_elsewhere"] }
        case .cooler, .hotter: changeTemperature(hotter: command == .hotter)
        case .nextSubStep: nextSubStep()
        case .previousSubStep: cursor = cursor.previous(cell: cell, length: length)
        case .forwardPhase: cursor = cursor.at(t: 1, length: length).starting(.forward, cell: cell)
        case .backwardPhase: cursor = cursor.at(t: length, length: length).starting(.backward, cell: cell)
        case .unitUp: cursor = cursor.unit(by: -1, hidden: hidden); ui.optimizerEntry = nil
        case .unitDown: cursor = cursor.unit(by: 1, hidden: hidden); ui.optimizerEntry = nil
        case .unitPageUp: cursor = cursor.unit(by: -8, hidden: hidden); ui.optimizerEntry = nil
        case .unitPageDown: cursor = cursor.unit(by: 8, hidden: hidden); ui.optimizerEntry = nil
        case .nextTensor, .previousTensor: cycleTensor(by: command == .nextTensor ? 1 : -1)
        case .trainEpoch: trainOneEpoch()
        case .toggleTraining: toggleTraining()
        case .faster, .slower: changePace(faster: command == .faster)
        case .toggleAutoplay: toggleAutoplay()
        case .toggleReveal:
            ui.revealAll.toggle()
            ui.message = ui.revealAll ? strings["msg.reveal_all"] : strings["msg.reveal_progressive"]
        case .nextWindow: report(lab.showWindow((lab.upcomingWindowIndex ?? -1) + 1))
        case .previousWindow: report(lab.showWindow((lab.upcomingWindowIndex ?? 1) - 1))
        case .saveWeights where lab.savingPath != nil:
            ui.message = strings("msg.save.busy", ["path": (lab.savingPath ?? "").terminalSafe])
        case .editText, .saveWeights, .openWeights:
            ui.editing = ""
            ui.typing = command == .saveWeights ? .savePath : command == .openWeights ? .openPath : .sequence
            ui.training = false
        case .reinitialise: modelChanged(lab.reinitialise())
        case .cycleCell: modelChanged(lab.cycleCell())
        case .toggleActivation: modelChanged(lab.toggleActivation())
        case .shorter: modelChanged(lab.changeLength(longer: false))
        case .longer: modelChanged(lab.changeLength(longer: true))
        case .nextPreset: report(lab.nextRecurrentPreset())
        case .switchPartner: report(lab.switchPartner())
        case .toggleLogScale: ui.logScale.toggle()
        case .cycleTheme:
            ui.theme = ui.theme.next
            ui.message = ui.theme == .auto ? strings("msg.theme_auto", ["theme": ui.resolvedTheme.rawValue])
                : strings("msg.theme", ["theme": ui.theme.rawValue])
        case .toggleLanguage:
            ui.language = ui.language.other
            ui.message = ui.strings["msg.language"]
        case .rewindBack, .rewindForward: rewind(back: command == .rewindBack)
        case .export: exportRequested = true
        case .nextView: setView(Self.view(after: ui.view, by: 1))
        case .previousView: setView(Self.view(after: ui.view, by: -1))
        case .toggleHelp: ui.showHelp.toggle()
        case .quit: return false
        case .cancel:
            if lab.pendingRebuild != nil {
                report(lab.cancelRebuild())
            } else if lab.isInPast {
                rewindToPresent()
            }
        }
        cursor = cursor.fitted(cell: lab.cell, length: lab.trace.length, hidden: lab.spec.hidden)
        // A key that ended training (e, say) ends the worker too.
        if !ui.training, !running.singleEpochInFlight, lab.isTrainingInBackground { report(lab.stopBackgroundTraining()) }
        return true
    }

    private func nextSubStep() {
        let (moved, note) = cursor.next(cell: lab.cell, length: lab.trace.length)
        cursor = moved
        switch note {
        case .forwardDone(let t)?: ui.message = ui.strings("msg.forward_done", ["t": "\(t)"])
        case .backwardDone?: ui.message = ui.strings["msg.backward_done"]
        case nil: break
        }
    }

    static func view(after view: ScreenView, by offset: Int) -> ScreenView {
        let all = ScreenView.allCases
        let index = all.firstIndex(of: view) ?? 0
        return all[(index + offset + all.count) % all.count]
    }

    /// Shows the lab's event as the message line (nothing when there is none).
    func report(_ event: LabEvent?) {
        guard let event else { return }
        if case .trainingStopped = event { ui.training = false }
        ui.message = EventText.describe(event, strings: ui.strings)
    }

    /// After the model was rebuilt: training stops and the cursor fits the new model.
    private func modelChanged(_ event: LabEvent) {
        if case .refused = event {} else { ui.training = false }
        report(event)
    }

    // MARK: Typing

    private func handleTyping(_ key: UserKey) -> Bool {
        guard var text = ui.editing else { return true }
        if ui.typing != .sequence { return typePath(key, text) }
        switch key {
        case .enter where ui.view == .generate:
            do {
                try setGenerationPrompt(text)
                ui.editing = nil
            } catch {
                ui.message = ui.strings.errorText(error)
            }
            return true
        case .enter:
            do {
                report(try lab.showTyped(text))
                ui.editing = nil
                cursor = cursor.fitted(cell: lab.cell, length: lab.trace.length, hidden: lab.spec.hidden)
            } catch {
                ui.message = ui.strings.errorText(error)
            }
            return true
        case .escape:
            ui.editing = nil
            ui.message = ui.strings["msg.editing_cancelled"]
            return true
        case .backspace:
            if !text.isEmpty { text.removeLast() }
        case .character(let c):
            let vocabulary = lab.spec.vocabulary
            if let bad = c.unicodeScalars.first(where: { vocabulary.index(of: $0) == nil }) {
                // The line shows at most a screen's width of them.
                // Escaped, so a typed control character reads as \u{1B} rather than vanishing.
                let allowed = String(String.UnicodeScalarView(vocabulary.symbols.prefix(200))).replacingOccurrences(of: " ", with: "␣").terminalSafe
                ui.message = ui.strings("msg.not_in_vocabulary", ["character": String(bad).terminalSafe, "count": "\(vocabulary.count)", "allowed": allowed])
                return true
            }
            if text.unicodeScalars.count <= lab.spec.maxInputLength { text.append(c) }
        default:
            break
        }
        ui.editing = text
        return true
    }
}
