import Foundation
import Lessons
import RNNCore
import Testing
@testable import Visualizer

/// A gate the worker passes before each epoch: the test holds an epoch in flight for as long
/// as it likes, then lets it through. No clock involved.
final class EpochGate: @unchecked Sendable {
    // Safe: DispatchSemaphore is thread-safe, and `entered` is only touched through it.
    private let release = DispatchSemaphore(value: 0)
    private let entered = DispatchSemaphore(value: 0)
    /// Called by the worker before an epoch: says so, then waits to be let through.
    func pass() {
        entered.signal()
        release.wait()
    }
    /// Waits until the worker is inside an epoch (blocked at the gate).
    func waitForEpochInFlight() { entered.wait() }
    func open(_ epochs: Int = 1) { for _ in 0..<epochs { release.signal() } }
}

/// Continuous training runs on a worker thread in the terminal: keys never wait for an epoch,
/// keys that change the model stop it first, and the losses are those of training in one go.
@Suite("Training on a worker thread")
struct BackgroundTrainingTests {
    func spec(_ cell: CellKind = .rnn, holdout: Int = 0) -> ModelSpec {
        var spec = ModelSpec.notes
        spec.hidden = 8
        spec.cell = cell
        spec.holdout = holdout
        return spec
    }

    @Test("The worker's losses, weights and pass are bit for bit those of training in one go (RNN + partner, GRU with a holdout)")
    func bitIdentical() throws {
        for (cell, holdout) in [(CellKind.rnn, 0), (.gru, 2)] {
            let direct = try Lab(spec: spec(cell, holdout: holdout))
            let background = try Lab(spec: spec(cell, holdout: holdout))
            _ = direct.setPartnerWanted(true)
            _ = background.setPartnerWanted(true)
            direct.train(epochs: 40)
            // Granted in pieces, collected in between, as the terminal loop does.
            background.grantBackgroundEpochs(7)
            background.finishBackgroundTraining()
            background.grantBackgroundEpochs(13)
            background.collectBackgroundTraining()
            background.grantBackgroundEpochs(20)
            background.finishBackgroundTraining()
            #expect(!background.isTrainingInBackground)
            #expect(background.epoch == 40 && direct.epoch == 40)
            #expect(background.losses == direct.losses, "\(cell)")
            #expect(background.validationLosses == direct.validationLosses)
            #expect(holdout == 0 || background.validationLosses.count == 40)
            #expect(background.model.parameters == direct.model.parameters)
            #expect(background.trace.loss == direct.trace.loss)
            #expect(background.partner?.losses == direct.partner?.losses && background.partner?.losses.count == 40)
            #expect(background.predictions.map(\.next) == direct.predictions.map(\.next))
            // And it continues identically after the worker stopped.
            direct.train(epochs: 3)
            background.train(epochs: 3)
            #expect(background.losses == direct.losses)
        }
    }

    @Test("While the worker trains the lab holds the weights without Adam's moments; a stop with a step in flight hands back the epochs finished and the moments, and training goes on bit for bit as in one go")
    func stopHandsBackTheMoments() throws {
        let direct = try Lab(spec: spec())
        _ = direct.setPartnerWanted(true)
        direct.train(epochs: 5)
        let background = try Lab(spec: spec())
        _ = background.setPartnerWanted(true)
        let gate = EpochGate()
        background.epochGate = { gate.pass() }
        background.grantBackgroundEpochs(10)
        gate.open(3)
        // Epochs 1-3 went through the gate; the 4th waits at it. Epoch 1 was delivered, 2 and 3
        // wait behind it (the delivery was not taken).
        for _ in 0..<4 { gate.waitForEpochInFlight() }
        #expect(background.collectBackgroundTraining().epochs == 1)
        #expect(background.epoch == 1)
        #expect(!background.trainer.state.hasMoments, "the worker keeps Adam's moments while it trains")
        #expect(background.partner?.trainer.state.hasMoments == false)
        background.stopBackgroundTraining()
        gate.open(1000)
        #expect(!background.isTrainingInBackground)
        #expect(background.epoch == 3 && background.partner?.epoch == 3)
        #expect(background.trainer.state.hasMoments && background.partner?.trainer.state.hasMoments == true)
        #expect(background.losses == Array(direct.losses.prefix(3)))
        background.train(epochs: 2)
        #expect(background.losses == direct.losses)
        #expect(background.model.parameters == direct.model.parameters)
        #expect(background.partner?.losses == direct.partner?.losses)
        #expect(background.trace.loss == direct.trace.loss)
    }

    func trainingExplorer(gate: EpochGate) throws -> (Explorer, FakeClock) {
        let e = try Explorer(spec: spec())
        let clock = FakeClock()
        e.clock = { clock.now }
        e.trainInBackground(true)
        e.lab.epochGate = { gate.pass() }
        e.handle(.character("T"))
        clock.advance(seconds: 0.1)
        e.tick(now: clock.now, slice: 0)  // grants the epochs due: the worker starts one
        gate.waitForEpochInFlight()
        return (e, clock)
    }

    @Test("A cursor key while an epoch is in flight acts at once: the frame moves, the epoch is still the last one applied")
    func cursorKeysDoNotWait() throws {
        let gate = EpochGate()
        let (e, clock) = try trainingExplorer(gate: gate)
        #expect(e.lab.isTrainingInBackground && e.epoch == 0)
        let before = e.frame().cursor
        e.handle(.right)
        e.handle(.down)
        let frame = e.frame()
        #expect(frame.cursor.t == before.t + 1 && frame.cursor.unit == before.unit + 1, "the keys moved the cursor while the epoch is held")
        #expect(frame.epoch == 0 && frame.losses.isEmpty)
        // Let the epochs through: they arrive at a later tick.
        gate.open(1000)
        e.lab.finishBackgroundTraining()
        #expect(e.epoch >= 1 && e.losses.count == e.epoch)
        clock.advance(seconds: 0.01)
        e.tick(now: clock.now, slice: 0)
        #expect(e.training, "training goes on")
        e.handle(.character("T"))
        #expect(!e.lab.isTrainingInBackground && e.message?.contains("training paused at epoch \(e.epoch)") == true)
    }

    @Test("r while an epoch is in flight stops the worker: epoch 0, no loss history, training off, and the discarded epoch never lands")
    func modelKeyStopsTheWorker() throws {
        let gate = EpochGate()
        let (e, clock) = try trainingExplorer(gate: gate)
        e.handle(.character("r"))
        #expect(!e.training && !e.lab.isTrainingInBackground)
        let frame = e.frame()
        #expect(frame.epoch == 0 && frame.losses.isEmpty && frame.validationLosses.isEmpty)
        let seed = e.seed
        gate.open(1000)
        clock.advance(seconds: 1)
        e.tick(now: clock.now, slice: 0)
        #expect(e.epoch == 0 && e.losses.isEmpty && e.seed == seed)
        // Training again starts from the new weights.
        e.lab.epochGate = nil
        e.handle(.character("T"))
        clock.advance(seconds: 0.1)
        e.tick(now: clock.now, slice: 0)
        e.lab.finishBackgroundTraining()
        let fresh = try Lab(spec: { var s = spec(); s.seed = seed; return s }())
        fresh.train(epochs: e.epoch)
        #expect(e.epoch > 0 && e.losses == fresh.losses)
    }

    @Test("Changing the length, the cell or a preset while training stops the worker first; the pass on screen fits the new model")
    func otherModelKeys() throws {
        for key in ["]", "c", "w", "a"] {
            let gate = EpochGate()
            let (e, _) = try trainingExplorer(gate: gate)
            e.handle(.character(Character(key)))
            #expect(!e.lab.isTrainingInBackground, "\(key)")
            #expect(e.trace.length == e.lab.input.count && e.trace.config.cell == e.cell, "\(key)")
            gate.open(1000)
        }
    }

    @Test("A large model's gradient check runs on its own thread: the weights view says checking…, then shows the check")
    func gradientCheckInBackground() throws {
        var large = ModelSpec.notes
        large.hidden = 512
        let e = try Explorer(spec: large)
        e.computeAnalysisInBackground(true)
        e.setView(.weights)
        let first = e.frame()
        #expect(first.gradientCheck == nil && first.gradientCheckPending)
        #expect(ExplorerScreen.render(e, width: 120, height: 40).plainText().contains("checking: BPTT against a finite difference"))
        while !e.derived.checkJob.hasResult { usleep(2_000) }
        let done = e.frame()
        #expect(!done.gradientCheckPending && done.gradientCheck == GradientCheck(trace: e.lab.trace, .weightHH, [0, 0]))
        #expect(ExplorerScreen.render(e, width: 120, height: 40).plainText().contains("finite difference \(String(format: "%.4e", done.gradientCheck?.numeric ?? 0))"))
    }

    @Test("t on a model whose epoch is slow trains it on the worker: the key returns at once, the epoch lands at a tick, as in one go")
    func oneEpochInBackground() throws {
        var slow = ModelSpec.notes
        slow.hidden = 192
        let e = try Explorer(spec: slow)
        let clock = FakeClock()
        e.clock = { clock.now }
        e.trainInBackground(true)
        let gate = EpochGate()
        e.lab.epochGate = { gate.pass() }
        #expect(e.lab.epochIsSlow)
        e.handle(.character("t"))
        gate.waitForEpochInFlight()
        #expect(e.epoch == 0 && e.message == "training one epoch… (keys work meanwhile)")
        e.handle(.right)
        #expect(e.t == 2, "a cursor key while the epoch is in flight")
        gate.open()
        while e.lab.backgroundEpochsOutstanding > 0 { usleep(1_000) }
        e.tick(now: clock.now, slice: 0)
        let direct = try Lab(spec: slow)
        direct.train(epochs: 1)
        #expect(e.epoch == 1 && e.losses == direct.losses && !e.lab.isTrainingInBackground)
        #expect(e.message?.hasPrefix("trained one epoch: epoch 1, loss ") == true)
        // The small default model still trains its epoch in place.
        let small = try Explorer(spec: .notes)
        small.trainInBackground(true)
        small.handle(.character("t"))
        #expect(!small.lab.epochIsSlow && small.epoch == 1)
    }

    static let longLesson = """
    ---
    id: 95
    title: long replay
    lang: en
    hidden: 8
    epochs: 30
    ---
    ## one
    First step.

    ## two
    ```rnnscope
    train: 40
    ```
    Second step.

    ## three
    Third step.
    """

    @Test("Long lesson training reports its progress, and a stopped replay leaves the session where it was")
    func interruptibleReplay() throws {
        let lesson = try LessonParser.parse(Self.longLesson, path: "long.md")
        // Opening: the front matter's 30 epochs report 1…29 of 30; stopping at 10 stops the opening.
        let seen = SeenProgress()
        let opened = try TrainingProgress.$current.withValue(TrainingProgress { seen.note($0, $1); return true }) {
            try LessonSession(lesson: lesson)
        }
        #expect(seen.last?.0 == 29 && seen.last?.1 == 30 && opened.explorer.lab.epoch == 30)
        #expect(throws: ReplayInterrupted.self) {
            try TrainingProgress.$current.withValue(TrainingProgress { done, _ in done < 10 }) { try LessonSession(lesson: lesson) }
        }
        // At step 3, going back replays from the start; stopped midway, nothing changes.
        let session = try LessonSession(lesson: lesson)
        try session.jump(to: 2)
        let (explorer, epoch) = (session.explorer, session.explorer.lab.epoch)
        #expect(epoch == 70)
        TrainingProgress.$current.withValue(TrainingProgress { done, total in total == 40 ? done < 5 : true }) {
            session.replay(to: 1)
        }
        #expect(session.stepIndex == 2 && session.explorer === explorer && session.explorer.lab.epoch == epoch)
        #expect(session.explorer.ui.message == "training stopped at epoch 35 of the replay: still at step 3")
        // Not stopped, the replay goes through.
        session.replay(to: 1)
        #expect(session.stepIndex == 1 && session.explorer !== explorer && session.explorer.lab.epoch == 70)
    }
}

/// What a progress reporter was told last.
final class SeenProgress: @unchecked Sendable {
    // Safe: written and read on the test's own thread only (the training runs there).
    private(set) var last: (Int, Int)?
    func note(_ done: Int, _ total: Int) { last = (done, total) }
}
