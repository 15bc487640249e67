import ArgumentParser
import CellGrid
import Dispatch
import Foundation
import Localization
import RNNCore
import Terminal
import Visualizer

/// `rnnscope` (or `rnnscope explore`): the full-screen visualizer.
struct ExploreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explore",
        abstract: "Open the visualizer (the default): step through the forward pass and BPTT, train live.")

    @OptionGroup var options: ExplorerOptions
    @OptionGroup var themeOptions: ThemeOptions
    @OptionGroup var exportOptions: ExportOptions
    @OptionGroup var languageOptions: LanguageOptions

    @Option(help: "Open the model already trained for this many epochs.")
    var epochs: Int = 0

    @Option(help: "Continuous training (T) stops by itself at this epoch; T again continues. (default: the notes' 500)")
    var until: Int = SeedNotes.epochs

    @Flag(help: "Presentation mode for projectors: a classroom layout with fewer panels, bigger cells and the formula in large glyphs.")
    var present = false

    func run() throws {
        try reportingErrors(in: languageOptions.interface) {
            guard TrainCommand.epochRange.contains(epochs) else {
                throw RNNScopeError(.outOfRange(epochs, TrainCommand.epochRange), at: .flag("--epochs"))
            }
            guard TrainCommand.epochRange.contains(until) else {
                throw RNNScopeError(.outOfRange(until, TrainCommand.epochRange), at: .flag("--until"))
            }
            let exportDirectory = try exportOptions.directory()
            let explorer = try options.makeExplorer()
            // Long pre-training shows a bar on stderr before the screen opens (Ctrl-C: 130).
            if epochs > 0 { StderrTrainingProgress.watching(Strings(languageOptions.interface)) { _ = explorer.lab.train(epochs: epochs) } }
            explorer.setTrainUntil(until)
            explorer.presenting = present
            explorer.setLanguage(languageOptions.interface)
            guard TerminalScreen.isInteractive() else {
                throw RNNScopeError(Message("msg.cli.needs_terminal"))
            }
            themeOptions.apply(to: explorer, askTerminal: true)
            try ExplorerLoop.runInTerminal(ExplorerApp(explorer: explorer), exportDirectory: exportDirectory)
        }
    }
}

/// What the loop runs: the explorer alone, or a lesson around it.
protocol ScreenApp {
    /// The explorer on screen now (a lesson may replace it when it replays its script).
    var explorer: Explorer { get }
    func render(width: Int, height: Int) -> CellGrid
    /// Acts on a key; false means quit.
    func handle(_ key: UserKey) -> Bool
}

struct ExplorerApp: ScreenApp {
    let explorer: Explorer
    func render(width: Int, height: Int) -> CellGrid { ExplorerScreen.render(explorer, width: width, height: height) }
    func handle(_ key: UserKey) -> Bool { explorer.handle(key) }
}

/// Draw, wait for a key (or for training/auto-play to need the screen), act, repeat.
struct ExplorerLoop {
    let app: any ScreenApp
    let screen: TerminalScreen
    /// Where the `x` key writes its files.
    var exportDirectory = "."

    var explorer: Explorer { app.explorer }

    /// Takes over the terminal, runs `app` until it quits, and always restores the terminal.
    static func runInTerminal(_ app: any ScreenApp, exportDirectory: String = ".") throws {
        let screen = TerminalScreen()
        do { try screen.start() } catch {
            throw RNNScopeError(Message("msg.cli.terminal_failed", ["error": "\(error)"]))
        }
        defer { screen.stop() }
        ExplorerLoop(app: app, screen: screen, exportDirectory: exportDirectory).run()
        // A weight file still being written (`W` on a large model) is finished first.
        app.explorer.lab.finishSaving()
        // Ended by a signal: the terminal first, then the exit status the shell expects.
        if let signal = ProcessSignals.received {
            screen.stop()
            ProcessSignals.exit(bySignal: signal)
        }
    }

    /// Continuous training runs in slices this long between key checks, so a key is acted on
    /// within one slice plus one frame.
    static let trainingSliceNanoseconds: UInt64 = 25_000_000

    /// At most this many waiting keys are acted on between two frames.
    static let maxBurst = 4096

    func run() {
        var needsDraw = true
        var lastFrame: CellGrid?
        while !screen.interruptRequested {
            // Work that would hold up a key runs off this thread (a lesson may have replaced
            // the explorer, so every turn): the large gradient analysis, continuous training.
            explorer.computeAnalysisInBackground(true)
            explorer.trainInBackground(true)
            if needsDraw {
                let size = screen.size
                let frame = app.render(width: size.width, height: size.height)
                screen.draw(frame)
                lastFrame = frame
                needsDraw = false
            }
            let timeout = explorer.millisecondsUntilTick(now: DispatchTime.now().uptimeNanoseconds)
            if let key = screen.readKey(timeoutMilliseconds: timeout) {
                needsDraw = true
                switch key {
                case .interrupted, .controlC: return
                case .resize: continue
                default:
                    // Every key already waiting is acted on before the next frame and the next
                    // training slice: a held arrow or a burst of 2,000 keys draws once.
                    var burst = KeyBurst()
                    if let userKey = Self.userKey(key) { burst.append(userKey) }
                    var stop = false
                    while burst.keyCount < Self.maxBurst, let more = screen.readKey(timeoutMilliseconds: 0) {
                        if more == .interrupted || more == .controlC { stop = true; break }
                        if more == .resize { break }
                        if let userKey = Self.userKey(more) { burst.append(userKey) }
                    }
                    // A key whose work trains long (a lesson replaying its script) shows its
                    // progress over the last frame, and q or Ctrl-C stops it.
                    let progress = ScreenTrainingProgress(screen: screen, frame: lastFrame, strings: explorer.ui.strings)
                    for run in burst.runs {
                        for _ in 0..<run.count {
                            if !progress.watching({ app.handle(run.key) }) { return }
                            if screen.interruptRequested { return }
                            // `x` exports the screen as it is at that key, not after the burst.
                            if explorer.exportRequested {
                                let size = screen.size
                                explorer.exportScreen(app.render(width: size.width, height: size.height), directory: exportDirectory)
                            }
                        }
                    }
                    if stop { return }
                }
            }
            if explorer.tick(now: DispatchTime.now().uptimeNanoseconds, slice: Self.trainingSliceNanoseconds) { needsDraw = true }
        }
    }

    static func userKey(_ key: Key) -> UserKey? {
        switch key {
        case .character(let c): return .character(c)
        case .up: return .up
        case .down: return .down
        case .left: return .left
        case .right: return .right
        case .enter: return .enter
        case .backspace, .delete: return .backspace
        case .tab: return .tab
        case .backTab: return .backTab
        case .escape: return .escape
        case .pageUp: return .pageUp
        case .pageDown: return .pageDown
        case .home: return .home
        case .end: return .end
        default: return nil
        }
    }
}
