import CellGrid
import Foundation
import Lessons
import Localization
import RNNCore
import ScopeNames
import Testing
@testable import Visualizer

/// The bugs the one-owner redesign fixed, each pinned by a test.
@Suite("One owner for every setting")
struct SettingsOwnerTests {
    func explorer(_ cell: CellKind = .rnn) throws -> Explorer {
        var spec = ModelSpec.notes
        spec.hidden = 16
        spec.cell = cell
        return try Explorer(spec: spec)
    }

    @Test("clip, clip_value, lr and the optimizer survive r, c, a, [ ], a lesson's reinit, cell and length")
    func settingsSurviveRebuilds() throws {
        let e = try explorer()
        try e.lab.setTraining {
            $0.clipNorm = 1
            $0.clipValue = 3
            $0.learningRate = 0.5
        }
        let expected = e.lab.spec.training
        for key in ["r", "c", "a", "]", "[", "c", "c"] {
            e.handle(.character(Character(key)))
            #expect(e.lab.spec.training == expected, "after \(key)")
            #expect(e.lab.trainer.options == expected, "the trainer after \(key)")
        }
        e.lab.reinitialise(seed: 3)
        try e.lab.setCell(.lstm)
        try e.lab.setLength(20)
        #expect(e.lab.trainer.options == expected)
    }

    @Test("The comparison partner trains with the main model's settings, also those set after it was made")
    func partnerSettings() throws {
        let e = try explorer()
        try e.lab.setTraining { $0.learningRate = 0.2 }
        e.setView(.compare)
        #expect(e.lab.partner?.trainer.options == e.lab.spec.training)
        try e.lab.setTraining { $0.clipNorm = 0.5 }
        #expect(e.lab.partner?.trainer.options.clipNorm == 0.5)
        e.handle(.character("P"))
        #expect(e.lab.partner?.trainer.options == e.lab.spec.training)
    }

    @Test("A lesson's clip and lr last through a later reinit, as lessons/README says")
    func lessonSettingsSurviveReinit() throws {
        let source = """
        ---
        id: 90
        title: settings
        lang: en
        ---
        ## set
        ```rnnscope
        clip: 1
        lr: 0.5
        ```
        clip {{clip}} lr {{lr}}
        ## reinit
        ```rnnscope
        reinit: 3
        ```
        clip {{clip}} lr {{lr}} optimizer {{optimizer}}
        """
        let session = try LessonSession(lesson: LessonParser.parse(source, path: "settings.md"))
        session.next()
        let frame = session.frame()
        for case .value(let placeholder, _) in session.step.narration.flatMap(\.spans) {
            let value = PlaceholderValues.text(for: placeholder, in: frame)
            switch placeholder.name {
            case .clip: #expect(value == "1")
            case .lr: #expect(value == "0.5")
            case .optimizer: #expect(value == "Adam")
            default: break
            }
        }
        #expect(frame.seed == 3 && frame.spec.training.clipNorm == 1 && frame.spec.training.learningRate == 0.5)
    }
}

@Suite("The comparison compares equals")
struct ComparisonEqualsTests {
    @Test("A partner made after 30 epochs is trained to epoch 30; the verdict names both at the same epoch")
    func partnerCatchesUp() throws {
        let e = try Explorer(spec: .notes)
        e.lab.train(epochs: 30)
        e.setView(.compare)
        #expect(e.lab.partner?.epoch == 30 && e.lab.partner?.losses.count == 30)
        let screen = ExplorerScreen.render(e, width: 120, height: 40).plainText()
        #expect(screen.contains("RNN   epoch 30") && screen.contains("LSTM  epoch 30"))
        #expect(!screen.contains("Not comparable"))
        e.handle(.character("t"))
        #expect(e.lab.partner?.epoch == 31 && e.epoch == 31)
    }

    @Test("Unequal epochs get one plain line with both, and no verdict")
    func unequalEpochsSaySo() throws {
        let e = try Explorer(spec: .notes)
        e.setView(.compare)
        e.lab.train(epochs: 2)
        let frame = e.frame()
        let partner = try #require(frame.partner)
        let behind = Frame.PartnerFrame(cell: partner.cell, epoch: 0, trace: partner.trace, losses: [])
        let unequal = Frame(
            trace: frame.trace, cursor: frame.cursor, ui: frame.ui, explanation: frame.explanation, spec: frame.spec,
            epoch: frame.epoch, losses: frame.losses, predictions: frame.predictions, windowIndex: frame.windowIndex,
            windowCount: frame.windowCount, lastGradientNorms: frame.lastGradientNorms, partner: behind,
            partnerCell: frame.partnerCell, analysis: nil, connectivity: nil, gradientCheck: nil)
        let screen = ExplorerScreen.render(unequal, width: 120, height: 40, belowMinimumAllowed: false).plainText()
        #expect(screen.contains("Not comparable yet: the RNN is at epoch 2, the LSTM at epoch 0"))
        #expect(!screen.contains("decade"))
    }

    @Test("One decade is 'decade'")
    func oneDecade() {
        #expect(EventText.count(1, "decade") == "1 decade" && EventText.count(3, "decade") == "3 decades")
    }
}

@Suite("Keys and presets")
struct KeysAndPresetsTests {
    @Test("w presets start from the initial W_hh: the second σ_max 0.5 gives the first one's ρ", arguments: CellKind.allCases)
    func presetsFromInitialWeights(cell: CellKind) throws {
        var spec = ModelSpec.notes
        spec.hidden = 16
        spec.cell = cell
        let e = try Explorer(spec: spec)
        e.handle(.character("w"))
        let first = GradientAnalysis(trace: e.trace)
        #expect(abs(first.sigmaMax - 0.5) < 1e-3)
        for _ in 1..<RecurrentPreset.cycle.count { e.handle(.character("w")) }  // … orthogonal, identity
        e.handle(.character("w"))  // σ_max 0.5 again
        let again = GradientAnalysis(trace: e.trace)
        #expect(abs(again.spectralRadius - first.spectralRadius) < 1e-5, "\(cell): ρ \(again.spectralRadius) vs \(first.spectralRadius)")
        #expect(e.message?.contains("from its initial value") == true)
    }

    @Test("Inside the help any key closes the overlay and does nothing else; q then quits")
    func helpClosesOnAnyKey() throws {
        let e = try Explorer(spec: .notes)
        #expect(e.handle(.character("?")) && e.ui.showHelp)
        #expect(e.handle(.character("q")), "q closes the help, it does not quit")
        #expect(!e.ui.showHelp)
        e.handle(.character("?"))
        e.handle(.right)
        #expect(!e.ui.showHelp && e.t == 1, "the key only closed the help")
        #expect(!e.handle(.character("q")))
    }

    @Test("Every key of the key map runs its command, and none is bound twice")
    func keyMapIsOneTable() {
        var seen = Set<UserKey>()
        for row in KeyMap.rows {
            for (key, command) in row.bindings {
                #expect(seen.insert(key).inserted, "\(key) is bound twice")
                #expect(KeyMap.command(for: key) == command)
            }
        }
        #expect(KeyMap.command(for: .character("Z")) == nil)
    }

    @Test("The help overlay and the status bar's hints come from the key map")
    func helpFromKeyMap() throws {
        let e = try Explorer(spec: .notes)
        e.handle(.character("?"))
        let help = ExplorerScreen.render(e, width: 120, height: 40).plainText()
        for row in KeyMap.rows {
            #expect(help.contains(row.label) && help.contains(row.help(Strings(.en))), "\(row.label)")
        }
        e.handle(.escape)
        let status = ExplorerScreen.render(e, width: 120, height: 40).plainText().split(separator: "\n").last ?? ""
        #expect(status.hasSuffix(KeyMap.hints(full: true, strings: Strings(.en)).trimmingCharacters(in: .whitespaces)))
    }

    @Test("The README's key table is the key map's")
    func readmeKeyTable() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let lines = readme.components(separatedBy: "\n")
        let header = try #require(lines.firstIndex { $0.hasPrefix("| key |") }, "the README has a key table")
        let rows = lines[(header + 2)...].prefix { $0.hasPrefix("|") }
        #expect(Array(rows) == KeyMap.markdownRows)
    }
}

@Suite("Cursor")
struct CursorTests {
    @Test("previous undoes next everywhere, for every cell", arguments: CellKind.allCases)
    func previousUndoesNext(cell: CellKind) {
        var cursor = Cursor()
        let length = 4
        for _ in 0..<200 {
            let (next, note) = cursor.next(cell: cell, length: length)
            if note == .backwardDone { break }
            #expect(next.previous(cell: cell, length: length) == cursor, "\(cell) at \(cursor)")
            cursor = next
        }
        #expect(cursor.t == 1 && cursor.phase == .backward)
    }

    @Test("fitted keeps t, unit and sub-step within the model")
    func fitted() {
        let cursor = Cursor(t: 40, subStep: .forward(.recurrentTerm), unit: 99)
        let fitted = cursor.fitted(cell: .lstm, length: 10, hidden: 16)
        #expect(fitted.t == 10 && fitted.unit == 15 && fitted.subStep == .gate(0))
        #expect(Cursor(subStep: .forward(.softmax)).fitted(cell: .gru, length: 3, hidden: 4).subStep == .forward(.softmax))
    }
}

@Suite("Frames")
struct FrameTests {
    @Test("Derived values are computed for the views that draw them, before drawing, never for the others")
    func derivedOnlyWhenNeeded() throws {
        let e = try Explorer(spec: .notes)
        let step = e.frame()
        #expect(step.analysis == nil && step.connectivity == nil && step.gradientCheck == nil)
        e.setView(.gradients)
        let gradients = e.frame()
        #expect(gradients.analysis != nil && gradients.connectivity != nil)
        e.setView(.weights)
        #expect(e.frame().gradientCheck?.index == [0, 0])
    }

    @Test("A model opened from a weight file shows the epoch it was trained to")
    func weightFileEpoch() throws {
        let trained = try Explorer(spec: .notes)
        trained.lab.train(epochs: 12)
        let path = NSTemporaryDirectory() + "rnnscope-epoch-\(getpid()).safetensors"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try WeightFile.save(trained.lab.model, epoch: trained.epoch, to: path)
        let contents = try WeightFile.load(path, fallbackVocabulary: Vocabulary(text: SeedNotes.text))
        let e = try Explorer(spec: .notes, parameters: contents.parameters, epoch: contents.epoch ?? 0)
        let screen = ExplorerScreen.render(e, width: 120, height: 40).plainText()
        #expect(screen.contains("epoch 12") && !screen.contains("Untrained"))
        e.handle(.character("t"))
        #expect(e.epoch == 13)
    }
}
