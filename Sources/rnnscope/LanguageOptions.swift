import ArgumentParser
import Foundation
import Localization

extension Language: ExpressibleByArgument {}

/// `--lang`, shared by `explore`, `snapshot`, `lesson`, `record` and `handout`: the language of
/// the interface and, for a numbered lesson, of the lesson itself.
struct LanguageOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Language of the interface and of a numbered lesson: en or zh (default: zh when LC_ALL, LC_MESSAGES or LANG starts with zh, else en). "
            + "Without it, a lesson's own language sets the interface. The L key switches it live.",
        valueName: "en|zh"))
    var lang: Language?

    /// The language the environment asks for: LC_ALL, LC_MESSAGES, LANG.
    static var environmentLanguage: Language { Language.fromEnvironment(ProcessInfo.processInfo.environment) }

    /// The explorer's interface language: `--lang`, else the environment's.
    var interface: Language { lang ?? Self.environmentLanguage }

    /// Which language's folder a numbered lesson comes from: `--lang`, else the environment's.
    var lessonFolder: String { interface.rawValue }
}
