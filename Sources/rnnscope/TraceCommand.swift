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

    func run() throws {
        try reportingErrors {
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
            let trace: Trace
            do {
                trace = try rnn.trace(input: input, target: target)
            } catch let error as RNNScopeError {
                throw error.at(.flag("--target"))
            }
            if json {
                // The analysis is the long part of a large trace (each step's ‖∂s_t/∂s_{t-1}‖):
                // a bar on stderr when it is a terminal, and Ctrl-C (or SIGTERM, SIGHUP) stops
                // it, and the writing, with the signal's exit status.
                ProcessSignals.install()
                let bar = ProgressBar(total: trace.length, enabled: isatty(STDERR_FILENO) == 1, strings: environmentStrings)
                let analysis = GradientAnalysis.interruptible(trace: trace) { done, _ in
                    guard ProcessSignals.received == nil else { return false }
                    bar.update(done, note: environmentStrings["cli.progress.jacobians"])
                    return true
                }
                bar.finish()
                guard let analysis else { Self.exitInterrupted() }
                try TraceReport(trace, analysis: analysis).print(stopping: { ProcessSignals.received != nil })
                if ProcessSignals.received != nil { Self.exitInterrupted() }
            } else {
                print(TraceTable(trace).render().terminalSafeLines, terminator: "")
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

/// `trace --json`'s object: names match the schema and PyTorch's. `print()` writes it
/// member by member and each step as it is made, so a long trace never exists twice in memory
/// (as step arrays and as the encoder's tree): the bytes are those of encoding it whole.
struct TraceReport {
    struct Step: Encodable {
        let t: Int
        let char: String
        let x, h_prev: [Float]
        /// The plain RNN's pre-activation and its gradient.
        let a: [Float]?
        let h, logits, probs, dh: [Float]
        let da: [Float]?
        /// Gated cells: each gate's value and dL/d(its pre-activation), by PyTorch's gate letter.
        let gates, dgates: [String: [Float]]?
        /// The LSTM's cell state and dL/dc_t.
        let c_prev, c, dc: [Float]?
    }
    let trace: Trace
    let cell: String
    let vocab: [String]
    let input: String
    let target: String
    let loss: Float
    let analysis: Analysis

    /// The numbers behind vanishing and exploding gradients.
    struct Analysis: Encodable {
        let sigma_max: Double
        let spectral_radius: Double
        let dh_norms: [Double]
        let jacobian_norms: [Double]
        let bound: [Double]
    }

    init(_ trace: Trace, analysis: GradientAnalysis) {
        self.trace = trace
        let vocabulary = trace.config.vocabulary
        vocab = vocabulary.strings
        input = vocabulary.decode(trace.input)
        target = vocabulary.decode(trace.target)
        loss = trace.loss
        cell = trace.config.cell.rawValue
        self.analysis = Analysis(
            sigma_max: analysis.sigmaMax, spectral_radius: analysis.spectralRadius, dh_norms: analysis.dhNorms,
            jacobian_norms: analysis.jacobianNorms, bound: analysis.bound)
    }

    /// Step `index` (0-based) as JSON.
    func step(_ index: Int) -> Step {
        let s = trace.steps[index]
        let vocabulary = trace.config.vocabulary
        let gated = trace.config.cell.isGated
        let gates = gated ? s.gates : []
        return Step(
            t: s.t, char: String(vocabulary.symbol(at: s.token)), x: s.x, h_prev: s.hPrev, a: gated ? nil : s.a,
            h: s.h, logits: s.logits, probs: s.probs, dh: s.dh, da: gated ? nil : s.da,
            gates: gated ? Dictionary(uniqueKeysWithValues: gates.map { ($0.name, $0.values) }) : nil,
            dgates: gated ? Dictionary(uniqueKeysWithValues: gates.map { ($0.name, $0.gradient) }) : nil,
            c_prev: s.cPrev, c: s.c, dc: s.dc)
    }

    /// The object on stdout, keys in sorted order; steps and gradient rows are encoded one at a time.
    /// `stopping` is asked before each step: true leaves the object unfinished (the command
    /// was interrupted).
    func print(stopping: () -> Bool = { false }) throws {
        let writer = JSONStreamWriter()
        writer.beginObject()
        try writer.key("analysis")
        try writer.value(analysis)
        try writer.key("cell")
        try writer.value(cell)
        try writer.key("grads")
        try writeGradients(writer)
        try writer.key("input")
        try writer.value(input)
        try writer.key("loss")
        try writer.value(loss)
        try writer.key("steps")
        writer.beginArray()
        for index in trace.steps.indices {
            if stopping() { return }
            try writer.value(step(index))
        }
        writer.endArray()
        try writer.key("target")
        try writer.value(target)
        try writer.key("vocab")
        try writer.value(vocab)
        writer.endObject()
        try writer.finish()
    }

    /// dL/dθ by PyTorch's name, each in its PyTorch shape: a vector, or a matrix row by row.
    private func writeGradients(_ writer: JSONStreamWriter) throws {
        writer.beginObject()
        for name in ParameterName.allCases.sorted(by: { $0.rawValue < $1.rawValue }) {
            try writer.key(name.rawValue)
            let matrix = trace.gradients.matrix(name)
            if trace.gradients.shape.shape(of: name).count == 1 {
                try writer.value(matrix.values)
            } else {
                writer.beginArray()
                for row in 0..<matrix.rows {
                    try writer.value(Array(matrix.values[(row * matrix.cols)..<((row + 1) * matrix.cols)]))
                }
                writer.endArray()
            }
        }
        writer.endObject()
    }
}
