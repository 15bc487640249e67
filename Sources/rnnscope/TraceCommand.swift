import ArgumentParser
import Foundation
import RNNCore
import Terminal
import Localization

/// `rnnscope trace`: one recorded forward + backward pass, as a table or JSON.
struct TraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Record one forward + backward pass over an input and print every intermediate value.")

    @OptionGroup var model: ModelOptions

    @Option(help: "Weights to trace (safetensors); default: a fresh model from --seed.")
    var weights: String?

    @Option(help: "The input sequence. Default: the text's first --window characters (the notes: \"Hello, RNN\").")
    var input: String?

    @Option(help: "The target: one character in 'last' mode, a string as long as the input in 'every' mode. Default: what follows the input in the text.")
    var target: String?

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    @Option(help: "With --json: every per-step vector and gradient in full, or each as a summary (max, min, n or shape, norm); auto gives summaries when the whole would pass 4,194,304 numbers (about 50 MB).")
    var vectors: VectorDetail = .auto

    @Option(help: ArgumentHelp(
        "Threads for the --json analysis: 1, or 2 to find σ_max, ρ and the Jacobian norms alongside the pass. The output is the same to the last byte for 1 and 2. (default: 2 on a machine with two or more cores)",
        valueName: "n"))
    var threads: Int?

    func run() throws {
        try reportingErrors {
            if let threads, !TrainingOptions.threadRange.contains(threads) {
                throw RNNScopeError(.outOfRange(threads, TrainingOptions.threadRange), at: .flag("--threads"))
            }
            let loaded = try model.load(weightsPath: weights)
            let text = loaded.spec.text
            let rnn = try model.model(loaded)
            let input = self.input ?? String(String.UnicodeScalarView(text.unicodeScalars.prefix(model.window)))
            guard !input.isEmpty else { throw RNNScopeError(Message("error.cli.input_empty"), at: .flag("--input")) }
            guard input.unicodeScalars.count <= ModelLimits.window.upperBound else {
                throw RNNScopeError(Message("error.cli.too_long", ["count": String(ModelLimits.window.upperBound)]), at: .flag("--input"))
            }
            try Self.checkTraceSize(steps: input.unicodeScalars.count, hidden: max(rnn.config.hidden, rnn.config.vocabulary.count))
            do { _ = try rnn.config.vocabulary.encode(input) } catch let error as RNNScopeError {
                throw error.at(.flag("--input"))
            }
            let target = try resolvedTarget(input: input, text: text)
            // With --json the analysis starts before the trace is complete (σ_max and ρ during
            // the forward pass, the Jacobian norms during the backward pass: `AnalysisHeadStart`).
            let headStart = json
                ? AnalysisHeadStart(config: rnn.config, parameters: rnn.parameters, threads: threads ?? TrainingOptions.defaultThreads)
                : nil
            let trace: Trace
            do {
                trace = try rnn.trace(input: input, target: target, headStart: headStart)
            } catch let error as RNNScopeError {
                throw error.at(.flag("--target"))
            }
            if let headStart {
                // The analysis is the long part of a large trace (each step's ‖∂s_t/∂s_{t-1}‖):
                // a bar on stderr when it is a terminal, and Ctrl-C (or SIGTERM, SIGHUP) stops
                // it, and the writing, with the signal's exit status.
                ProcessSignals.install()
                let bar = ProgressBar(total: trace.length, enabled: isatty(STDERR_FILENO) == 1, strings: environmentStrings)
                let analysis = GradientAnalysis.interruptible(trace: trace, headStart: headStart) { done, _ in
                    guard ProcessSignals.received == nil else { return false }
                    bar.update(done, note: environmentStrings["cli.progress.jacobians"])
                    return true
                }
                bar.finish()
                guard let analysis else { Self.exitInterrupted() }
                try TraceReport(trace, analysis: analysis, vectors: vectors).print(stopping: { ProcessSignals.received != nil })
                if ProcessSignals.received != nil { Self.exitInterrupted() }
            } else {
                print(TraceTable(trace, strings: environmentStrings).render().terminalSafeLines, terminator: "")
            }
        }
    }

    /// After SIGINT, SIGTERM or SIGHUP: one line on stderr, then the signal's exit status (130 for Ctrl-C).
    static func exitInterrupted() -> Never {
        let signal = ProcessSignals.received ?? SIGINT
        fflush(nil)
        printError(interruptedLine(signal, "cli.interrupted.trace", environmentStrings))
        ProcessSignals.exit(bySignal: signal)
    }

    /// Where `needle` first occurs in `text` (Knuth–Morris–Pratt: linear time, so a long input
    /// against a 4 MB text cannot hang).
    static func firstOccurrence(of needle: [Unicode.Scalar], in text: ArraySlice<Unicode.Scalar>) -> Int? {
        guard !needle.isEmpty, needle.count <= text.count else { return nil }
        var failure = [Int](repeating: 0, count: needle.count)
        var k = 0
        for i in 1..<max(1, needle.count) {
            while k > 0 && needle[i] != needle[k] { k = failure[k - 1] }
            if needle[i] == needle[k] { k += 1 }
            failure[i] = k
        }
        k = 0
        for (offset, scalar) in text.enumerated() {
            while k > 0 && scalar != needle[k] { k = failure[k - 1] }
            if scalar == needle[k] { k += 1 }
            if k == needle.count { return offset - needle.count + 1 }
        }
        return nil
    }

    /// Steps × hidden units a trace may record: `ModelLimits.maxTracedStepUnits`, the same
    /// limit as the explorer's sequence on screen and a lesson's `input:`.
    static func checkTraceSize(steps: Int, hidden: Int) throws {
        let limit = ModelLimits.maxTracedStepUnits
        guard steps <= limit / hidden else {
            throw RNNScopeError(
                Message("error.cli.trace_too_big", ["steps": String(steps), "hidden": String(hidden), "most": String(limit / hidden)]),
                at: .flag("--input"))
        }
    }

    /// `--target`, or what follows the input's first occurrence in the text.
    private func resolvedTarget(input: String, text: String) throws -> String {
        if let target { return target }
        let scalars = Array(text.unicodeScalars), needle = Array(input.unicodeScalars)
        let span = model.loss == .last ? 1 : needle.count
        if let start = Self.firstOccurrence(of: needle, in: scalars.dropLast()) {
            let from = model.loss == .last ? start + needle.count : start + 1
            if from + span <= scalars.count {
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[from..<(from + span)])
                return String(view)
            }
        }
        throw RNNScopeError(Message("error.cli.input_not_in_text", ["input": input.debugDescription]), at: .flag("--target"))
    }
}
