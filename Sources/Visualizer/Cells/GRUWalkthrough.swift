import Localization
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

    func gates(_ strings: Strings) -> [GateInfo] {
        [
            GateInfo("r", strings["gates.gru.r.role"], meaning: strings["gates.gru.r.meaning"]),
            GateInfo("z", strings["gates.gru.z.role"], meaning: strings["gates.gru.z.meaning"]),
            GateInfo("n", strings["gates.gru.n.role"], squash: "tanh", meaning: strings["gates.gru.n.meaning"],
                     formula: "n_t = tanh(W_in x_t + b_in + r_t ⊙ (W_hn h_{t-1} + b_hn))"),
        ]
    }

    var scoresName: String { "logits_t" }
    func jacobianTitle(_ strings: Strings) -> String { strings["gates.gru.jacobian"] }
    var gatePath: String { "z ⊙" }
    func keepGateReading(_ strings: Strings) -> String? { strings["gates.gru.keep_reading"] }

    func specificName(_ subStep: SubStep, _ strings: Strings) -> String? {
        let gates = gates(strings)
        if let index = subStep.gateIndex, index < gates.count { return gates[index].title }
        switch subStep {
        case .forward(.newHidden): return "h_t = (1−z)⊙n + z⊙h_{t-1}"
        case .backward(.dGates): return "dL/d(\(strings["formula.symbol.gates"]))"
        default: return nil
        }
    }

    func explain(_ subStep: SubStep, _ context: StepContext) -> StepExplanation? {
        let (step, t, i) = (context.step, context.t, context.unit)
        typealias A = Arithmetic
        let gate = { (letter: String) in GatedSteps.gate(letter, step)[i] }
        let strings = context.strings
        let gates = gates(strings)
        let g = strings["formula.symbol.gates"]
        if let index = subStep.gateIndex, index < gates.count {
            guard gates[index].letter == "n" else { return GatedSteps.explainGate(index, gates[index], context) }
            let H = context.hidden
            let input = step.gatedInputTerm[2 * H + i], memory = step.gatedHiddenTerm[2 * H + i]
            return StepExplanation(
                title: strings("walk.gate.title", ["letter": "n", "role": gates[2].role]), formula: gates[2].formula,
                inspector: [A.line("n_t[\(i)]", .function("tanh", .sum([.n(input), .product([.n(gate("r")), .n(memory)])])), result: step.gates[2].values[i]),
                            strings["walk.gru.candidate.parts"], gates[2].meaning],
                panels: [.x, .hPrev, .gates])
        }
        switch subStep {
        case .forward(.newHidden):
            return StepExplanation(
                title: strings["walk.gru.blend.title"], formula: "h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t-1}",
                inspector: [A.line("h_t[\(i)]", .sum([.product([.difference(.one, .n(gate("z"))), .n(gate("n"))]), .product([.n(gate("z")), .n(step.hPrev[i])])]),
                                    result: step.h[i]),
                            strings["walk.gru.blend.note"]],
                panels: [.gates, .hPrev, .h, .unrolled])
        case .backward(.dHidden):
            return .gradientReachingHidden(
                context, formula: "dL/dh_t = W_hyᵀ dL/dz_t + z_{t+1} ⊙ dL/dh_{t+1} + W_hhᵀ dL/d(\(g))_{t+1}", nextPath: "")
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
                         strings["walk.gru.back.paths"]]
            if t == 1 { lines.append(strings["walk.back.ends.h0"]) }
            return StepExplanation(title: strings["walk.back.title"], formula: "dL/dh_{t-1} ← z_t ⊙ dL/dh_t + W_hhᵀ dL/d(\(g))_t",
                                   inspector: lines, panels: [.dh, .gates, .gradientBars])
        default:
            return nil
        }
    }

    /// The third slot shows the gate being computed, else z, which decides what is kept; the
    /// fifth the scores (forward) or dL/dh_t (backward).
    func vectorPanels(_ context: StepContext, lit: Set<Panel>) -> [VectorSpec] {
        let gates = gates(context.strings)
        let index = GatedSteps.shownGate(context, count: gates.count, fallback: 1)
        let third = GatedSteps.gateSlot(index, gates[index], context, lit: lit)
        let h = GatedSteps.hiddenOut("h_t = (1−z_t)⊙n_t + z_t⊙h_{t-1}", context, lit: lit)
        let fifth = context.phase == .backward ? VectorSpec.gradientAtHidden(context, lit: lit) : .scores(context, name: "logits")
        return [.embedding(context, lit: lit), .hiddenIn(context, lit: lit), third, h, fifth]
    }
}
