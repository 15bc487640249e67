import ArgumentParser
import Foundation
import Localization
import RNNCore
import Terminal

@main
struct RNNScope: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rnnscope",
        abstract: "Watch a character-level RNN learn: forward pass, BPTT and training, step by step.",
        discussion: """
            The model is the one in the study notes: embedding → tanh RNN → linear → softmax,
            trained with Adam on "\(SeedNotes.text)"

            New here? `rnnscope lessons` lists the guided lessons (English and Chinese);
            `rnnscope lesson 1` starts the first. In the visualizer, ? shows every key.
            """,
        subcommands: [ExploreCommand.self, TrainCommand.self, TraceCommand.self, GenerateCommand.self, SnapshotCommand.self, LessonCommand.self, LessonsCommand.self, BenchCommand.self, RecordCommand.self, HandoutCommand.self]
    )

    /// Every command starts after the crash guard: no command's crash or Ctrl-\\ ever waits
    /// for a key or leaves the terminal in curses mode. The argument parser takes quadratic
    /// time over the values of one `--predict` (50,000 prompts took minutes), so those values
    /// are joined into one argument here, in linear time, and `TrainCommand` splits them again.
    static func main() {
        ProcessSignals.guardCrashes()
        limitHeapFragmentation()
        let arguments = DefaultCommand.explicit(PredictArguments.joined(Array(CommandLine.arguments.dropFirst())))
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            exit(withError: error)
        }
    }
}

/// Large blocks (the passes' buffers, the weights' copies: megabytes each at H=1024) are
/// always given their own mapping and returned to the system when freed. glibc otherwise
/// raises its mmap threshold to the size of each such block freed (up to 32 MB), after which
/// blocks of that size come from the heap and freed ones stay resident: with T training an
/// H=1024 LSTM in the comparison view that was 60 MB of the 570 MB peak.
func limitHeapFragmentation() {
    #if os(Linux)
    let mmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD in <malloc.h>, which Glibc's module does not export
    _ = glibcMallopt(mmapThreshold, 256 << 10)
    #endif
}

#if os(Linux)
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif

/// `explore` when the arguments name no command (`rnnscope`, `rnnscope --hidden 32`), put in
/// front here instead of ArgumentParser's `defaultSubcommand`: with a default subcommand the
/// parser builds and (in debug builds) validates `explore`'s whole option tree on every run,
/// whatever the command; that was 0.07 s of each 0.12 s run of the debug binary.
enum DefaultCommand {
    static func explicit(_ arguments: [String]) -> [String] {
        let names = RNNScope.configuration.subcommands.map { $0._commandName } + ["help"]
        let rootOnly: Set<String> = ["-h", "--help", "--version", "--generate-completion-script", "--experimental-dump-help"]
        guard let first = arguments.first else { return ["explore"] }
        if names.contains(first) || rootOnly.contains(first) { return arguments }
        return ["explore"] + arguments
    }
}

/// `--predict a b c` → `--predict "a\0b\0c"`. Arguments cannot contain NUL, so the join is lossless.
enum PredictArguments {
    static let separator: Character = "\u{0}"

    static func joined(_ arguments: [String]) -> [String] {
        guard arguments.contains("--predict") else { return arguments }
        var out: [String] = []
        out.reserveCapacity(arguments.count)
        var i = 0
        while i < arguments.count {
            let argument = arguments[i]
            out.append(argument)
            i += 1
            if argument == "--" { out.append(contentsOf: arguments[i...]); break }
            guard argument == "--predict" else { continue }
            var values: [String] = []
            while i < arguments.count, !isOption(arguments[i]) {
                values.append(arguments[i])
                i += 1
            }
            if !values.isEmpty { out.append(values.joined(separator: String(separator))) }
        }
        return out
    }

    static func split(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: separator, omittingEmptySubsequences: false).map(String.init) }
    }

    private static func isOption(_ argument: String) -> Bool {
        argument.hasPrefix("-") && argument.count > 1
    }
}

/// Runs a command body, turning a user-caused error into one line on stderr and exit code 1,
/// in `language` (the command's `--lang`, else the environment's: LC_ALL, LC_MESSAGES, LANG).
/// Output that could not be written (stdout closed or the disk full) is such an error too.
/// ArgumentParser's own usage errors (an unknown flag) come before any command runs and stay
/// English, like `--help`.
func reportingErrors(in language: Language = LanguageOptions.environmentLanguage, _ body: () throws -> Void) throws {
    do {
        try body()
        try StandardOutput.flush()
    } catch let error as RNNScopeError {
        printError(error.text(Strings(language)))
        throw ExitCode(1)
    }
}

extension Message {
    /// `value is out of range lower...upper`, the range as Swift prints it.
    static func outOfRange<T>(_ value: T, _ range: ClosedRange<T>) -> Message {
        Message("error.cli.out_of_range", ["value": "\(value)", "range": "\(range)"])
    }
}

/// The strings of a command without `--lang`: the environment's language.
var environmentStrings: Strings { Strings(LanguageOptions.environmentLanguage) }

/// One line on stderr, already in the reader's language.
func printError(_ message: String) {
    StandardOutput.writeError("rnnscope: \(message.terminalSafe)\n")
}

/// The line a command prints when a signal stopped it: `interrupted by SIGINT; <what>`.
func interruptedLine(_ signal: Int32, _ what: String, _ strings: Strings) -> String {
    let names: [Int32: String] = [SIGINT: "SIGINT", SIGTERM: "SIGTERM", SIGHUP: "SIGHUP", SIGQUIT: "SIGQUIT"]
    let name = names[signal] ?? strings("cli.signal", ["number": String(signal)])
    return strings("cli.interrupted", ["signal": name, "what": strings[what]])
}
