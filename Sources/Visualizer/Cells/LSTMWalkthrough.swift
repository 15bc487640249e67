import Foundation
import Localization
import RNNCore
import ScopeNames

/// PyTorch's LSTM step by step: gates i, f, g, o, the cell state c_t = f ⊙ c_{t-1} + i ⊙ g and
/// h_t = o ⊙ tanh(c_t); BPTT through the cell's highway, multiplied only by f.
struct LSTMWalkthrough: CellWalkthrough {
    func sequence(_ phase: Phase) -> [SubStep] {
        switch phase {
        case .forward:
            return [.forward(.embed), .gate(0), .gate(1), .gate(2), .gate(3), .forward(.cellState), .forward(.newHidden),
                    .forward(.logits), .forward(.softmax), .forward(.loss)]
        case .backward:
            return [.backward(.dLogits), .backward(.outputGradients), .backward(.dHidden), .backward(.dCell), .backward(.dGates), .backward(.weightGradients),
                    .backward(.embeddingGradient), .backward(.dHiddenPrevious)]
        }
    }

    func gates(_ strings: Strings) -> [GateInfo] {
        [
            GateInfo("i", strings["gates.lstm.i.role"], meaning: strings["gates.lstm.i.meaning"]),
            GateInfo("f", strings["gates.lstm.f.role"], meaning: strings["gates.lstm.f.meaning"]),
            GateInfo("g", strings["gates.lstm.g.role"], squash: "tanh", meaning: strings["gates.lstm.g.meaning"]),
            GateInfo("o", strings["gates.lstm.o.role"], meaning: strings["gates.lstm.o.meaning"]),
        ]
    }

    var scoresName: String { "z_t" }
    func jacobianTitle(_ strings: Strings) -> String { strings["gates.lstm.jacobian"] }
    var gatePath: String { "f ⊙ c" }
    func keepGateReading(_ strings: Strings) -> String? { strings["gates.lstm.keep_reading"] }

    func specificName(_ subStep: SubStep, _ strings: Strings) -> String? {
        let gates = gates(strings)
        if let index = subStep.gateIndex, index < gates.count { return gates[index].title }
        switch subStep {
        case .forward(.cellState): return "c_t = f⊙c_{t-1} + i⊙g"
        case .forward(.newHidden): return "h_t = o⊙tanh(c_t)"
        case .backward(.dCell): return "dL/dc_t"
        case .backward(.dGates): return "dL/d(\(strings["formula.symbol.gates"]))"
        default: return nil
        }
    }

    func explain(_ subStep: SubStep, _ context: StepContext) -> StepExplanation? {
        let (trace, step, t, i) = (context.trace, context.step, context.t, context.unit)
        let n = NumberText.self
        typealias A = Arithmetic
        let gate = { (letter: String) in GatedSteps.gate(letter, step)[i] }
        let strings = context.strings
        let gates = gates(strings)
        let g = strings["formula.symbol.gates"]
        if let index = subStep.gateIndex, index < gates.count { return GatedSteps.explainGate(index, gates[index], context) }
        switch subStep {
        case .forward(.cellState):
            let cPrev = step.cPrev?[i] ?? 0, c = step.c?[i] ?? 0
            return StepExplanation(
                title: strings["walk.lstm.cell.title"], formula: "c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t",
                inspector: [A.line("c_t[\(i)]", .sum([.product([.n(gate("f")), .n(cPrev)]), .product([.n(gate("i")), .n(gate("g"))])]), result: c),
                            strings["walk.lstm.cell.note"]],
                panels: [.gates, .cell])
        case .forward(.newHidden):
            return StepExplanation(
                title: strings["walk.lstm.hidden.title"], formula: "h_t = o_t ⊙ tanh(c_t)",
                inspector: [A.line("h_t[\(i)]", .product([.n(gate("o")), .function("tanh", .n(step.c?[i] ?? 0))]), result: step.h[i])],
                panels: [.cell, .h, .unrolled])
        case .backward(.dHidden):
            return .gradientReachingHidden(context, formula: "dL/dh_t = W_hyᵀ dL/dz_t + W_hhᵀ dL/d(\(g))_{t+1}", nextPath: "")
        case .backward(.dCell):
            let c = step.c?[i] ?? 0
            let next = t < trace.length ? trace.step(t + 1) : nil
            let fNext = next?.gate("f")?.values[i] ?? 0, dcNext = next?.dc?[i] ?? 0
            return StepExplanation(
                title: strings["walk.lstm.dcell.title"], formula: "dL/dc_t = dL/dh_t ⊙ o_t ⊙ (1 − tanh²c_t) + f_{t+1} ⊙ dL/dc_{t+1}",
                inspector: [
                    A.line("dL/dc_t[\(i)]", .sum([.product([.n(step.dh[i]), .n(gate("o")), .difference(.one, .square(.function("tanh", .n(c))))]),
                                                   .product([.n(fNext), .n(dcNext)])]), result: step.dc?[i] ?? 0),
                    strings["walk.lstm.dcell.highway"],
                ],
                panels: [.dh, .cell, .gradientBars])
        case .backward(.dGates):
            let (gi, gf, gg, go) = (gate("i"), gate("f"), gate("g"), gate("o"))
            let dc = step.dc?[i] ?? 0, dh = step.dh[i]
            return GatedSteps.explainGateGradients(
                formula: "dL/dĩ = dL/dc ⊙ g ⊙ i(1−i)   dL/df̃ = dL/dc ⊙ c_{t-1} ⊙ f(1−f)   dL/dg̃ = dL/dc ⊙ i ⊙ (1−g²)   dL/dõ = dL/dh ⊙ tanh(c) ⊙ o(1−o)",
                [("i", .product([.n(dc), .n(gg), .n(gi), .difference(.one, .n(gi))])),
                 ("f", .product([.n(dc), .n(step.cPrev?[i] ?? 0), .n(gf), .difference(.one, .n(gf))])),
                 ("g", .product([.n(dc), .n(gi), .difference(.one, .square(.n(gg)))])),
                 ("o", .product([.n(dh), .function("tanh", .n(step.c?[i] ?? 0)), .n(go), .difference(.one, .n(go))]))],
                context)
        case .backward(.weightGradients):
            return GatedSteps.explainWeightGradients(keep: 1, letter: "f", context)
        case .backward(.dHiddenPrevious):
            let dc = step.dc?[i] ?? 0
            var lines = ["(W_hhᵀ dL/d(\(g))_t)[\(i)] = \(n.value(GatedSteps.passedBack(context)))",
                         A.line("dL/dc_{t-1}[\(i)]", op: "←", .product([.n(gate("f")), .n(dc)]), result: gate("f") * dc)]
            if t == 1 { lines.append(strings["walk.back.ends.h0_c0"]) }
            return StepExplanation(title: strings["walk.back.title"], formula: "dL/dh_{t-1} ← W_hhᵀ dL/d(\(g))_t   dL/dc_{t-1} ← f_t ⊙ dL/dc_t",
                                   inspector: lines, panels: [.dh, .gates, .gradientBars])
        default:
            return nil
        }
    }

    /// The third slot shows the gate being computed (o while h_t is formed, else f, which decides
    /// what is kept) or dL/dc_t; the fifth the cell state (forward) or dL/dh_t (backward).
    func vectorPanels(_ context: StepContext, lit: Set<Panel>) -> [VectorSpec] {
        let (trace, step, unit) = (context.trace, context.step, context.unit)
        let strings = context.strings
        let gates = gates(strings)
        let fallback = context.subStep == .forward(.newHidden) ? 3 : 1
        let index = GatedSteps.shownGate(context, count: gates.count, fallback: fallback)
        var third = GatedSteps.gateSlot(index, gates[index], context, lit: lit)
        let h = GatedSteps.hiddenOut("h_t = o_t ⊙ tanh(c_t)", context, lit: lit)
        if context.phase == .backward {
            if context.subStep == .backward(.dCell), let dc = step.dc {
                third = VectorSpec(title: strings["step.panel.dcell"], shortTitle: "dL/dc_t", values: dc,
                                   scale: Scales.gradient(trace.steps.compactMap(\.dc)), selected: unit, lit: true)
                    .computed(context.computed(.backward(.dCell)))
            }
            return [.embedding(context, lit: lit), .hiddenIn(context, lit: lit), third, h, .gradientAtHidden(context, lit: lit)]
        }
        let c = VectorSpec(title: strings["step.panel.cell"], shortTitle: strings["step.panel.cell.short"], values: step.c ?? [],
                           scale: .diverging(fitting: trace.steps.flatMap { $0.c ?? [] }), selected: unit, lit: lit.contains(.cell))
            .computed(context.computed(.forward(.cellState)))
        return [.embedding(context, lit: lit), .hiddenIn(context, lit: lit), third, h, c]
    }
}
