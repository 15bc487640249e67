import ArgumentParser
import Foundation
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
        subcommands: [ExploreCommand.self, TrainCommand.self, TraceCommand.self, SnapshotCommand.self, LessonCommand.self, LessonsCommand.self, BenchCommand.self, RecordCommand.self, HandoutCommand.self],
        defaultSubcommand: ExploreCommand.self
    )

    /// ArgumentParser's own `main`, after the crash guard: no command's crash or Ctrl-\\ ever
    /// waits for a key or leaves the terminal in curses mode.
    static func main() {
        ProcessSignals.guardCrashes()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            exit(withError: error)
        }
    }
}

/// Runs a command body, turning a user-caused error into one line on stderr and exit code 1.
/// Output that could not be written (stdout closed or the disk full) is such an error too.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
        try StandardOutput.flush()
    } catch let error as RNNScopeError {
        printError(error.description)
        throw ExitCode(1)
    }
}

func printError(_ message: String) {
    StandardOutput.writeError("rnnscope: \(message)\n")
}
