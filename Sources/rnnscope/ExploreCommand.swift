import ArgumentParser
import CellGrid
import Dispatch
import Foundation
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

    func run() throws {
        try reportingErrors {
            let explorer = try options.makeExplorer()
            guard TerminalScreen.isInteractive() else {
                throw RNNScopeError(
                    "the visualizer needs a terminal on stdin and stdout; to render a screen without one, use `rnnscope snapshot`")
            }
            themeOptions.apply(to: explorer, askTerminal: true)
            try ExplorerLoop.runInTerminal(ExplorerApp(explorer: explorer))
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

    var explorer: Explorer { app.explorer }

    /// Takes over the terminal, runs `app` until it quits, and always restores the terminal.
    static func runInTerminal(_ app: any ScreenApp) throws {
        let screen = TerminalScreen()
        do { try screen.start() } catch {
            throw RNNScopeError("cannot start the terminal: \(error)")
        }
        defer { screen.stop() }
        ExplorerLoop(app: app, screen: screen).run()
    }

    /// Continuous training runs in slices this long between key checks, so a key is acted on
    /// within one slice plus one frame.
    static let trainingSliceNanoseconds: UInt64 = 25_000_000

    func run() {
        var nextAutoplay = DispatchTime.now().uptimeNanoseconds
        var needsDraw = true
        while !screen.interruptRequested {
            if needsDraw {
                let size = screen.size
                screen.draw(app.render(width: size.width, height: size.height))
                needsDraw = false
            }
            let now = DispatchTime.now().uptimeNanoseconds
            let timeout: Int
            if explorer.ui.training {
                timeout = 0
            } else if explorer.ui.autoplay {
                timeout = Int(min(200, max(0, (Int64(nextAutoplay) - Int64(now)) / 1_000_000)))
            } else {
                timeout = 250
            }
            if let key = screen.readKey(timeoutMilliseconds: timeout) {
                needsDraw = true
                switch key {
                case .interrupted, .controlC: return
                case .resize: continue
                default:
                    if let userKey = Self.userKey(key), !app.handle(userKey) { return }
                    if explorer.ui.autoplay { nextAutoplay = DispatchTime.now().uptimeNanoseconds + UInt64(Explorer.autoplayMilliseconds) * 1_000_000 }
                }
            }
            if explorer.ui.training {
                explorer.trainFor(nanoseconds: Self.trainingSliceNanoseconds)
                needsDraw = true
            }
            if explorer.ui.autoplay, DispatchTime.now().uptimeNanoseconds >= nextAutoplay {
                explorer.autoplayTick()
                needsDraw = true
                nextAutoplay = DispatchTime.now().uptimeNanoseconds + UInt64(Explorer.autoplayMilliseconds) * 1_000_000
            }
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
        default: return nil
        }
    }
}
