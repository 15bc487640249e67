import ArgumentParser
import Foundation
import Terminal
import Visualizer

extension ThemeName: ExpressibleByArgument {}

/// `--theme`, shared by `explore`, `lesson` and `snapshot`.
struct ThemeOptions: ParsableArguments {
    @Option(help: "Colours: auto (follow the terminal's background), dark, light (light terminals, projectors) or mono. The v key cycles them.")
    var theme: ThemeName = .auto

    /// Sets the explorer's theme. `auto` is resolved from `COLORFGBG`, then (only when
    /// `askTerminal`: a real terminal, before ncurses starts) an OSC 11 query; else dark.
    func apply(to explorer: Explorer, askTerminal: Bool) {
        var autoTheme = ThemeName.dark
        if theme == .auto {
            let environment = ProcessInfo.processInfo.environment
            if BackgroundDetection.detect(environment: environment, askTerminal: askTerminal) == .light { autoTheme = .light }
        }
        explorer.setTheme(theme, auto: autoTheme)
    }
}
