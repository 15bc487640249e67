import ArgumentParser
import CellGrid
import Foundation
import Lessons
import RNNCore
import Visualizer
import Localization

/// `rnnscope record`: a key script or a whole lesson as an asciicast v2 recording, made
/// without a terminal and without the clock: the same input gives the same file.
struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record a key sequence or a whole lesson as an asciicast v2 file (asciinema play, agg for a GIF).",
        discussion: """
            Keys use the snapshot syntax: rnnscope record --keys "lll<space>b" --out steps.cast

            A lesson recording shows every step in order, as Enter would advance, and pauses on each for as long as its narration takes to read: \(ReadingPace.rule) A question is shown, then revealed; narration longer than its panel scrolls as } would.

            Continuous training (T) and auto-play (p) do not run in a recording: use --epochs, or a lesson's train: steps.
            """)

    @OptionGroup var options: ExplorerOptions
    @OptionGroup var themeOptions: ThemeOptions

    @Option(help: "The recording to write (asciicast v2, usually FILE.cast). A regular file there is replaced; anything else is refused.")
    var out: String

    @Option(help: "Keys to press, one frame each (the snapshot syntax).")
    var keys: String = ""

    @Option(help: "Record a whole lesson instead: a lesson number or the path of a lesson file.")
    var lesson: String?

    @OptionGroup var languageOptions: LanguageOptions

    @Option(help: "Seconds between keys (default 0.5); with --lesson, the shortest pause on a step (default 2), to which its reading time is added.")
    var delay: Double?

    @Option(help: "Screen size, WIDTHxHEIGHT.")
    var size: String = "120x40"

    @Option(help: "Train this many epochs before pressing the keys.")
    var epochs: Int = 0

    @Option(help: "The header's Unix timestamp (default: now); fix it to make recordings byte-identical.")
    var timestamp: Int?

    @Flag(help: "Presentation mode: the classroom layout with the formula in large glyphs.")
    var present = false

    static let maxDelay = 3600.0
    /// The last frame of a key recording stays this long (or --delay, when longer).
    static let finalHoldMilliseconds = 2000

    func run() throws {
        try reportingErrors(in: languageOptions.interface) {
            let (width, height) = try SnapshotCommand.parseSize(size)
            guard (0...TrainCommand.epochRange.upperBound).contains(epochs) else {
                throw RNNScopeError(.outOfRange(epochs, 0...TrainCommand.epochRange.upperBound), at: .flag("--epochs"))
            }
            if let delay, !(delay.isFinite && delay > 0 && delay <= Self.maxDelay) {
                throw RNNScopeError(Message("error.cli.delay", ["value": "\(delay)", "max": String(Int(Self.maxDelay))]), at: .flag("--delay"))
            }
            if let timestamp, timestamp < 0 {
                throw RNNScopeError(Message("error.cli.timestamp_negative", ["value": String(timestamp)]), at: .flag("--timestamp"))
            }
            let script: [UserKey]
            do { script = try UserKey.parse(keys) } catch let error as KeyScriptError {
                throw RNNScopeError(error.sentence, at: .flag("--keys"))
            }
            if lesson != nil, !script.isEmpty {
                throw RNNScopeError(Message("error.cli.keys_or_lesson"), at: .flag("--keys"))
            }
            if lesson != nil, epochs > 0 {
                throw RNNScopeError(Message("error.cli.lesson_epochs"), at: .flag("--epochs"))
            }
            try Self.checkOutput(out)
            let stamp = timestamp ?? Int(Date().timeIntervalSince1970)
            let cast: Asciicast
            if let lesson {
                let session = try StderrTrainingProgress.watching(Strings(languageOptions.interface)) {
                    try LessonSession(lesson: LessonLibrary.find(lesson, lang: languageOptions.lessonFolder), present: present, language: languageOptions.lang)
                }
                themeOptions.apply(to: session.explorer, askTerminal: false)
                let header = Self.header(width, height, stamp, title: session.explorer.ui.strings("cli.record.lesson_title", [
                    "id": String(session.lesson.id), "lang": session.lesson.lang, "title": session.lesson.title]),
                                         theme: session.explorer.ui.resolvedTheme)
                cast = try StderrTrainingProgress.watching(Strings(languageOptions.interface)) {
                    try LessonRecording(session: session, width: width, height: height,
                                        baseMilliseconds: Self.milliseconds(delay ?? 2)).record(header)
                }
            } else {
                let explorer = try options.makeExplorer()
                explorer.presenting = present
                explorer.setLanguage(languageOptions.interface)
                themeOptions.apply(to: explorer, askTerminal: false)
                if epochs > 0 { StderrTrainingProgress.watching(Strings(languageOptions.interface)) { _ = explorer.lab.train(epochs: epochs) } }
                let header = Self.header(width, height, stamp, title: keys.isEmpty ? "rnnscope" : "rnnscope --keys \(keys)",
                                         theme: explorer.ui.resolvedTheme)
                cast = Self.recordKeys(script, explorer: explorer, width: width, height: height,
                                       step: Self.milliseconds(delay ?? 0.5), header: header)
            }
            try Self.write(cast.encoded(), to: out)
        }
    }

    static func milliseconds(_ seconds: Double) -> Int { max(1, Int((seconds * 1000).rounded())) }

    static func header(_ width: Int, _ height: Int, _ timestamp: Int, title: String, theme: ThemeName) -> Asciicast.Header {
        // The colours the theme was made for: light text on black, or dark text on white.
        let colors: (String, String)? = switch theme {
        case .light: ("#000000", "#ffffff")
        case .dark: ("#e5e5e5", "#000000")
        case .auto, .mono: nil
        }
        return Asciicast.Header(width: width, height: height, timestamp: timestamp, title: title, colors: colors)
    }

    /// The first screen at 0 s, then one frame per key every `step` ms (a key that changes
    /// nothing writes nothing); q ends the script, as in `snapshot`. The last frame is held
    /// for `finalHoldMilliseconds` or `step`, whichever is longer.
    static func recordKeys(_ script: [UserKey], explorer: Explorer, width: Int, height: Int, step: Int, header: Asciicast.Header) -> Asciicast {
        var cast = Asciicast(header: header)
        var time = 0
        cast.show(ExplorerScreen.render(explorer, width: width, height: height), at: time)
        for key in script {
            guard explorer.handle(key) else { break }
            time += step
            cast.show(ExplorerScreen.render(explorer, width: width, height: height), at: time)
        }
        cast.finish(at: time + max(step, finalHoldMilliseconds))
        return cast
    }

    /// Refuses an output path that is not a regular file (a directory, FIFO, socket or
    /// device is never replaced) or whose directory cannot be written, before recording.
    static func checkOutput(_ path: String) throws {
        guard !path.isEmpty else { throw RNNScopeError(Message("error.cli.file_name_empty"), at: .flag("--out")) }
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
            do { try TextFile.checkRegularFile(path) } catch let error as RNNScopeError {
                throw RNNScopeError(Message("error.cli.not_overwritten", nested: ["reason": error.sentence]), at: error.location)
            }
        }
        try AtomicFile.checkWritable(path)
    }

    /// Writes the recording; a symbolic link to a regular file is followed, not replaced.
    static func write(_ text: String, to path: String) throws {
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        try checkOutput(target)
        try AtomicFile.write(Data(text.utf8), to: target)
    }
}

/// How long a lesson recording stays on a screen of narration.
enum ReadingPace {
    /// Words (runs of letters and digits between spaces) read per second.
    static let wordsPerSecond = 3.0
    /// CJK characters read per second.
    static let cjkPerSecond = 5.0

    static let rule = "the shortest pause (2 s, or --delay) plus 1 s per 3 words and 1 s per 5 CJK characters of what the narration panel shows."

    /// The reading time of `text` in milliseconds: words at `wordsPerSecond`, wide letters
    /// (CJK) at `cjkPerSecond`; punctuation and symbols alone are not read.
    static func milliseconds(_ text: String) -> Int {
        var words = 0, cjk = 0
        var wordHasLetters = false
        func endWord() {
            if wordHasLetters { words += 1 }
            wordHasLetters = false
        }
        for character in text {
            if DisplayWidth.of(character) == 2 {
                endWord()
                if character.isLetter { cjk += 1 }
            } else if character.isWhitespace {
                endWord()
            } else if character.isLetter || character.isNumber {
                wordHasLetters = true
            }
        }
        endWord()
        return Int(((Double(words) / wordsPerSecond + Double(cjk) / cjkPerSecond) * 1000).rounded())
    }
}

/// Walks a lesson forward once, step by step, as Enter would, recording each step's screen.
struct LessonRecording {
    let session: LessonSession
    let width: Int
    let height: Int
    let baseMilliseconds: Int

    /// Lines a `}` scrolls the narration (as the key does).
    static let scrollLines = 3

    func render() -> CellGrid { LessonScreen.render(session, width: width, height: height) }

    func record(_ header: Asciicast.Header) throws -> Asciicast {
        var cast = Asciicast(header: header)
        var time = 0
        for index in 0..<session.stepCount {
            if index > 0 {
                session.next()
                guard session.stepIndex == index else {
                    // The message line already says why, in the lesson's language.
                    let why = session.explorer.ui.message.map { Message("error.untranslated", ["text": $0]) }
                        ?? Message("error.cli.step_not_entered", ["step": String(index + 1)])
                    throw RNNScopeError(why, at: .file(session.lesson.path, line: session.lesson.steps[index].line))
                }
            }
            time = show(&cast, at: time)
            if session.questionPending {
                session.answer(nil)
                session.narrationScroll = 0
                time = show(&cast, at: time)
            }
        }
        cast.finish(at: time)
        return cast
    }

    /// Shows the step's screen at `start` for the shortest pause plus the reading time of the
    /// narration lines it shows. Narration longer than its panel is then scrolled 3 lines at a
    /// time (as `}` does), each scroll pausing for the lines it brings in (at least 1 s).
    /// Returns the time the step's screens end.
    func show(_ cast: inout Asciicast, at start: Int) -> Int {
        session.narrationScroll = 0
        var time = start
        guard let (lines, visible) = session.narrationLines(width: width, height: height) else {
            cast.show(render(), at: time)
            return time + baseMilliseconds + ReadingPace.milliseconds(session.narrationText())
        }
        func reading(_ range: Range<Int>) -> Int {
            ReadingPace.milliseconds(lines[range.clamped(to: 0..<lines.count)].joined(separator: " "))
        }
        cast.show(render(), at: time)
        time += baseMilliseconds + reading(0..<visible)
        let maxScroll = max(0, lines.count - visible)
        var scroll = 0
        while scroll < maxScroll {
            let next = min(maxScroll, scroll + Self.scrollLines)
            session.narrationScroll = next
            cast.show(render(), at: time)
            time += max(1000, reading((scroll + visible)..<(next + visible)))
            scroll = next
        }
        session.narrationScroll = 0
        return time
    }
}
