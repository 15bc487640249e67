import Foundation
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
    public init(subStep: SubStep, trace: Trace, t: Int, unit: Int, check: GradientCheck? = nil) {
        func numeric(_ row: Int, _ column: Int) -> Float {
            let found = check.flatMap { $0.name == .weightHH && $0.index == [row, column] ? $0 : nil }
            return Float((found ?? GradientCheck(trace: trace, .weightHH, [row, column])).numeric)
        }
        let context = StepContext(trace: trace, t: t, unit: unit, subStep: subStep, numeric: numeric)
        self = trace.config.cell.walkthrough.explain(subStep, context) ?? Self.shared(context)
    }

    /// The sub-steps every cell shares: embedding, scores, softmax, loss, error at the output.
    static func shared(_ context: StepContext) -> StepExplanation {
        let (trace, step, t, i) = (context.trace, context.step, context.t, context.unit)
        let p = trace.parameters
        let vocabulary = trace.config.vocabulary
        let focus = context.focus
        let c = context.quoted(focus)
        let n = NumberText.self
        let z = trace.config.cell.walkthrough.scoresName
        switch context.subStep {
        case .forward(.embed):
            return StepExplanation(
                title: "Embed the character",
                formula: "x_t = E[\(context.quoted(step.token))]   (row \(step.token) of the embedding, one-hot × E)",
                inspector: ["x_t[\(i)] = E[\(step.token), \(i)] = \(n.value(step.x[i]))"], panels: [.timeline, .x])
        case .forward(.logits):
            let wh = step.logits[focus] - p.value(.biasY, [focus])
            return StepExplanation(
                title: "Score every character", formula: "\(z) = W_hy h_t + b_y",
                inspector: ["\(z)[\(c)] = (W_hy h_t)[\(c)] + b_y[\(c)] = \(n.value(wh)) + \(n.term(p.value(.biasY, [focus]))) = \(n.value(step.logits[focus]))"],
                panels: [.h, .softmax])
        case .forward(.softmax):
            let sum = step.logits.reduce(Float(0)) { $0 + Foundation.exp($1) }
            return StepExplanation(
                title: "Turn scores into probabilities", formula: "ŷ_t = softmax(\(z)) = exp(\(z)) / Σ_j exp(\(z)[j])",
                inspector: ["ŷ_t[\(c)] = exp(\(n.value(step.logits[focus]))) / \(n.value(sum)) = \(n.precise(step.probs[focus]))"],
                panels: [.softmax])
        case .forward(.loss):
            let formula = trace.config.lossMode == .every
                ? "L = Σ_t −log ŷ_t[y_t]   (the notes' formula: every step counts)"
                : "L = −log ŷ_T[y]   (the notes' code: only the last step counts)"
            let inspector: [String]
            if let target = step.target, let stepLoss = step.stepLoss {
                inspector = [
                    "L_t = −log ŷ_t[\(Self.quote(vocabulary.symbol(at: target)))] = −log(\(n.precise(step.probs[target]))) = \(n.precise(stepLoss))",
                    "loss of the sequence L = \(n.precise(trace.loss))",
                ]
            } else {
                inspector = ["step \(t) is not in the loss: in 'last' mode only step \(trace.length) is scored",
                             "loss of the sequence L = \(n.precise(trace.loss))"]
            }
            return StepExplanation(title: "Cross-entropy", formula: formula, inspector: inspector, panels: [.softmax, .loss])
        case .backward(.dLogits):
            let inspector: [String]
            if let target = step.target {
                let ct = Self.quote(vocabulary.symbol(at: target))
                inspector = ["dL/d\(z)[\(ct)] = \(n.precise(step.probs[target])) − 1 = \(n.precise(step.dLogits[target]))"]
            } else {
                inspector = ["step \(t) has no target, so dL/d\(z) = 0: its gradient comes only from step t+1"]
            }
            return StepExplanation(title: "Error at the output", formula: "dL/d\(z) = ŷ_t − onehot(y_t)", inspector: inspector, panels: [.softmax])
        default:
            // A sub-step this cell does not have (the cursor fits sub-steps to the cell first).
            return StepExplanation(title: SubStepNames.name(context.subStep, cell: trace.config.cell), formula: "", inspector: [], panels: [])
        }
    }

    static func quote(_ scalar: Unicode.Scalar) -> String {
        scalar == " " ? "' '" : "'\(scalar)'"
    }
}
