import CellGrid
import Testing
import Terminal

/// What can be checked without a terminal: the screen does nothing, and says why, when it
/// cannot take over; real terminal behaviour is checked by hand in tmux (see the report).
@Suite struct TerminalScreenTests {
    @Test func unstartedScreenIsInert() {
        let screen = TerminalScreen()
        #expect(!screen.isActive)
        #expect(screen.size == (0, 0))
        #expect(screen.readKey(timeoutMilliseconds: 0) == nil)
        screen.draw(CellGrid(width: 3, height: 3))
        screen.stop()
        screen.stop()
        #expect(!screen.isActive)
    }

    /// Runs where `swift test` has no terminal (CI, scripts); skipped in an interactive shell.
    @Test(.enabled(if: !TerminalScreen.isInteractive())) func refusesWithoutATerminal() {
        let screen = TerminalScreen()
        #expect(throws: TerminalError.notInteractive) { try screen.start() }
        #expect(!screen.isActive)
    }

    @Test func errorsSayWhatToDo() {
        #expect(TerminalError.noTerminalType.description.contains("TERM"))
        #expect(TerminalError.unknownTerminal("foo").description.contains("TERM=foo"))
        #expect(TerminalError.unsupportedTerminal("dumb").description.contains("TERM=dumb"))
    }
}
