import RNNCore

/// What the formula panel says for a sub-step at step t: the formula in the notes'
/// notation and the inspector's line with the real numbers for the selected unit.
/// Every number comes from the recorded trace.
public struct StepExplanation: Equatable, Sendable {
    public let title: String
    public let formula: String
    /// The formula with numbers filled in, e.g. `a_t[12] = 0.31 + 0.02 + (-0.54) + 0.01 = -0.20`.
    public let inspector: [String]
    /// Panels to highlight.
    public let panels: Set<Panel>

    /// The explorer's current sub-step, with its cached gradient check.
    public init(explorer: Explorer) {
        self.init(subStep: explorer.subStep, trace: explorer.trace, t: explorer.t, unit: explorer.unit,
                  check: explorer.gradientCheck)
    }

    /// `check`: a finite-difference check already computed for this trace, asked for only by the
    /// weight-gradient sub-step and used when it is of the weight shown (else that one is computed).
    public init(subStep: SubStep, trace: Trace, t: Int, unit: Int, check: @autoclosure () -> GradientCheck? = nil) {
        let step = trace.step(t)
        let p = trace.parameters
        let vocabulary = trace.config.vocabulary
        let i = unit
        let tanh = trace.config.activation == .tanh
        let f = trace.config.activation.rawValue
        // The character the output panels focus on: the target when this step has one, else the top guess.
        let focus = step.target ?? step.probs.indices.max { step.probs[$0] < step.probs[$1] } ?? 0
        let c = Self.quote(vocabulary.symbol(at: focus))
        let n = NumberText.self
        /// The finite difference for W_hh[row, column]: `check`'s when it is that weight's.
        func numeric(_ row: Int, _ column: Int) -> Float {
            let found = check().flatMap { $0.name == .weightHH && $0.index == [row, column] ? $0 : nil }
            return Float((found ?? GradientCheck(trace: trace, .weightHH, [row, column])).numeric)
        }
        if let gated = GatedExplanation(subStep: subStep, trace: trace, t: t, unit: unit, numeric: numeric) {
            (title, formula, inspector, panels) = (gated.title, gated.formula, gated.inspector, gated.panels)
            return
        }
        // GRU's update gate is z_t, so its scores are called logits.
        let z = trace.config.cell == .gru ? "logits_t" : "z_t"

        switch subStep {
        case .forward(.embed):
            let ch = Self.quote(vocabulary.symbol(at: step.token))
            title = "Embed the character"
            formula = "x_t = E[\(ch)]   (row \(step.token) of the embedding, one-hot × E)"
            inspector = ["x_t[\(i)] = E[\(step.token), \(i)] = \(n.value(step.x[i]))"]
            panels = [.timeline, .x]
        case .forward(.inputTerm):
            title = "What the input says"
            formula = "W_xh x_t + b_ih"
            inspector = ["(W_xh x_t)[\(i)] + b_ih[\(i)] = \(n.value(step.inputTerm[i])) + \(n.term(p.value(.biasIH, [i]))) = \(n.value(step.inputTerm[i] + p.value(.biasIH, [i])))"]
            panels = [.x]
        case .forward(.recurrentTerm):
            title = "What the memory says"
            formula = "W_hh h_{t-1} + b_hh"
            inspector = ["(W_hh h_{t-1})[\(i)] + b_hh[\(i)] = \(n.value(step.recurrentTerm[i])) + \(n.term(p.value(.biasHH, [i]))) = \(n.value(step.recurrentTerm[i] + p.value(.biasHH, [i])))"]
            panels = [.hPrev]
        case .forward(.preactivation):
            title = "Add them up"
            formula = "a_t = W_xh x_t + b_ih + W_hh h_{t-1} + b_hh"
            inspector = ["a_t[\(i)] = \(n.value(step.inputTerm[i])) + \(n.term(p.value(.biasIH, [i]))) + \(n.term(step.recurrentTerm[i])) + \(n.term(p.value(.biasHH, [i]))) = \(n.value(step.a[i]))"]
            panels = [.x, .hPrev, .a]
        case .forward(.activation):
            title = "Squash: the new hidden state"
            formula = "h_t = \(f)(a_t)"
            inspector = ["h_t[\(i)] = \(f)(\(n.value(step.a[i]))) = \(n.precise(step.h[i]))"]
            panels = [.a, .h, .unrolled]
        case .forward(.logits):
            title = "Score every character"
            formula = "\(z) = W_hy h_t + b_y"
            let wh = step.logits[focus] - p.value(.biasY, [focus])
            inspector = ["\(z)[\(c)] = (W_hy h_t)[\(c)] + b_y[\(c)] = \(n.value(wh)) + \(n.term(p.value(.biasY, [focus]))) = \(n.value(step.logits[focus]))"]
            panels = [.h, .softmax]
        case .forward(.softmax):
            title = "Turn scores into probabilities"
            formula = "ŷ_t = softmax(\(z)) = exp(\(z)) / Σ_j exp(\(z)[j])"
            let sum = step.logits.reduce(Float(0)) { $0 + Foundation.exp($1) }
            inspector = ["ŷ_t[\(c)] = exp(\(n.value(step.logits[focus]))) / \(n.value(sum)) = \(n.precise(step.probs[focus]))"]
            panels = [.softmax]
        case .forward(.loss):
            title = "Cross-entropy"
            formula = trace.config.lossMode == .every
                ? "L = Σ_t −log ŷ_t[y_t]   (the notes' formula: every step counts)"
                : "L = −log ŷ_T[y]   (the notes' code: only the last step counts)"
            if let target = step.target, let stepLoss = step.stepLoss {
                inspector = [
                    "L_t = −log ŷ_t[\(Self.quote(vocabulary.symbol(at: target)))] = −log(\(n.precise(step.probs[target]))) = \(n.precise(stepLoss))",
                    "loss of the sequence L = \(n.precise(trace.loss))",
                ]
            } else {
                inspector = ["step \(t) is not in the loss: in 'last' mode only step \(trace.length) is scored",
                             "loss of the sequence L = \(n.precise(trace.loss))"]
            }
            panels = [.softmax, .loss]
        case .backward(.dLogits):
            title = "Error at the output"
            formula = "dL/d\(z) = ŷ_t − onehot(y_t)"
            if let target = step.target {
                let ct = Self.quote(vocabulary.symbol(at: target))
                inspector = ["dL/d\(z)[\(ct)] = \(n.precise(step.probs[target])) − 1 = \(n.precise(step.dLogits[target]))"]
            } else {
                inspector = ["step \(t) has no target, so dL/d\(z) = 0: its gradient comes only from step t+1"]
            }
            panels = [.softmax]
        case .backward(.dHidden):
            title = "Gradient reaching h_t"
            formula = "dL/dh_t = W_hyᵀ dL/dz_t + W_hhᵀ dL/da_{t+1}"
            inspector = ["dL/dh_t[\(i)] = \(n.value(step.dhFromOutput[i])) + \(n.term(step.dhFromNext[i])) = \(n.value(step.dh[i]))",
                         t == trace.length ? "(from this step's output) + (nothing: no step comes after t=\(t))"
                             : "(from this step's output) + (from step \(t + 1), through W_hh)"]
            panels = [.dh, .gradientBars]
        case .backward(.dPreactivation):
            title = "Back through the squashing"
            formula = tanh ? "dL/da_t = dL/dh_t ⊙ (1 − h_t²)" : "dL/da_t = dL/dh_t ⊙ 1[a_t > 0]"
            let derivative = tanh ? "(1 − \(n.term(step.h[i]))²)" : "1[\(n.value(step.a[i])) > 0]"
            inspector = ["dL/da_t[\(i)] = \(n.value(step.dh[i])) × \(derivative) = \(n.value(step.da[i]))"]
            panels = [.dh, .da, .h]
        case .backward(.weightGradients):
            title = "Contributions to the weight gradients"
            formula = "dW_hh += dL/da_t h_{t-1}ᵀ   dW_xh += dL/da_t x_tᵀ   db += dL/da_t"
            inspector = [
                "dW_hh[\(i),\(i)] += \(n.value(step.da[i])) × \(n.term(step.hPrev[i])) = \(n.value(step.da[i] * step.hPrev[i]))",
                "dW_xh[\(i),\(i)] += \(n.value(step.da[i])) × \(n.term(step.x[i])) = \(n.value(step.da[i] * step.x[i]))",
                "Σ_t dW_hh[\(i),\(i)] = \(n.value(trace.gradients.value(.weightHH, [i, i]))), "
                    + "finite difference \(n.value(numeric(i, i)))",
            ]
            panels = [.da, .hPrev, .x, .weights]
        case .backward(.dHiddenPrevious):
            title = "Pass the gradient back in time"
            formula = "dL/dh_{t-1} ← W_hhᵀ dL/da_t"
            let passed = (0..<trace.config.hidden).reduce(Float(0)) { $0 + p.value(.weightHH, [$1, i]) * step.da[$1] }
            inspector = t > 1
                ? ["(W_hhᵀ dL/da_t)[\(i)] = Σ_j W_hh[j,\(i)] dL/da_t[j] = \(n.value(passed))",
                   "step \(t - 1) adds it to its own output's gradient"]
                : ["(W_hhᵀ dL/da_t)[\(i)] = \(n.value(passed)) reaches h_0, a constant: BPTT ends here"]
            panels = [.da, .dh, .gradientBars]
        default:
            // Gate sub-steps never reach a plain RNN (`SubStep.fitted(to:)` maps them away).
            title = subStep.name(cell: trace.config.cell)
            formula = "h_t = \(f)(a_t)"
            inspector = []
            panels = []
        }
    }

    static func quote(_ scalar: Unicode.Scalar) -> String {
        scalar == " " ? "' '" : "'\(scalar)'"
    }
}

import Foundation
