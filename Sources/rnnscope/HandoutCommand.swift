import ArgumentParser
import Foundation
import Lessons
import RNNCore
import Visualizer
import Localization

/// `rnnscope handout`: a lesson as one self-contained HTML page for handouts and review.
struct HandoutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "handout",
        abstract: "Write a lesson as one self-contained HTML page: every step's narration and screen (SVG); prints one step per page.")

    @Option(help: "A lesson number (see `rnnscope lessons`) or the path of a lesson file.")
    var lesson: String

    @OptionGroup var languageOptions: LanguageOptions

    @Option(help: "The HTML file to write (written to a temporary file, then renamed into place).")
    var out: String

    @Option(help: "Colours of the screens: light (the default, for paper), dark or mono.")
    var theme: ThemeName = .light

    func run() throws {
        try reportingErrors(in: languageOptions.interface) {
            guard theme != .auto else { throw RNNScopeError(Message("error.cli.theme_auto"), at: .flag("--theme")) }
            try AtomicFile.checkWritable(out)
            let (session, html) = try StderrTrainingProgress.watching(Strings(languageOptions.interface)) {
                let session = try LessonSession(lesson: LessonLibrary.find(lesson, lang: languageOptions.lessonFolder), language: languageOptions.lang)
                return (session, try Handout.html(session, theme: theme))
            }
            try AtomicFile.write(Data(html.utf8), to: out)
            print(Strings(languageOptions.interface)("cli.handout.wrote", [
                "path": out, "title": session.lesson.title, "steps": String(session.stepCount), "kb": String(html.utf8.count / 1024),
            ]))
        }
    }
}
