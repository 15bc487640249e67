import Foundation
import Localization
import RNNCore
import ScopeNames

/// What the formula panel says for a sub-step at step t: the formula in the notes' notation
/// and the inspector's lines with the real numbers for the selected unit. Every number comes
/// from the recorded trace. The cell's walk-through words its own sub-steps; the embedding,
/// output and loss are worded here, the same for every cell.
public struct StepExplanation: Equatable, Sendable {
    public let title: String
    public let formula: String
    /// The formula with numbers filled in, e.g. `a_t[12] = 0.31 + 0.02 + (-0.54) + 0.01 = -0.20`.
    public let inspector: [String]
    /// Panels to highlight.
    public let panels: Set<Panel>

    init(title: String, formula: String, inspector: [String], panels: Set<Panel>) {
        self.title = title
        self.formula = formula
        self.inspector = inspector
        self.panels = panels
    }

    /// `check`: a finite-difference check already computed for this trace, used by the
    /// weight-gradient sub-step when it is of the weight shown (else one is computed).
    /// `strings`: the language the title and the prose lines are worded in (the formulas and
    /// numbers are the same in every language).
    public init(subStep: SubStep, trace: Trace, t: Int, unit: Int, check: GradientCheck? = nil, strings: Strings = Strings(.en)) {
        func numeric(_ row: Int, _ column: Int) -> Float {
            let found = check.flatMap { $0.name == .weightHH && $0.index == [row, column] ? $0 : nil }
            return Float((found ?? GradientCheck(trace: trace, .weightHH, [row, column])).numeric)
        }
        let context = StepContext(trace: trace, t: t, unit: unit, subStep: subStep, strings: strings, numeric: numeric)
        self = trace.config.cell.walkthrough.explain(subStep, context) ?? Self.shared(context)
    }

    /// The sub-steps every cell shares: embedding, scores, softmax, loss, error at the output,
    /// and the output layer's and the embedding's gradients.
    static func shared(_ context: StepContext) -> StepExplanation {
        let (trace, step, t, i) = (context.trace, context.step, context.t, context.unit)
        let p = trace.parameters
        let vocabulary = trace.config.vocabulary
        let focus = context.focus
        let c = context.quoted(focus)
        let n = NumberText.self
        typealias A = Arithmetic
        let z = trace.config.cell.walkthrough.scoresName
        let strings = context.strings
        switch context.subStep {
        case .forward(.embed):
            return StepExplanation(
                title: strings["walk.embed.title"],
                formula: "x_t = E[\(context.quoted(step.token))]   " + strings("walk.embed.row", ["row": String(step.token)]),
                inspector: ["x_t[\(i)] = E[\(step.token), \(i)] = \(n.value(step.x[i]))"], panels: [.timeline, .x])
        case .forward(.logits):
            let b = p.value(.biasY, [focus])
            return StepExplanation(
                title: strings["walk.logits.title"], formula: "\(z) = W_hy h_t + b_y",
                inspector: [A.line("\(z)[\(c)]", symbolic: "(W_hy h_t)[\(c)] + b_y[\(c)]",
                                   .sum([.n(step.logits[focus] - b), .n(b)]), result: step.logits[focus])],
                panels: [.h, .softmax])
        case .forward(.softmax):
            let scores = Scores(step.logits)
            let shift = scores.shift.map { " − \(n.value($0))" } ?? ""
            let top: Arithmetic = scores.shift.map { .function("exp", .difference(.n(step.logits[focus]), .number($0))) }
                ?? .function("exp", .n(step.logits[focus]))
            let formula = "ŷ_t = softmax(\(z)) = exp(\(z)) / Σ_j exp(\(z)[j])"
            return StepExplanation(
                title: strings["walk.softmax.title"],
                formula: scores.shift == nil ? formula : formula + "   " + strings("walk.softmax.shifted", ["z": z]),
                inspector: ["Σ_j exp(\(z)[j]\(shift)) = \(n.value(scores.sum))",
                            A.line("ŷ_t[\(c)]", .quotient(top, .number(scores.sum)), result: scores.probability(focus))],
                panels: [.softmax])
        case .forward(.loss):
            let formula = (trace.config.lossMode == .every
                ? "L = Σ_t −log ŷ_t[y_t]   " + strings["walk.loss.every"]
                : "L = −log ŷ_T[y]   " + strings["walk.loss.last"])
                + (step.target == nil ? "" : "   logsumexp(\(z)) = max \(z) + log Σ_j exp(\(z)[j] − max \(z))")
            let sequence = strings("walk.loss.sequence", ["value": n.value(trace.loss)])
            let inspector: [String]
            if let target = step.target {
                inspector = Self.stepLoss(Scores(step.logits), target: target, name: z, quoted: Self.quote(vocabulary.symbol(at: target))) + [sequence]
            } else {
                inspector = [strings("walk.loss.unscored", ["t": String(t), "T": String(trace.length)]), sequence]
            }
            return StepExplanation(title: strings["walk.loss.title"], formula: formula, inspector: inspector, panels: [.softmax, .loss])
        case .backward(.dLogits):
            let inspector: [String]
            if let target = step.target {
                let ct = Self.quote(vocabulary.symbol(at: target))
                inspector = [A.line("dL/d\(z)[\(ct)]", symbolic: "ŷ_t[\(ct)] − 1", .difference(.number(Scores(step.logits).probability(target)), .one),
                                    result: step.dLogits[target])]
            } else {
                inspector = [strings("walk.dlogits.no_target", ["t": String(t), "z": z])]
            }
            return StepExplanation(title: strings["walk.dlogits.title"], formula: "dL/d\(z) = ŷ_t − onehot(y_t)", inspector: inspector, panels: [.softmax])
        case .backward(.outputGradients):
            return outputGradients(context)
        case .backward(.embeddingGradient):
            return embeddingGradient(context)
        default:
            // A sub-step this cell does not have (the cursor fits sub-steps to the cell first).
            return StepExplanation(title: SubStepNames.name(context.subStep, cell: trace.config.cell, strings: strings), formula: "", inspector: [], panels: [])
        }
    }

    /// L_t the way frameworks compute it, from the scores: logsumexp(z) − z_y, with
    /// logsumexp(z) = max z + log Σ_j exp(z_j − max z), so a probability that underflows to 0
    /// still gives the finite loss it stands for. The −log ŷ form comes first when ŷ shows.
    static func stepLoss(_ scores: Scores, target: Int, name z: String, quoted: String) -> [String] {
        typealias A = Arithmetic
        let zy = scores.logits[target]
        let loss = scores.logSumExp - zy
        var lines: [String] = []
        let probability = scores.probability(target)
        if probability > 0, probability.isFinite {
            lines.append(A.line("L_t", symbolic: "−log ŷ_t[\(quoted)]", .negation(.function("log", .number(probability))), result: loss))
        }
        lines.append(A.line("L_t", symbolic: "logsumexp(\(z)) − \(z)[\(quoted)]",
                            .difference(.sum([.number(scores.max), .function("log", .number(scores.shiftedSum))]), .number(zy)),
                            result: loss))
        return lines
    }

    /// BPTT's "gradient reaching h_t": this step's output plus what step t+1 passes back, the
    /// same sum for every cell; `formula` and `nextPath` say how step t+1's part arrives.
    static func gradientReachingHidden(_ context: StepContext, formula: String, nextPath: String) -> StepExplanation {
        let (step, t, i) = (context.step, context.t, context.unit)
        let strings = context.strings
        return StepExplanation(
            title: strings["walk.dh.title"], formula: formula,
            inspector: [Arithmetic.line("dL/dh_t[\(i)]", .sum([.n(step.dhFromOutput[i]), .n(step.dhFromNext[i])]), result: step.dh[i]),
                        t == context.trace.length ? strings("walk.dh.last", ["t": String(t)])
                            : strings("walk.dh.sources", ["next": String(t + 1), "path": nextPath])],
            panels: [.dh, .gradientBars])
    }

    static func quote(_ scalar: Unicode.Scalar) -> String {
        scalar == " " ? "' '" : "'\(scalar)'"
    }
}

/// One step's output scores in double precision, for the formulas: the softmax's sum, each
/// probability and logsumexp, all finite however large the scores grow.
struct Scores {
    let logits: [Double]
    /// max_j z_j.
    let max: Double
    /// Σ_j exp(z_j − max).
    let shiftedSum: Double
    /// max + log Σ_j exp(z_j − max).
    let logSumExp: Double
    /// What the softmax formula subtracts from every score: nil while exp(z) stays readable
    /// (scores within ±50), else max z rounded as shown, so the formula's numbers stay finite.
    let shift: Double?
    /// Σ_j exp(z_j − shift).
    let sum: Double

    init(_ scores: [Float]) {
        logits = scores.map(Double.init)
        max = logits.max() ?? 0
        let m = max
        shiftedSum = logits.reduce(0) { $0 + Foundation.exp($1 - m) }
        logSumExp = max + Foundation.log(shiftedSum)
        shift = abs(max) > 50 ? Double(NumberText.value(max)) ?? max : nil
        let s = shift ?? 0
        sum = logits.reduce(0) { $0 + Foundation.exp($1 - s) }
    }

    /// softmax(z)[j] = exp(z_j − logsumexp(z)).
    func probability(_ j: Int) -> Double { Foundation.exp(logits[j] - logSumExp) }
}
