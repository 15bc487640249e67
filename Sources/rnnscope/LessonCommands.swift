import ArgumentParser
import CellGrid
import Foundation
import Localization
import Lessons
import RNNCore
import Terminal
import Visualizer

/// `rnnscope lesson N|PATH`: a scripted walk-through with narration.
struct LessonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lesson",
        abstract: "Run a lesson: Enter/] next step, [ previous, = back to the script, { } scroll the narration.")

    @Argument(help: "A lesson number (see `rnnscope lessons`) or the path of a lesson file.")
    var lesson: String

    @OptionGroup var languageOptions: LanguageOptions

    @Flag(help: "Presentation mode for projectors: fewer, larger panels.")
    var present = false

    @OptionGroup var themeOptions: ThemeOptions
    @OptionGroup var exportOptions: ExportOptions

    func run() throws {
        try reportingErrors(in: languageOptions.interface) {
            let exportDirectory = try exportOptions.directory()
            // A lesson's front-matter training shows a bar on stderr before the screen opens.
            let session = try StderrTrainingProgress.watching(Strings(languageOptions.interface)) {
                try LessonSession(lesson: LessonLibrary.find(lesson, lang: languageOptions.lessonFolder), present: present, language: languageOptions.lang)
            }
            guard TerminalScreen.isInteractive() else {
                // In the lesson's language when no --lang says otherwise, like its screens.
                printError(Strings(session.language)("msg.cli.lesson_needs_terminal", ["lesson": lesson]))
                throw ExitCode(1)
            }
            themeOptions.apply(to: session.explorer, askTerminal: true)
            try ExplorerLoop.runInTerminal(LessonApp(session: session), exportDirectory: exportDirectory)
        }
    }
}

struct LessonApp: ScreenApp {
    let session: LessonSession
    var explorer: Explorer { session.explorer }
    func render(width: Int, height: Int) -> CellGrid { LessonScreen.render(session, width: width, height: height) }
    func handle(_ key: UserKey) -> Bool { session.handle(key) }
}

/// `rnnscope lessons`: what is shipped.
struct LessonsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lessons", abstract: "List the lessons.")

    @Flag(help: "Print a JSON array.")
    var json = false

    func run() throws {
        try reportingErrors {
            let entries = try LessonLibrary.all().map(LessonLibrary.entry)
            if json {
                try printJSON(entries)
            } else {
                for entry in entries {
                    print("\(String(entry.id).leftPadded(to: 2, with: " "))  \(entry.lang)  \(entry.title.terminalSafe.padding(40))"
                        + environmentStrings("cli.lessons.steps", ["count": String(entry.steps).leftPadded(to: 3, with: " ")]) + "  \(entry.path.terminalSafe)")
                }
            }
        }
    }
}
