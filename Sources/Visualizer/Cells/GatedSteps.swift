import Foundation
import Localization
import RNNCore
import ScopeNames

/// Sub-steps the GRU and the LSTM word alike: computing a gate, the weight gradients, and the
/// step view's slots. Each cell's walk-through calls these with its own gates and words.
enum GatedSteps {
    /// `letter`'s values and pre-activation gradients at this step.
    static func gate(_ letter: String, _ step: TraceStep) -> [Float] { step.gate(letter)?.values ?? [] }
    static func gradient(_ letter: String, _ step: TraceStep) -> [Float] { step.gate(letter)?.gradient ?? [] }

    /// Gate `index`: its input part and memory part, squashed.
    static func explainGate(_ index: Int, _ info: GateInfo, _ context: StepContext) -> StepExplanation {
        let (step, i, H) = (context.step, context.unit, context.hidden)
        let input = step.gatedInputTerm[index * H + i], memory = step.gatedHiddenTerm[index * H + i]
        let l = info.letter
        let strings = context.strings
        return StepExplanation(
            title: strings("walk.gate.title", ["letter": l, "role": info.role]), formula: info.formula,
            inspector: [Arithmetic.line("\(l)_t[\(i)]", .function(info.squash, .sum([.n(input), .n(memory)])), result: step.gates[index].values[i]),
                        strings("walk.gate.parts", ["letter": l]), info.meaning],
            panels: [.x, .hPrev, .gates])
    }

    /// dL/d(gates) for each gate at the selected unit, each worked out from its factors:
    /// `terms` pairs a gate's letter with the product the cell's backward step computes.
    static func explainGateGradients(formula: String, _ terms: [(String, Arithmetic)], _ context: StepContext) -> StepExplanation {
        let (step, i) = (context.step, context.unit)
        let lines = terms.map { letter, product in
            Arithmetic.line("dL/d\(letter)̃[\(i)]", product, result: gradient(letter, step)[i])
        }
        let strings = context.strings
        return StepExplanation(
            title: strings["walk.gates.back.title"], formula: formula,
            inspector: lines + [strings["walk.gates.back.tilde"]],
            panels: [.dh, .gates])
    }

    /// This step's contribution to the keep gate's weights (GRU's z, LSTM's f), with the
    /// finite-difference check of the summed gradient.
    static func explainWeightGradients(keep: Int, letter: String, _ context: StepContext) -> StepExplanation {
        let (trace, step, i, H) = (context.trace, context.step, context.unit, context.hidden)
        let n = NumberText.self
        let d = gradient(letter, step)[i]
        let strings = context.strings
        let g = strings["formula.symbol.gates"]
        return StepExplanation(
            title: strings["walk.weights.title"],
            formula: "dW_hh += dL/d(\(g))_t h_{t-1}ᵀ   dW_ih += dL/d(\(g))_t x_tᵀ   db += dL/d(\(g))_t",
            inspector: [
                Arithmetic.line("dW_h\(letter)[\(i),\(i)]", op: "+=", .product([.n(d), .n(step.hPrev[i])]), result: d * step.hPrev[i]),
                Arithmetic.line("dW_i\(letter)[\(i),\(i)]", op: "+=", .product([.n(d), .n(step.x[i])]), result: d * step.x[i]),
                "Σ_t dW_h\(letter)[\(i),\(i)] = \(n.value(trace.gradients.value(.weightHH, [keep * H + i, i])))"
                    + strings("walk.weights.finite_difference", ["value": n.value(context.numeric(keep * H + i, i))]),
            ],
            panels: [.gates, .hPrev, .x, .weights])
    }

    /// (W_hhᵀ dL/d(gates))[i]: the gradient the recurrent terms pass to h_{t-1}. `scale(k, j)`
    /// multiplies gate k's unit j (the GRU's candidate reads its memory through r).
    static func passedBack(_ context: StepContext, scale: (Int, Int) -> Float = { _, _ in 1 }) -> Float {
        let (w, step, i, H) = (context.trace.parameters, context.step, context.unit, context.hidden)
        var passed: Float = 0
        for (k, g) in step.gates.enumerated() {
            for j in 0..<H { passed += w.value(.weightHH, [k * H + j, i]) * g.gradient[j] * scale(k, j) }
        }
        return passed
    }

    /// The gate in the third slot: the one the sub-step computes, else `fallback`.
    static func shownGate(_ context: StepContext, count: Int, fallback: Int) -> Int {
        if let index = context.subStep.gateIndex { return min(index, count - 1) }
        return fallback
    }

    /// The third slot: gate `index` going forward, its gradient going backward.
    static func gateSlot(_ index: Int, _ info: GateInfo, _ context: StepContext, lit: Set<Panel>) -> VectorSpec {
        let (trace, step, unit) = (context.trace, context.step, context.unit)
        let values = step.gates[index]
        if context.phase == .backward {
            let all = trace.steps.map { $0.gates[index].gradient }
            let strings = context.strings
            let names = ["gate": "\(info.letter)̃", "role": info.role, "squash": info.squash]
            return VectorSpec(title: strings("gates.slot.gradient", names), shortTitle: strings("gates.slot.gradient.short", names),
                              values: values.gradient, scale: Scales.gradient(all), selected: unit, lit: lit.contains(.gates))
                .computed(context.computed(.backward(.dGates)))
        }
        let scale: ColorScale = info.squash == "σ" ? .sequential(low: 0, high: 1) : .diverging(limit: 1)
        let strings = context.strings
        return VectorSpec(title: "\(info.title) = \(info.squash)(…)  \(info.squash == "σ" ? strings["gates.slot.shut_open"] : "−1 … 1")",
                          shortTitle: info.title, values: values.values, scale: scale, selected: unit, lit: lit.contains(.gates))
            .computed(context.computed(.gate(index)))
    }

    /// h_t in the fourth slot, titled by the cell's formula.
    static func hiddenOut(_ formula: String, _ context: StepContext, lit: Set<Panel>) -> VectorSpec {
        let strings = context.strings
        return VectorSpec(title: strings("step.panel.memory_out.formula", ["formula": formula]), shortTitle: strings["step.panel.memory_out.short"], values: context.step.h,
                   scale: .diverging(limit: 1), selected: context.unit, lit: lit.contains(.h))
            .computed(context.computed(.forward(.newHidden)))
    }
}
