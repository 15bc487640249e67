import Localization
import RNNCore
import ScopeNames

/// The notes' plain RNN step by step: a_t = W_xh x_t + b_ih + W_hh h_{t-1} + b_hh,
/// h_t = f(a_t), and BPTT back through f'(a_t) and W_hh.
struct RNNWalkthrough: CellWalkthrough {
    func sequence(_ phase: Phase) -> [SubStep] {
        switch phase {
        case .forward:
            return [.forward(.embed), .forward(.inputTerm), .forward(.recurrentTerm), .forward(.preactivation),
                    .forward(.activation), .forward(.logits), .forward(.softmax), .forward(.loss)]
        case .backward:
            return [.backward(.dLogits), .backward(.outputGradients), .backward(.dHidden), .backward(.dPreactivation), .backward(.weightGradients),
                    .backward(.embeddingGradient), .backward(.dHiddenPrevious)]
        }
    }

    func gates(_ strings: Strings) -> [GateInfo] { [] }

    var scoresName: String { "z_t" }
    func jacobianTitle(_ strings: Strings) -> String { strings["gates.rnn.jacobian"] }
    var gatePath: String { "" }
    func keepGateReading(_ strings: Strings) -> String? { nil }

    func specificName(_ subStep: SubStep, _ strings: Strings) -> String? {
        switch subStep {
        case .forward(.inputTerm): return "W_xh x_t + b_ih"
        case .forward(.recurrentTerm): return "W_hh h_{t-1} + b_hh"
        case .forward(.preactivation): return "a_t"
        case .forward(.activation): return "h_t = f(a_t)"
        case .backward(.dPreactivation): return "dL/da_t"
        default: return nil
        }
    }

    func explain(_ subStep: SubStep, _ context: StepContext) -> StepExplanation? {
        let (trace, step, t, i) = (context.trace, context.step, context.t, context.unit)
        let p = trace.parameters
        let n = NumberText.self
        let f = trace.config.activation.rawValue
        let tanh = trace.config.activation == .tanh
        let strings = context.strings
        typealias A = Arithmetic
        switch subStep {
        case .forward(.inputTerm):
            return StepExplanation(
                title: strings["walk.rnn.input.title"], formula: "W_xh x_t + b_ih",
                inspector: [A.line("(W_xh x_t)[\(i)] + b_ih[\(i)]", .sum([.n(step.inputTerm[i]), .n(p.value(.biasIH, [i]))]),
                                   result: step.inputTerm[i] + p.value(.biasIH, [i]))],
                panels: [.x])
        case .forward(.recurrentTerm):
            return StepExplanation(
                title: strings["walk.rnn.memory.title"], formula: "W_hh h_{t-1} + b_hh",
                inspector: [A.line("(W_hh h_{t-1})[\(i)] + b_hh[\(i)]", .sum([.n(step.recurrentTerm[i]), .n(p.value(.biasHH, [i]))]),
                                   result: step.recurrentTerm[i] + p.value(.biasHH, [i]))],
                panels: [.hPrev])
        case .forward(.preactivation):
            let terms: [Arithmetic] = [.n(step.inputTerm[i]), .n(p.value(.biasIH, [i])), .n(step.recurrentTerm[i]), .n(p.value(.biasHH, [i]))]
            return StepExplanation(
                title: strings["walk.rnn.sum.title"], formula: "a_t = W_xh x_t + b_ih + W_hh h_{t-1} + b_hh",
                inspector: [A.line("a_t[\(i)]", .sum(terms), result: step.a[i])],
                panels: [.x, .hPrev, .a])
        case .forward(.activation):
            return StepExplanation(
                title: tanh ? strings["walk.rnn.squash.title"] : strings["walk.rnn.relu.title"], formula: "h_t = \(f)(a_t)",
                inspector: [A.line("h_t[\(i)]", .function(f, .n(step.a[i])), result: step.h[i])], panels: [.a, .h, .unrolled])
        case .backward(.dHidden):
            return .gradientReachingHidden(context, formula: "dL/dh_t = W_hyᵀ dL/dz_t + W_hhᵀ dL/da_{t+1}", nextPath: strings["walk.dh.through_whh"])
        case .backward(.dPreactivation):
            let derivative: Arithmetic = tanh ? .difference(.one, .square(.n(step.h[i]))) : .indicator(.n(step.a[i]))
            return StepExplanation(
                title: tanh ? strings["walk.rnn.back_squash.title"] : strings["walk.rnn.back_relu.title"], formula: tanh ? "dL/da_t = dL/dh_t ⊙ (1 − h_t²)" : "dL/da_t = dL/dh_t ⊙ 1[a_t > 0]",
                inspector: [A.line("dL/da_t[\(i)]", .product([.n(step.dh[i]), derivative]), result: step.da[i])], panels: [.dh, .da, .h])
        case .backward(.weightGradients):
            return StepExplanation(
                title: strings["walk.weights.title"],
                formula: "dW_hh += dL/da_t h_{t-1}ᵀ   dW_xh += dL/da_t x_tᵀ   db += dL/da_t",
                inspector: [
                    A.line("dW_hh[\(i),\(i)]", op: "+=", .product([.n(step.da[i]), .n(step.hPrev[i])]), result: step.da[i] * step.hPrev[i]),
                    A.line("dW_xh[\(i),\(i)]", op: "+=", .product([.n(step.da[i]), .n(step.x[i])]), result: step.da[i] * step.x[i]),
                    "Σ_t dW_hh[\(i),\(i)] = \(n.value(trace.gradients.value(.weightHH, [i, i])))"
                        + strings("walk.weights.finite_difference", ["value": n.value(context.numeric(i, i))]),
                ],
                panels: [.da, .hPrev, .x, .weights])
        case .backward(.dHiddenPrevious):
            let passed = (0..<context.hidden).reduce(Float(0)) { $0 + p.value(.weightHH, [$1, i]) * step.da[$1] }
            return StepExplanation(
                title: strings["walk.back.title"], formula: "dL/dh_{t-1} ← W_hhᵀ dL/da_t",
                inspector: t > 1
                    ? ["(W_hhᵀ dL/da_t)[\(i)] = Σ_j W_hh[j,\(i)] dL/da_t[j] = \(n.value(passed))",
                       strings("walk.rnn.back.adds", ["step": String(t - 1)])]
                    : [strings("walk.rnn.back.reaches_h0", ["lhs": "(W_hhᵀ dL/da_t)[\(i)]", "value": n.value(passed)])],
                panels: [.da, .dh, .gradientBars])
        default:
            return nil
        }
    }

    /// Backward swaps a_t for dL/da_t and the scores z_t for dL/dh_t, so the gradient climbs
    /// the column from the bottom as the forward pass went down it.
    func vectorPanels(_ context: StepContext, lit: Set<Panel>) -> [VectorSpec] {
        let (trace, step, unit) = (context.trace, context.step, context.unit)
        let f = trace.config.activation.rawValue
        let strings = context.strings
        let x = VectorSpec.embedding(context, lit: lit), hPrev = VectorSpec.hiddenIn(context, lit: lit)
        let h = VectorSpec(title: strings("step.panel.memory_out.formula", ["formula": "h_t = \(f)(a_t)"]), shortTitle: "h_t = \(f)(a_t)", values: step.h,
                           scale: Scales.hidden(trace), selected: unit, lit: lit.contains(.h))
            .computed(context.computed(.forward(.activation)))
        guard context.phase == .forward else {
            let da = VectorSpec(title: "dL/da_t = dL/dh_t ⊙ \(f)'(a_t)", shortTitle: "dL/da_t", values: step.da,
                                scale: Scales.gradient(trace.steps.map(\.da)), selected: unit, lit: lit.contains(.da))
                .computed(context.computed(.backward(.dPreactivation)))
            return [x, hPrev, da, h, .gradientAtHidden(context, lit: lit)]
        }
        let a = VectorSpec(title: "a_t = W_xh x_t + b_ih + W_hh h_{t-1} + b_hh", shortTitle: strings["step.panel.preactivation.short"], values: step.a,
                           scale: .diverging(fitting: trace.steps.flatMap(\.a)), selected: unit, lit: lit.contains(.a))
            .computed(context.computed(.forward(.preactivation)))
        return [x, hPrev, a, h, .scores(context, name: "z_t")]
    }
}
