import RNNCore
import ScopeNames

/// PyTorch's GRU step by step: r and z decide what to read and what to keep, n is the new
/// content, h_t = (1 − z) ⊙ n + z ⊙ h_{t-1}; BPTT through each gate and the direct path z.
struct GRUWalkthrough: CellWalkthrough {
    func sequence(_ phase: Phase) -> [SubStep] {
        switch phase {
        case .forward:
            return [.forward(.embed), .gate(0), .gate(1), .gate(2), .forward(.newHidden),
                    .forward(.logits), .forward(.softmax), .forward(.loss)]
        case .backward:
            return [.backward(.dLogits), .backward(.outputGradients), .backward(.dHidden), .backward(.dGates), .backward(.weightGradients),
                    .backward(.embeddingGradient), .backward(.dHiddenPrevious)]
        }
    }

    var gates: [GateInfo] {
        [
            GateInfo("r", "reset gate", meaning: "how much of the old memory the candidate may read"),
            GateInfo("z", "update gate", meaning: "how much of h_{t-1} to keep: z ≈ 1 copies the memory (and its gradient) through"),
            GateInfo("n", "candidate", squash: "tanh", meaning: "the new content proposed for the memory",
                     formula: "n_t = tanh(W_in x_t + b_in + r_t ⊙ (W_hn h_{t-1} + b_hn))"),
        ]
    }

    var scoresName: String { "logits_t" }
    var jacobianTitle: String { "‖∂h_t/∂h_{t-1}‖ per step, the GRU's full Jacobian (log)" }
    var gatePath: String { "z ⊙" }
    var keepGateReading: String? { "z_t near 1 (bright) copies h_{t-1} into h_t, and copies the gradient back the same way: a bright column is a unit that remembers." }

    func specificName(_ subStep: SubStep) -> String? {
        if let index = subStep.gateIndex, index < gates.count { return gates[index].title }
        switch subStep {
        case .forward(.newHidden): return "h_t = (1−z)⊙n + z⊙h_{t-1}"
        case .backward(.dGates): return "dL/d(gates)"
        default: return nil
        }
    }

    func explain(_ subStep: SubStep, _ context: StepContext) -> StepExplanation? {
        let (trace, step, t, i) = (context.trace, context.step, context.t, context.unit)
        typealias A = Arithmetic
        let gate = { (letter: String) in GatedSteps.gate(letter, step)[i] }
        if let index = subStep.gateIndex, index < gates.count {
            guard gates[index].letter == "n" else { return GatedSteps.explainGate(index, gates[index], context) }
            let H = context.hidden
            let input = step.gatedInputTerm[2 * H + i], memory = step.gatedHiddenTerm[2 * H + i]
            return StepExplanation(
                title: "n_t, the candidate", formula: gates[2].formula,
                inspector: [A.line("n_t[\(i)]", .function("tanh", .sum([.n(input), .product([.n(gate("r")), .n(memory)])])), result: step.gates[2].values[i]),
                            "(input part) + r_t × (memory part): r near 0 hides the old memory", gates[2].meaning],
                panels: [.x, .hPrev, .gates])
        }
        switch subStep {
        case .forward(.newHidden):
            return StepExplanation(
                title: "Blend old memory and new content", formula: "h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t-1}",
                inspector: [A.line("h_t[\(i)]", .sum([.product([.difference(.one, .n(gate("z"))), .n(gate("n"))]), .product([.n(gate("z")), .n(step.hPrev[i])])]),
                                    result: step.h[i]),
                            "z near 1 copies h_{t-1} through unchanged, and with it the gradient"],
                panels: [.gates, .hPrev, .h, .unrolled])
        case .backward(.dHidden):
            return .gradientReachingHidden(
                context, formula: "dL/dh_t = W_hyᵀ dL/dz_t + z_{t+1} ⊙ dL/dh_{t+1} + W_hhᵀ dL/d(gates)_{t+1}", nextPath: "")
        case .backward(.dGates):
            let (z, r, c) = (gate("z"), gate("r"), gate("n"))
            let dh = step.dh[i], dn = GatedSteps.gradient("n", step)[i]
            let memory = step.gatedHiddenTerm[2 * context.hidden + i]
            return GatedSteps.explainGateGradients(
                formula: "dL/dñ = dL/dh ⊙ (1−z) ⊙ (1−n²)   dL/dz̃ = dL/dh ⊙ (h_{t-1}−n) ⊙ z(1−z)   dL/dr̃ = dL/dñ ⊙ (W_hn h + b_hn) ⊙ r(1−r)",
                [("n", .product([.n(dh), .difference(.one, .n(z)), .difference(.one, .square(.n(c)))])),
                 ("z", .product([.n(dh), .difference(.n(step.hPrev[i]), .n(c)), .n(z), .difference(.one, .n(z))])),
                 ("r", .product([.n(dn), .n(memory), .n(r), .difference(.one, .n(r))]))],
                context)
        case .backward(.weightGradients):
            return GatedSteps.explainWeightGradients(keep: 1, letter: "z", context)
        case .backward(.dHiddenPrevious):
            // The candidate's block reads h_{t-1} through r.
            let r = GatedSteps.gate("r", step)
            let passed = GatedSteps.passedBack(context) { k, j in k == 2 ? r[j] : 1 }
            let direct = gate("z") * step.dh[i]
            var lines = [A.line("dL/dh_{t-1}[\(i)]", op: "←", .sum([.product([.n(gate("z")), .n(step.dh[i])]), .n(passed)]), result: direct + passed),
                         "(direct path through z: no weight matrix, no squashing) + (through W_hh)"]
            if t == 1 { lines.append("h_0 is a constant: BPTT ends here") }
            return StepExplanation(title: "Pass the gradient back in time", formula: "dL/dh_{t-1} ← z_t ⊙ dL/dh_t + W_hhᵀ dL/d(gates)_t",
                                   inspector: lines, panels: [.dh, .gates, .gradientBars])
        default:
            return nil
        }
    }

    /// The third slot shows the gate being computed, else z, which decides what is kept; the
    /// fifth the scores (forward) or dL/dh_t (backward).
    func vectorPanels(_ context: StepContext, lit: Set<Panel>) -> [VectorSpec] {
        let index = GatedSteps.shownGate(context, count: gates.count, fallback: 1)
        let third = GatedSteps.gateSlot(index, gates[index], context, lit: lit)
        let h = GatedSteps.hiddenOut("h_t = (1−z_t)⊙n_t + z_t⊙h_{t-1}", context, lit: lit)
        let fifth = context.phase == .backward ? VectorSpec.gradientAtHidden(context, lit: lit) : .scores(context, name: "logits")
        return [.embedding(context, lit: lit), .hiddenIn(context, lit: lit), third, h, fifth]
    }
}
