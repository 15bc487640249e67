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

/// How `trace --json` writes the per-step vectors and the gradients.
enum VectorDetail: String, ExpressibleByArgument, CaseIterable {
    /// `full` while the whole object holds at most `TraceReport.fullNumberBudget` numbers, else `summary`.
    case auto
    /// Every number (the README's schema).
    case full
    /// Each per-step vector and each gradient as {"max", "min", "n" (or "shape"), "norm"};
    /// logits and probs stay whole up to `TraceReport.wholeOutputLimit` symbols.
    case summary
}

/// `trace --json`'s object: names match the schema and PyTorch's. `print()` writes it
/// member by member and each step as it is made, so a long trace never exists twice in memory
/// (as step arrays and as the encoder's tree): the bytes are those of encoding it whole.
struct TraceReport {
    let trace: Trace
    let cell: String
    let vocab: [String]
    let input: String
    let target: String
    let loss: Float
    let analysis: Analysis
    /// Per-step vectors and gradients as summaries (`VectorDetail.summary`).
    let summary: Bool

    /// `auto` writes every number up to this many (about 50 MB of JSON); above it, summaries.
    static let fullNumberBudget = 1 << 22
    /// In summaries, logits and probs stay whole up to this many symbols.
    static let wholeOutputLimit = 256

    /// The numbers behind vanishing and exploding gradients.
    struct Analysis: Encodable {
        let sigma_max: Double
        let spectral_radius: Double
        let dh_norms: [Double]
        let jacobian_norms: [Double]
        let bound: [Double]
    }

    init(_ trace: Trace, analysis: GradientAnalysis, vectors: VectorDetail = .auto) {
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
        switch vectors {
        case .full: summary = false
        case .summary: summary = true
        case .auto: summary = Self.fullNumbers(trace) > Self.fullNumberBudget
        }
    }

    /// How many numbers the full object holds: every gradient entry and every step's vectors.
    static func fullNumbers(_ trace: Trace) -> Int {
        let gradients = ParameterName.allCases.reduce(0) { $0 + trace.gradients.matrix($1).values.count }
        guard let step = trace.steps.first else { return gradients }
        let gates = step.gates.reduce(0) { $0 + $1.values.count + $1.gradient.count }
        let perStep = step.x.count + step.hPrev.count + step.h.count + step.logits.count + step.probs.count
            + step.dh.count + (trace.config.cell.isGated ? gates : step.a.count + step.da.count)
            + (step.cPrev?.count ?? 0) + (step.c?.count ?? 0) + (step.dc?.count ?? 0)
        return gradients + trace.steps.count * perStep
    }

    /// The object on stdout, keys in sorted order; steps and gradient rows are written one at a time.
    /// `stopping` is asked before each step: true leaves the object unfinished (the command
    /// was interrupted).
    func print(to writer: JSONStreamWriter = JSONStreamWriter(), stopping: () -> Bool = { false }) throws {
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
            try writeStep(index, writer)
        }
        writer.endArray()
        try writer.key("target")
        try writer.value(target)
        try writer.key("vectors")
        try writer.value(summary ? "summary" : "full")
        try writer.key("vocab")
        try writer.value(vocab)
        writer.endObject()
        try writer.finish()
    }

    /// Step `index` (0-based), keys in sorted order: `a`, `c`, `c_prev`, `char`, `da`, `dc`,
    /// `dgates`, `dh`, `gates`, `h`, `h_prev`, `logits`, `probs`, `t`, `x`. The plain RNN has `a`
    /// and `da`; gated cells each gate's value and dL/d(its pre-activation) by PyTorch's gate
    /// letter; the LSTM its cell state c_prev, c and dL/dc_t.
    private func writeStep(_ index: Int, _ writer: JSONStreamWriter) throws {
        let s = trace.steps[index]
        let gated = trace.config.cell.isGated
        let outputs = summary && s.logits.count > Self.wholeOutputLimit
        func field(_ name: String, _ values: [Float]?, whole: Bool = false) throws {
            guard let values else { return }
            try writer.key(name)
            if summary && !whole { try writeSummary(values, shape: nil, writer) } else { try writer.floats(values) }
        }
        func gateField(_ name: String, gradient: Bool) throws {
            try writer.key(name)
            writer.beginObject()
            for gate in s.gates.sorted(by: { $0.name < $1.name }) {
                try field(gate.name, gradient ? gate.gradient : gate.values)
            }
            writer.endObject()
        }
        writer.beginObject()
        try field("a", gated ? nil : s.a)
        try field("c", s.c)
        try field("c_prev", s.cPrev)
        try writer.key("char")
        try writer.value(String(trace.config.vocabulary.symbol(at: s.token)))
        try field("da", gated ? nil : s.da)
        try field("dc", s.dc)
        if gated { try gateField("dgates", gradient: true) }
        try field("dh", s.dh)
        if gated { try gateField("gates", gradient: false) }
        try field("h", s.h)
        try field("h_prev", s.hPrev)
        try field("logits", s.logits, whole: !outputs)
        try field("probs", s.probs, whole: !outputs)
        try writer.key("t")
        try writer.value(s.t)
        try field("x", s.x)
        writer.endObject()
    }

    /// {"max", "min", "n" (a vector) or "shape" (a matrix), "norm"}: NaN shows in the norm, ±∞ in min or max.
    private func writeSummary(_ values: [Float], shape: [Int]?, _ writer: JSONStreamWriter) throws {
        var low = Float.infinity, high = -Float.infinity, squares = 0.0
        for v in values {
            if v < low { low = v }
            if v > high { high = v }
            squares += Double(v) * Double(v)
        }
        writer.beginObject()
        try writer.key("max")
        try writer.number(values.isEmpty ? 0 : Double(high))
        try writer.key("min")
        try writer.number(values.isEmpty ? 0 : Double(low))
        if let shape {
            try writer.key("norm")
            try writer.number(squares.squareRoot())
            try writer.key("shape")
            try writer.value(shape)
        } else {
            try writer.key("n")
            try writer.value(values.count)
            try writer.key("norm")
            try writer.number(squares.squareRoot())
        }
        writer.endObject()
    }

    /// dL/dθ by PyTorch's name, each in its PyTorch shape: a vector, or a matrix row by row.
    private func writeGradients(_ writer: JSONStreamWriter) throws {
        writer.beginObject()
        for name in ParameterName.allCases.sorted(by: { $0.rawValue < $1.rawValue }) {
            try writer.key(name.rawValue)
            let matrix = trace.gradients.matrix(name)
            let shape = trace.gradients.shape.shape(of: name)
            if summary {
                try writeSummary(matrix.values, shape: shape, writer)
            } else if shape.count == 1 {
                try writer.floats(matrix.values)
            } else {
                writer.beginArray()
                for row in 0..<matrix.rows {
                    try writer.floats(matrix.values[(row * matrix.cols)..<((row + 1) * matrix.cols)])
                }
                writer.endArray()
            }
        }
        writer.endObject()
    }
}
