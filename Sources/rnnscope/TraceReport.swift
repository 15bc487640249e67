import ArgumentParser
import Foundation
import RNNCore
import Terminal
import Localization

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
