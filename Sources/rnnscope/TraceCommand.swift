import ArgumentParser
import Foundation
import RNNCore

/// `rnnscope trace`: one recorded forward + backward pass, as a table or JSON.
struct TraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Record one forward + backward pass over an input and print every intermediate value.")

    @OptionGroup var model: ModelOptions

    @Option(help: "Weights to trace (safetensors); default: a fresh model from --seed.")
    var weights: String?

    @Option(help: "The input sequence.")
    var input: String = SeedNotes.prompts[0]

    @Option(help: "The target: one character in 'last' mode, a string as long as the input in 'every' mode. Default: what follows the input in the text.")
    var target: String?

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    func run() throws {
        try reportingErrors {
            let text = try model.loadText()
            let rnn = try model.model(text: text, weightsPath: weights)
            guard !input.isEmpty else { throw RNNScopeError("the input is empty", at: .flag("--input")) }
            guard input.unicodeScalars.count <= ModelOptions.windowRange.upperBound else {
                throw RNNScopeError("longer than \(ModelOptions.windowRange.upperBound) characters", at: .flag("--input"))
            }
            do { _ = try rnn.config.vocabulary.encode(input) } catch let error as RNNScopeError {
                throw error.at(.flag("--input"))
            }
            let target = try resolvedTarget(text: text)
            let trace: Trace
            do {
                trace = try rnn.trace(input: input, target: target)
            } catch let error as RNNScopeError {
                throw error.at(.flag("--target"))
            }
            if json {
                try printJSON(TraceReport(trace))
            } else {
                print(TraceTable(trace).render(), terminator: "")
            }
        }
    }

    /// `--target`, or what follows the input's first occurrence in the text.
    private func resolvedTarget(text: String) throws -> String {
        if let target { return target }
        let scalars = Array(text.unicodeScalars), needle = Array(input.unicodeScalars)
        let span = model.loss == .last ? 1 : needle.count
        if needle.count + 1 <= scalars.count {
            for start in 0...(scalars.count - needle.count - 1) where Array(scalars[start..<(start + needle.count)]) == needle {
                let from = model.loss == .last ? start + needle.count : start + 1
                guard from + span <= scalars.count else { break }
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[from..<(from + span)])
                return String(view)
            }
        }
        throw RNNScopeError(
            "\(input.debugDescription) does not occur in the text with a character after it; give --target", at: .flag("--target"))
    }
}

/// `trace --json`'s object: names match the schema and PyTorch's.
struct TraceReport: Encodable {
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
    let cell: String
    let vocab: [String]
    let input: String
    let target: String
    let loss: Float
    let steps: [Step]
    let grads: [String: TensorJSON]
    let analysis: Analysis

    /// The numbers behind vanishing and exploding gradients.
    struct Analysis: Encodable {
        let sigma_max: Double
        let spectral_radius: Double
        let dh_norms: [Double]
        let jacobian_norms: [Double]
        let bound: [Double]
    }

    init(_ trace: Trace) {
        let vocabulary = trace.config.vocabulary
        vocab = vocabulary.strings
        input = vocabulary.decode(trace.input)
        target = vocabulary.decode(trace.target)
        loss = trace.loss
        cell = trace.config.cell.rawValue
        let gated = trace.config.cell.isGated
        steps = trace.steps.map { s in
            let gates = s.gates
            return Step(
                t: s.t, char: String(vocabulary.symbol(at: s.token)), x: s.x, h_prev: s.hPrev, a: gated ? nil : s.a,
                h: s.h, logits: s.logits, probs: s.probs, dh: s.dh, da: gated ? nil : s.da,
                gates: gated ? Dictionary(uniqueKeysWithValues: gates.map { ($0.name, $0.values) }) : nil,
                dgates: gated ? Dictionary(uniqueKeysWithValues: gates.map { ($0.name, $0.gradient) }) : nil,
                c_prev: s.cPrev, c: s.c, dc: s.dc)
        }
        var grads: [String: TensorJSON] = [:]
        for name in ParameterName.allCases { grads[name.rawValue] = TensorJSON(trace.gradients, name) }
        self.grads = grads
        let analysis = GradientAnalysis(trace: trace)
        self.analysis = Analysis(
            sigma_max: analysis.sigmaMax, spectral_radius: analysis.spectralRadius, dh_norms: analysis.dhNorms,
            jacobian_norms: analysis.jacobianNorms, bound: analysis.bound)
    }
}
