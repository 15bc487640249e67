import CellGrid
import Dispatch
import Foundation
import Terminal
import Visualizer
import Localization

/// A lesson's long training outside the terminal UI (opening a lesson, `snapshot`, `record`,
/// `handout` replaying its steps): a bar on stderr when stderr is a terminal. SIGINT is not
/// caught there, so Ctrl-C ends the command as it always does (status 130).
final class StderrTrainingProgress: @unchecked Sendable {
    // `@unchecked Sendable`: used only on the thread that runs the command, inside `watching`.
    private var bar: ProgressBar?
    private var total = 0
    private var started: UInt64 = 0
    private let strings: Strings

    private init(strings: Strings) { self.strings = strings }

    /// Runs `body` with this progress watching its training.
    static func watching<T>(_ strings: Strings = environmentStrings, _ body: () throws -> T) rethrows -> T {
        let progress = StderrTrainingProgress(strings: strings)
        defer { progress.bar?.finish() }
        return try TrainingProgress.$current.withValue(TrainingProgress { progress.update($0, of: $1) }, operation: body)
    }

    private func update(_ done: Int, of total: Int) -> Bool {
        let now = DispatchTime.now().uptimeNanoseconds
        if done == 1 || total != self.total {
            bar?.finish()
            bar = nil
            self.total = total
            started = now
        }
        // Only training that lasts gets a bar: one that flashes by says nothing.
        if bar == nil, now &- started > 300_000_000 {
            bar = ProgressBar(total: total, enabled: isatty(STDERR_FILENO) == 1, strings: strings)
        }
        bar?.update(done, note: strings["cli.progress.lesson_training"])
        return true
    }
}

/// Long training inside a key's work in the terminal (a lesson going back replays its script
/// from the start): the last frame with "training 120/3000 epochs… q stops" on its last line,
/// redrawn ten times a second. q or Ctrl-C (or SIGINT/SIGTERM) stops the training; the loop
/// then exits for a signal as usual.
final class ScreenTrainingProgress: @unchecked Sendable {
    // `@unchecked Sendable`: used only on the input thread, inside `watching`, like the screen.
    private let screen: TerminalScreen
    private let frame: CellGrid?
    private var lastDrawn: UInt64
    private var stopped = false
    private let strings: Strings

    init(screen: TerminalScreen, frame: CellGrid?, strings: Strings) {
        self.screen = screen
        self.frame = frame
        self.strings = strings
        lastDrawn = DispatchTime.now().uptimeNanoseconds
    }

    func watching<T>(_ body: () throws -> T) rethrows -> T {
        try TrainingProgress.$current.withValue(TrainingProgress { self.update($0, of: $1) }, operation: body)
    }

    private func update(_ done: Int, of total: Int) -> Bool {
        if stopped { return false }
        let now = DispatchTime.now().uptimeNanoseconds
        guard now &- lastDrawn > 100_000_000 else { return true }
        lastDrawn = now
        while let key = screen.readKey(timeoutMilliseconds: 0) {
            switch key {
            // Ctrl-C raises SIGINT (cbreak mode): the loop sees it after the work and exits 130.
            case .character("q"), .escape, .controlC, .interrupted: stopped = true
            default: continue
            }
        }
        if screen.interruptRequested { stopped = true }
        if stopped { return false }
        if var grid = frame, grid.height > 0 {
            let line = strings("cli.progress.screen_training", ["done": String(done), "total": String(total)])
            let y = grid.height - 1
            for x in 0..<grid.width { grid[x, y] = Cell(" ") }
            _ = grid.put(line, x: 0, y: y, maxWidth: grid.width)
            screen.draw(grid)
        }
        return true
    }
}
