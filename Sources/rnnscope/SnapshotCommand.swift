import ArgumentParser
import CellGrid
import Foundation
import Lessons
import RNNCore
import Visualizer
import Localization

/// `rnnscope snapshot`: the screen after a key sequence, printed without a terminal.
struct SnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Print the visualizer's screen after a key sequence, without a terminal (for docs, handouts, tests).",
        discussion: """
            Keys: plain characters stand for themselves (l, h, b, f, t, s, ?, …); special keys are
            written <right> <left> <up> <down> <space> <bs> <tab> <btab> <enter> <esc> <pgup> <pgdn> <lt>.
            Example: rnnscope snapshot --keys "lll<space><space>b" --size 120x40
            """)

    @OptionGroup var options: ExplorerOptions
    @OptionGroup var themeOptions: ThemeOptions

    @Option(help: "Screen size, WIDTHxHEIGHT.")
    var size: String = "120x40"

    @Option(help: "Keys to press before the snapshot.")
    var keys: String = ""

    @Option(help: "Train this many epochs before pressing the keys.")
    var epochs: Int = 0

    @Option(help: "Render a lesson's step instead: a lesson number or the path of a lesson file.")
    var lesson: String?

    @Option(help: "The lesson step to render, 1…N (with --lesson).")
    var step: Int = 1

    @Option(help: "Answer the step's question with this choice (1…N) before rendering; 0 reveals without answering (with --lesson).")
    var answer: Int?

    @OptionGroup var languageOptions: LanguageOptions

    @Flag(help: "Presentation mode (the explorer's or, with --lesson, the lesson's): the classroom layout with the formula in large glyphs.")
    var present = false

    @Option(name: .customLong("format"), help: ArgumentHelp(
        "plain: text with heatmaps as shading (░▒▓█ positive, -=≡■ negative; the default); ansi: text with ANSI colours; "
            + "svg: a picture (rectangles for heatmaps, circles for plot dots); html: a <pre> of coloured spans.",
        valueName: "plain|ansi|svg|html"))
    var formatOption: Format?

    @Flag(name: .customLong("plain"), help: "The same as --format plain.")
    var plainFlag = false

    @Flag(name: .customLong("ansi"), help: "The same as --format ansi.")
    var ansiFlag = false

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case plain, ansi, svg, html
    }

    /// The format asked for: --format, or its aliases --plain and --ansi (which must agree).
    func format() throws -> Format {
        let asked = [formatOption, plainFlag ? .plain : nil, ansiFlag ? .ansi : nil].compactMap { $0 }
        guard Set(asked).count <= 1 else {
            throw RNNScopeError(Message("error.cli.formats", ["formats": asked.map(\.rawValue).joined(separator: ", ")]), at: .flag("--format"))
        }
        return asked.first ?? .plain
    }

    static let maxSize = (width: 1000, height: 500)

    func run() throws {
        try reportingErrors(in: languageOptions.interface) {
            let format = try format()
            let (width, height) = try Self.parseSize(size)
            guard (0...TrainCommand.epochRange.upperBound).contains(epochs) else {
                throw RNNScopeError(.outOfRange(epochs, 0...TrainCommand.epochRange.upperBound), at: .flag("--epochs"))
            }
            let script: [UserKey]
            do { script = try UserKey.parse(keys) } catch let error as KeyScriptError {
                throw RNNScopeError(error.sentence, at: .flag("--keys"))
            }
            let grid: CellGrid
            let title: String
            let theme: ThemeName
            if let lesson {
                let session = try StderrTrainingProgress.watching(Strings(languageOptions.interface)) {
                    try LessonSession(lesson: LessonLibrary.find(lesson, lang: languageOptions.lessonFolder), present: present, language: languageOptions.lang)
                }
                guard (1...session.stepCount).contains(step) else {
                    throw RNNScopeError(Message("error.cli.out_of_steps", ["value": String(step), "range": "1...\(session.stepCount)"]), at: .flag("--step"))
                }
                themeOptions.apply(to: session.explorer, askTerminal: false)
                try StderrTrainingProgress.watching(Strings(languageOptions.interface)) { try session.jump(to: step - 1) }
                if let answer {
                    guard let question = session.step.question else {
                        throw RNNScopeError(Message("error.cli.no_question", ["step": String(step)]), at: .flag("--answer"))
                    }
                    guard (0...question.choices.count).contains(answer) else {
                        throw RNNScopeError(Message("error.cli.out_of_answers", ["value": String(answer), "range": "0...\(question.choices.count)"]), at: .flag("--answer"))
                    }
                    session.answer(answer == 0 ? nil : answer)
                }
                for key in script where !session.handle(key) { break }
                grid = LessonScreen.render(session, width: width, height: height)
                title = "\(session.lesson.title), step \(session.stepIndex + 1)/\(session.stepCount): \(session.step.title) — "
                    + ScreenExport.title(session.frame())
                theme = session.explorer.ui.resolvedTheme
            } else {
                let explorer = try options.makeExplorer()
                explorer.presenting = present
                explorer.setLanguage(languageOptions.interface)
                themeOptions.apply(to: explorer, askTerminal: false)
                if epochs > 0 { explorer.lab.train(epochs: epochs) }
                for key in script where !explorer.handle(key) { break }
                grid = ExplorerScreen.render(explorer, width: width, height: height)
                title = ScreenExport.title(explorer.frame())
                theme = explorer.ui.resolvedTheme
            }
            // Plain text goes through the monochrome pass, so heatmaps show as shading (░▒▓█, -=≡■ for negatives).
            let colors = ScreenExport.colors(for: theme)
            switch format {
            case .plain: print(ScreenExport.plainText(grid), terminator: "")
            case .ansi: print(grid.ansiText(), terminator: "")
            case .svg: print(SVGRenderer.render(grid, colors: colors, title: title), terminator: "")
            case .html: print(HTMLRenderer.page(grid, colors: colors, title: title), terminator: "")
            }
        }
    }

    /// `WIDTHxHEIGHT` (`--size`, also `record`'s), or a one-line error.
    static func parseSize(_ size: String) throws -> (Int, Int) {
        let parts = size.lowercased().split(whereSeparator: { $0 == "x" || $0 == "×" })
        guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]),
              (1...Self.maxSize.width).contains(width), (1...Self.maxSize.height).contains(height) else {
            throw RNNScopeError(Message("error.cli.size", ["value": size, "max": "\(Self.maxSize.width)x\(Self.maxSize.height)"]), at: .flag("--size"))
        }
        return (width, height)
    }
}
