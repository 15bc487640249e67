import Foundation
import Lessons
import RNNCore
import ScopeNames
import Testing
@testable import Visualizer

/// A clock the test moves by hand.
final class FakeClock: @unchecked Sendable {
    var now: UInt64 = 1_000_000_000
    func advance(seconds: Double) { now += UInt64(seconds * 1e9) }
}

/// Training you can watch: a pace, a stop at the notes' 500 epochs, auto-play that ends.
@Suite("Training pace and auto-play")
struct RunningTests {
    func explorer() throws -> (Explorer, FakeClock) {
        var spec = ModelSpec.notes
        spec.hidden = 8
        let e = try Explorer(spec: spec)
        let clock = FakeClock()
        e.clock = { clock.now }
        return (e, clock)
    }

    @Test("T trains at 50 epochs/s by default: 2 s of ticks is 100 epochs, not as many as the machine can do")
    func defaultPace() throws {
        let (e, clock) = try explorer()
        e.handle(.character("T"))
        #expect(e.ui.training && e.message?.contains("50 epochs/s until epoch 500") == true)
        for _ in 0..<20 {
            clock.advance(seconds: 0.1)
            e.tick(now: clock.now, slice: UInt64.max)
        }
        #expect(e.epoch == 100)
        #expect(e.millisecondsUntilTick(now: clock.now) <= 20, "the next epoch is due within 1/50 s")
    }

    @Test("+ and - step through 1, 5, 20, 50, 200 epochs/s and max, shown on the training panel")
    func paceLadder() throws {
        let (e, _) = try explorer()
        for _ in 0..<5 { e.handle(.character("-")) }
        #expect(e.ui.pace.epochsPerSecond == 1 && e.message?.contains("already at its slowest") == true)
        var seen: [String] = [e.ui.pace.trainingLabel]
        for _ in 0..<6 {
            e.handle(.character("+"))
            seen.append(e.ui.pace.trainingLabel)
        }
        #expect(seen == ["1 epochs/s", "5 epochs/s", "20 epochs/s", "50 epochs/s", "200 epochs/s", "max", "max"])
        let screen = ExplorerScreen.render(e, width: 120, height: 40).plainText()
        #expect(screen.contains("T: max to epoch 500"))
    }

    @Test("Continuous training stops by itself at epoch 500; T again continues past it")
    func stopsAtTarget() throws {
        let (e, clock) = try explorer()
        e.handle(.character("+"))
        e.handle(.character("+"))  // max
        e.handle(.character("T"))
        for _ in 0..<2000 where e.ui.training {
            clock.advance(seconds: 0.01)
            e.tick(now: clock.now, slice: UInt64.max)
        }
        #expect(!e.ui.training && e.epoch == 500)
        #expect(e.message?.contains("stopped at epoch 500, the notes' number") == true)
        e.handle(.character("T"))
        clock.advance(seconds: 0.01)
        e.tick(now: clock.now, slice: 0)  // at max pace only the slice ends a tick: one epoch here
        #expect(e.ui.training && e.epoch == 501)
    }

    @Test("--until and a lesson's until: move the stop; pace: sets the rate")
    func lessonPaceAndUntil() throws {
        let source = """
        ---
        id: 91
        title: pace
        lang: en
        ---
        ## slow
        ```rnnscope
        pace: 5
        until: 3
        ```
        Training, slowly.
        """
        let session = try LessonSession(lesson: LessonParser.parse(source, path: "pace.md"))
        let e = session.explorer
        let clock = FakeClock()
        e.clock = { clock.now }
        #expect(e.ui.pace.epochsPerSecond == 5 && e.ui.trainUntil == 3)
        e.handle(.character("T"))
        clock.advance(seconds: 0.5)
        e.tick(now: clock.now, slice: UInt64.max)
        #expect(e.epoch == 2, "5 epochs/s for 0.5 s")
        clock.advance(seconds: 5)
        e.tick(now: clock.now, slice: UInt64.max)
        #expect(e.epoch == 3 && !e.ui.training)
        #expect(throws: RNNScopeError.self) {
            try LessonParser.parse(source.replacingOccurrences(of: "pace: 5", with: "pace: fast"), path: "pace.md")
        }
    }

    @Test("Auto-play follows + and -, and stops at the end of BPTT instead of looping")
    func autoplayEnds() throws {
        let (e, clock) = try explorer()
        e.handle(.character("p"))
        #expect(e.message?.contains("0.7 s per sub-step") == true)
        e.handle(.character("+"))
        #expect(e.ui.pace.autoplayMilliseconds == 350 && e.ui.pace.epochsPerSecond == 50, "+ sets auto-play's pace while it runs")
        var steps = 0
        while e.ui.autoplay && steps < 1000 {
            clock.advance(seconds: 0.35)
            if e.tick(now: clock.now, slice: UInt64.max) { steps += 1 }
        }
        #expect(!e.ui.autoplay && e.t == 1 && e.subStep == .backward(.dHiddenPrevious))
        #expect(steps == 10 * 8 + 10 * 7, "every sub-step once, then it stops")
        #expect(e.message?.contains("reached the end of BPTT") == true)
        e.handle(.character("p"))
        #expect(e.ui.autoplay && e.t == 1 && e.subStep == .forward(.embed), "p at the end plays again from the start")
    }

    @Test("Home/g and End/G jump to t=1 and t=T; f starts the forward pass at t=1, b starts BPTT at t=T")
    func navigation() throws {
        let (e, _) = try explorer()
        e.handle(.end)
        #expect(e.t == 10)
        e.handle(.home)
        #expect(e.t == 1)
        e.handle(.character("G"))
        #expect(e.t == 10 && e.phase == .forward)
        e.handle(.character("g"))
        e.handle(.character("b"))
        #expect(e.t == 10 && e.subStep == .backward(.dLogits))
        e.handle(.left)
        e.handle(.character("f"))
        #expect(e.t == 1 && e.subStep == .forward(.embed))
    }
}
