import Foundation
import RNNCore
import Testing
@testable import Visualizer

/// In the terminal a slow rebuild (`r`, `c`, `a`, `[`, `]`, `O`) runs on a thread of its own
/// (`RebuildJob`): keys never wait for it, the old model stays on screen until the new one is
/// swapped in between frames, `rrr` makes one model (the last seed's), and the model it lands
/// is bit for bit the one the rebuild in place (snapshots, lessons, tests) makes.
@Suite("Rebuilding on its own thread")
struct RebuildInBackgroundTests {
    func spec(_ cell: CellKind = .rnn) -> ModelSpec {
        var spec = ModelSpec.notes
        spec.hidden = 8
        spec.cell = cell
        return spec
    }

    /// An explorer as the terminal runs it, every rebuild sent to the thread (H=8 is quick).
    func terminal(_ cell: CellKind = .rnn, gate: EpochGate? = nil) throws -> Explorer {
        let e = try Explorer(spec: spec(cell))
        e.trainInBackground(true)
        e.lab.rebuildWorkBetweenKeys = 0
        if let gate { e.lab.rebuildGate = { gate.pass() } }
        return e
    }

    /// Ticks as the terminal loop does until the rebuild landed.
    func land(_ e: Explorer) {
        var rounds = 0
        while e.lab.pendingRebuild != nil, rounds < 10_000 {
            usleep(1000)
            e.tick(now: 0, slice: 0)
            rounds += 1
        }
    }

    @Test("r, c and ] on the thread end in the rebuild in place's model, pass, guesses and screen, bit for bit", arguments: [CellKind.rnn, .lstm])
    func bitIdentical(_ cell: CellKind) throws {
        let direct = try Explorer(spec: spec(cell))
        let background = try terminal(cell)
        for key in ["r", "c", "]", "r"] {
            direct.handle(.character(Character(key)))
            background.handle(.character(Character(key)))
            #expect(background.lab.pendingRebuild != nil, "\(key) went to the thread")
            land(background)
            let a = direct.lab, b = background.lab
            #expect(b.spec.seed == a.spec.seed && b.cell == a.cell && b.spec.window == a.spec.window, "after \(key)")
            #expect(b.model.parameters == a.model.parameters, "after \(key)")
            #expect(b.trace.loss == a.trace.loss && b.trace.steps.map(\.h) == a.trace.steps.map(\.h), "after \(key)")
            #expect(b.input == a.input && b.target == a.target && b.data.count == a.data.count)
            #expect(b.predictions.map(\.next) == a.predictions.map(\.next) && !b.predictions.isEmpty)
            #expect(ExplorerScreen.render(background, width: 120, height: 40).plainText()
                == ExplorerScreen.render(direct, width: 120, height: 40).plainText(), "screen after \(key)")
        }
    }

    @Test("rrr while the first is still being made coalesces into one model, the third seed's; the old one stays on screen meanwhile")
    func coalesces() throws {
        let gate = EpochGate()
        let e = try terminal(gate: gate)
        let old = e.lab.model.parameters
        e.handle(.character("r"))
        gate.waitForEpochInFlight()
        e.handle(.character("r"))
        e.handle(.character("r"))
        #expect(e.lab.pendingRebuild?.seed == 3)
        // The old model is still the one the views read, and the line says what is coming.
        #expect(e.lab.spec.seed == 0 && e.lab.model.parameters == old)
        let screen = ExplorerScreen.render(e, width: 120, height: 40).plainText()
        #expect(screen.contains("rebuilding… (seed 3, RNN H=8)"))
        gate.open(3)
        land(e)
        let fresh = try Lab(spec: { var s = spec(); s.seed = 3; return s }())
        #expect(e.lab.spec.seed == 3 && e.lab.model.parameters == fresh.model.parameters)
        #expect(e.ui.message == "re-initialised with seed 3")
        // The cancelled jobs delivered nothing: one more tick changes nothing.
        #expect(e.lab.collectRebuild() == nil)
    }

    @Test("Keys during a rebuild: stepping acts at once on the model on screen, training waits with a one-line reason, Esc cancels")
    func keysDuringRebuild() throws {
        let gate = EpochGate()
        let e = try terminal(gate: gate)
        let t = e.cursor.t
        e.handle(.character("r"))
        gate.waitForEpochInFlight()
        e.handle(.right)
        #expect(e.cursor.t == t + 1)
        e.handle(.character("t"))
        #expect(e.lab.epoch == 0 && e.lab.losses.isEmpty)
        #expect(e.ui.message == "this key waits for the new model (rebuilding, seed 1); stepping works")
        e.handle(.escape)
        #expect(e.lab.pendingRebuild == nil)
        #expect(e.ui.message == "rebuild cancelled: the model of seed 0 stays")
        gate.open()
        usleep(20_000)
        e.tick(now: 0, slice: 0)
        #expect(e.lab.spec.seed == 0)
        // Keys are back to normal: t trains the model on screen.
        e.handle(.character("t"))
        e.lab.finishBackgroundTraining()
        #expect(e.lab.epoch == 1)
        // The cursor carried over the rebuild's start, as through one in place.
        #expect(e.cursor.t == t + 1)
    }

    @Test("r while T trains stops the worker cleanly: the new model is the fresh seed's, untrained")
    func rebuildStopsTraining() throws {
        let epochs = EpochGate()
        let e = try terminal()
        e.lab.epochGate = { epochs.pass() }
        e.handle(.character("T"))
        e.tick(now: 1, slice: 0)
        epochs.waitForEpochInFlight()
        e.handle(.character("r"))
        #expect(!e.lab.isTrainingInBackground && !e.ui.training)
        epochs.open(100)
        land(e)
        let fresh = try Lab(spec: { var s = spec(); s.seed = 1; return s }())
        #expect(e.lab.spec.seed == 1 && e.lab.epoch == 0 && e.lab.losses.isEmpty)
        #expect(e.lab.model.parameters == fresh.model.parameters)
        // No stale epoch arrives later.
        usleep(20_000)
        e.tick(now: 2, slice: 0)
        #expect(e.lab.epoch == 0 && e.lab.model.parameters == fresh.model.parameters)
    }

    @Test("c while the partner catches up cancels the catch-up; the new model's partner is made when it lands")
    func rebuildCancelsCatchUp() throws {
        let catchUp = EpochGate()
        let e = try terminal()
        e.lab.train(epochs: 4)
        e.lab.partnerWorkBetweenKeys = 0
        e.lab.catchUpGate = { catchUp.pass() }
        e.setView(.compare)
        catchUp.waitForEpochInFlight()
        e.handle(.character("c"))
        #expect(e.lab.partnerCatchUp == nil && e.lab.partner == nil)
        catchUp.open(4)
        land(e)
        e.lab.finishPartnerCatchUp()
        let direct = try Explorer(spec: spec())
        direct.lab.train(epochs: 4)
        direct.setView(.compare)
        direct.handle(.character("c"))
        #expect(e.lab.cell == .gru && e.lab.partner?.cell == .rnn && e.lab.partner?.epoch == 0)
        #expect(e.lab.partner?.trainer.model.parameters == direct.lab.partner?.trainer.model.parameters)
        #expect(ExplorerScreen.render(e, width: 120, height: 40).plainText()
            == ExplorerScreen.render(direct, width: 120, height: 40).plainText())
    }

    @Test("A lesson's change of the model happens in place even in the terminal: its next action needs the new model")
    func lessonChangesInPlace() throws {
        let e = try terminal()
        let event = try e.changeLab { try $0.setCell(.lstm) }
        #expect(event == .cellChanged(.lstm, seed: 0))
        #expect(e.lab.cell == .lstm && e.lab.pendingRebuild == nil)
        #expect(e.lab.rebuildsInBackground)
    }

    @Test("Only a slow rebuild leaves the input thread: the notes' model rebuilds in place, an H=1024 LSTM does not")
    func onlySlowOnes() throws {
        let lab = try Lab(spec: .notes)
        #expect(!lab.rebuildIsSlow(.notes))
        var large = ModelSpec.notes
        large.hidden = 1024
        large.cell = .lstm
        #expect(lab.rebuildIsSlow(large))
        large.cell = .rnn
        #expect(lab.rebuildIsSlow(large))
    }

    @Test("w's preset on the thread ends in the in-place preset's W_hh, pass, guesses and message; the old W_hh stays on screen meanwhile", arguments: [CellKind.rnn, .lstm])
    func presetBitIdentical(_ cell: CellKind) throws {
        let direct = try Explorer(spec: spec(cell))
        let background = try terminal(cell)
        direct.handle(.character("t"))
        background.handle(.character("t"))
        for press in 1...7 {
            let old = background.lab.model.parameters
            direct.handle(.character("w"))
            background.handle(.character("w"))
            #expect(background.lab.pendingRebuild != nil && background.lab.model.parameters == old, "w \(press) went to the thread")
            #expect(background.ui.message?.hasPrefix("setting \(cell.recurrentMatrixName) to") == true)
            land(background)
            #expect(background.lab.model.parameters == direct.lab.model.parameters, "w \(press)")
            #expect(background.lab.trace.loss == direct.lab.trace.loss && background.lab.predictions.map(\.next) == direct.lab.predictions.map(\.next))
            // Adam's state and the epoch were kept, as in place.
            #expect(background.lab.epoch == 1 && background.lab.trainer.optimizerState.stepCount == direct.lab.trainer.optimizerState.stepCount)
            #expect(background.ui.message == direct.ui.message && direct.ui.message?.contains("σ_max") == true)
        }
    }

    @Test("Esc while w's preset is computed keeps W_hh as it was")
    func presetCancels() throws {
        let gate = EpochGate()
        let e = try terminal(gate: gate)
        let old = e.lab.model.parameters
        e.handle(.character("w"))
        gate.waitForEpochInFlight()
        e.handle(.character("t"))
        #expect(e.ui.message == "this key waits for the preset's W_hh (being computed); stepping works")
        e.handle(.escape)
        #expect(e.ui.message == "preset cancelled: W_hh stays as it was")
        gate.open()
        usleep(20_000)
        e.tick(now: 0, slice: 0)
        #expect(e.lab.model.parameters == old && e.lab.pendingRebuild == nil)
    }

    @Test("s and S on the thread: sss moves three windows on, the pass (and the partner's) is the in-place one's, keys that need it wait")
    func windows() throws {
        let direct = try Explorer(spec: spec())
        let gate = EpochGate()
        let e = try terminal(gate: gate)
        for explorer in [direct, e] { explorer.setView(.compare) }
        e.lab.finishPartnerCatchUp()
        e.handle(.character("s"))
        gate.waitForEpochInFlight()
        e.handle(.character("s"))
        e.handle(.character("s"))
        #expect(e.lab.windowIndex == 0 && e.lab.upcomingWindowIndex == 3)
        #expect(e.ui.message == "window 4/92: computing its pass… (the old window until then)")
        e.handle(.character("t"))
        #expect(e.ui.message == "this key waits for the new sequence's pass (being computed); stepping works" && e.lab.epoch == 0)
        gate.open(3)
        land(e)
        for _ in 0..<3 { direct.handle(.character("s")) }
        #expect(e.lab.windowIndex == 3 && e.lab.input == direct.lab.input)
        #expect(e.lab.trace.loss == direct.lab.trace.loss && e.lab.trace.steps.map(\.h) == direct.lab.trace.steps.map(\.h))
        #expect(e.lab.partner?.trace?.loss == direct.lab.partner?.trace?.loss && e.lab.partner?.trace != nil)
        #expect(ExplorerScreen.render(e, width: 120, height: 40).plainText()
            == ExplorerScreen.render(direct, width: 120, height: 40).plainText())
    }

    @Test("Typed text's pass (e, Enter) on the thread ends in the in-place one's pass and screen")
    func typed() throws {
        let direct = try Explorer(spec: spec(.lstm))
        let e = try terminal(.lstm)
        for explorer in [direct, e] {
            explorer.handle(.character("e"))
            for c in "Hello, R" { explorer.handle(.character(c)) }
            explorer.handle(.enter)
        }
        #expect(e.lab.pendingRebuild != nil && e.ui.message == "computing the pass over the typed text… (the old sequence until then)")
        land(e)
        #expect(e.lab.windowIndex == nil && e.lab.input == direct.lab.input && e.lab.trace.length == 7)
        #expect(e.lab.trace.loss == direct.lab.trace.loss)
        #expect(ExplorerScreen.render(e, width: 120, height: 40).plainText()
            == ExplorerScreen.render(direct, width: 120, height: 40).plainText())
    }

    @Test("W on the thread writes the same file, byte for byte, as W in place; the message line says when it is written")
    func save() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rebuild-save-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let direct = try Explorer(spec: spec(.gru))
        let e = try terminal(.gru)
        for (explorer, name) in [(direct, "a.safetensors"), (e, "b.safetensors")] {
            explorer.handle(.character("t"))
            explorer.handle(.character("W"))
            for c in dir + "/" + name { explorer.handle(.character(c)) }
            explorer.handle(.enter)
        }
        #expect(e.ui.message == "saving to \(dir)/b.safetensors… (keys work meanwhile)")
        // Until the lab has taken the outcome, a second W is refused, not queued.
        e.handle(.character("W"))
        #expect(e.ui.message == "still saving to \(dir)/b.safetensors; W again once it is written" && e.ui.editing == nil)
        // Other keys work meanwhile, and the line keeps saying what is being written.
        e.handle(.right)
        #expect(e.ui.message == "saving to \(dir)/b.safetensors… (keys work meanwhile)")
        var rounds = 0
        while e.lab.savingPath != nil, rounds < 10_000 {
            usleep(1000)
            e.tick(now: 0, slice: 0)
            rounds += 1
        }
        #expect(e.ui.message?.hasPrefix("saved") == true && e.ui.message == direct.ui.message?.replacingOccurrences(of: "a.safetensors", with: "b.safetensors"))
        let a = try Data(contentsOf: URL(fileURLWithPath: dir + "/a.safetensors"))
        let b = try Data(contentsOf: URL(fileURLWithPath: dir + "/b.safetensors"))
        #expect(a == b && !a.isEmpty)
    }
}
