import Foundation
import RNNCore
import ScopeNames
import Testing
@testable import Visualizer

/// In the terminal the generate and neuron views read their text on a thread of their own
/// (`ReadingJob`) when reading in place would hold up a key; `n` and space pressed meanwhile
/// wait in order. Once every reading has landed, the screen is bit for bit the one the
/// in-place reading (snapshots, lessons) draws after the same keys.
@Suite("Reading the generated text on its own thread")
struct ReadingInBackgroundTests {
    /// Holds every reading job at its start until `open` (so that keys pressed meanwhile
    /// surely find the reading pending).
    final class Gate: @unchecked Sendable {
        let semaphore = DispatchSemaphore(value: 0)
        func open() { for _ in 0..<10_000 { semaphore.signal() } }
    }

    func explorer(_ cell: CellKind, terminal: Bool, gate: Gate? = nil) throws -> Explorer {
        var spec = ModelSpec.notes
        spec.hidden = 16
        spec.cell = cell
        let e = try Explorer(spec: spec)
        if terminal {
            e.trainInBackground(true)
            e.readingWorkBetweenKeys = 0  // every reading goes to the thread
            if let gate { e.readingGate = { gate.semaphore.wait() } }
        }
        return e
    }

    /// Ticks and draws frames as the terminal loop does until no reading runs and no character
    /// asked for meanwhile waits (a frame can take a landed reading before the tick draws them).
    func land(_ e: Explorer) -> String {
        var rounds = 0
        var screen = ExplorerScreen.render(e, width: 120, height: 40).plainText()
        while e.isReadingInBackground || e.readingArrived || !e.generation.queuedDraws.isEmpty, rounds < 10_000 {
            usleep(1000)
            e.tick(now: 0, slice: 0)
            screen = ExplorerScreen.render(e, width: 120, height: 40).plainText()
            rounds += 1
        }
        return screen
    }

    @Test("n, space and > read on the thread end in the in-place screen, bit for bit", arguments: [CellKind.rnn, .lstm])
    func sameScreen(_ cell: CellKind) throws {
        let direct = try explorer(cell, terminal: false)
        let terminal = try explorer(cell, terminal: true)
        let toGenerate = ScreenView.allCases.firstIndex(of: .generate) ?? 0
        let keys: [UserKey] = Array(repeating: .tab, count: toGenerate)
            + [.character("n"), .character("n"), .character(" "), .character(">"), .character("n")]
        var sawPending = false
        for key in keys {
            _ = direct.handle(key)
            _ = terminal.handle(key)
            _ = ExplorerScreen.render(direct, width: 120, height: 40)
            _ = ExplorerScreen.render(terminal, width: 120, height: 40)
            sawPending = sawPending || terminal.isReadingInBackground
        }
        #expect(sawPending, "no reading went to the thread")
        let expected = ExplorerScreen.render(direct, width: 120, height: 40).plainText()
        #expect(land(terminal) == expected)
        // The neuron view reads its passage the same way.
        _ = direct.handle(.tab)
        _ = terminal.handle(.tab)
        #expect(land(terminal) == ExplorerScreen.render(direct, width: 120, height: 40).plainText())
    }

    @Test("A character asked for while reading is drawn at the temperature of its key, not a later one", arguments: [CellKind.rnn, .lstm])
    func temperatureOfTheKey(_ cell: CellKind) throws {
        let gate = Gate()
        let direct = try explorer(cell, terminal: false)
        let terminal = try explorer(cell, terminal: true, gate: gate)
        let toGenerate = ScreenView.allCases.firstIndex(of: .generate) ?? 0
        // Space samples at τ = 1 (the start); the two `>` come while it waits for the reading.
        let keys: [UserKey] = Array(repeating: .tab, count: toGenerate) + [.character(" "), .character(">"), .character(">")]
        for key in keys {
            _ = direct.handle(key)
            _ = terminal.handle(key)
            _ = ExplorerScreen.render(terminal, width: 120, height: 40)
        }
        #expect(terminal.generation.queuedDraws.count == 1, "the space did not wait for the reading")
        gate.open()
        _ = land(terminal)
        #expect(direct.generation.last?.temperature == 1)
        #expect(terminal.generation.last == direct.generation.last)
        #expect(terminal.generation.generated == direct.generation.generated)
    }

    /// A kept reading pins the weights it was read with and their layout (51 MB for an H=1024
    /// LSTM); once training moved on and no view reads with it, it goes.
    @Test("The reading of old weights is let go outside the generate and neuron views", arguments: [CellKind.rnn, .lstm])
    func staleReadingDropped(_ cell: CellKind) throws {
        let e = try explorer(cell, terminal: false)
        let toGenerate = ScreenView.allCases.firstIndex(of: .generate) ?? 0
        for _ in 0..<toGenerate { _ = e.handle(.tab) }
        _ = ExplorerScreen.render(e, width: 120, height: 40)
        #expect(e.textReading != nil)
        _ = e.handle(.tab)  // neurons: reads with the same weights
        _ = ExplorerScreen.render(e, width: 120, height: 40)
        _ = e.handle(.tab)  // optimizer
        e.tick(now: 0, slice: 0)
        #expect(e.textReading != nil, "dropped while the weights are still those it was read with")
        _ = e.handle(.character("t"))  // one epoch: new weights
        e.tick(now: 0, slice: 0)
        #expect(e.textReading == nil)
    }

    @Test("Training outside the generate and neuron views lets the kept reading go at once")
    func readingDroppedWhenTraining() throws {
        let e = try explorer(.lstm, terminal: true)
        let toGenerate = ScreenView.allCases.firstIndex(of: .generate) ?? 0
        for _ in 0..<toGenerate { _ = e.handle(.tab) }
        _ = land(e)
        #expect(e.textReading != nil)
        _ = e.handle(.tab)
        _ = e.handle(.tab)  // optimizer
        _ = e.handle(.character("T"))
        e.tick(now: 0, slice: 0)
        #expect(e.textReading == nil)
        _ = e.handle(.character("T"))
    }
}

