import Foundation
import RNNCore

/// The formula panel's words and numbers for the sub-steps of a GRU or LSTM step: each gate,
/// the cell state, the new h_t, and their gradients. Every number comes from the trace.
struct GatedExplanation {
    let title: String
    let formula: String
    let inspector: [String]
    let panels: Set<Panel>

    /// nil for the sub-steps every cell shares (embedding, output, loss), which
    /// `StepExplanation` words the same way for all cells.
    /// `numeric(row, column)`: the finite-difference estimate of dL/dW_hh[row, column].
    init?(subStep: SubStep, trace: Trace, t: Int, unit i: Int, numeric: (Int, Int) -> Float) {
        let cell = trace.config.cell
        guard cell.isGated else { return nil }
        let step = trace.step(t)
        let H = trace.config.hidden
        let n = NumberText.self
        let gates = step.gates
        func gate(_ letter: String) -> [Float] { gates.first { $0.name == letter }?.values ?? [] }
        func grad(_ letter: String) -> [Float] { gates.first { $0.name == letter }?.gradient ?? [] }

        if let index = subStep.gateIndex, index < gates.count {
            let info = GateInfo(cell: cell, index: index)
            let input = step.gatedInputTerm[index * H + i], memory = step.gatedHiddenTerm[index * H + i]
            let value = gates[index].values[i]
            title = "\(info.letter)_t, the \(info.role)"
            formula = info.formula
            let l = info.letter
            if cell == .gru && l == "n" {
                let r = gate("r")[i]
                inspector = ["n_t[\(i)] = tanh(\(n.value(input)) + \(n.value(r)) × \(n.term(memory))) = \(n.precise(value))",
                             "(input part) + r_t × (memory part): r near 0 hides the old memory", info.meaning]
            } else {
                inspector = ["\(l)_t[\(i)] = \(info.squash)(\(n.value(input)) + \(n.term(memory))) = \(n.precise(value))",
                             "(input part W_i\(l) x_t + b_i\(l)) + (memory part W_h\(l) h_{t-1} + b_h\(l))", info.meaning]
            }
            panels = [.x, .hPrev, .gates]
            return
        }
        switch subStep {
        case .forward(.cellState):
            let (f, ig, g) = (gate("f")[i], gate("i")[i], gate("g")[i])
            let cPrev = step.cPrev?[i] ?? 0, c = step.c?[i] ?? 0
            title = "Update the cell state"
            formula = "c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t"
            inspector = ["c_t[\(i)] = \(n.value(f)) × \(n.term(cPrev)) + \(n.value(ig)) × \(n.term(g)) = \(n.precise(c))",
                         "keep (forget gate × old cell) + write (input gate × candidate): an addition, so the gradient flows back through f alone"]
            panels = [.gates, .cell]
        case .forward(.newHidden) where cell == .lstm:
            let (o, c) = (gate("o")[i], step.c?[i] ?? 0)
            title = "The new hidden state"
            formula = "h_t = o_t ⊙ tanh(c_t)"
            inspector = ["h_t[\(i)] = \(n.value(o)) × tanh(\(n.value(c))) = \(n.precise(step.h[i]))"]
            panels = [.cell, .h, .unrolled]
        case .forward(.newHidden):
            let (z, candidate, hPrev) = (gate("z")[i], gate("n")[i], step.hPrev[i])
            title = "Blend old memory and new content"
            formula = "h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t-1}"
            inspector = ["h_t[\(i)] = (1 − \(n.value(z))) × \(n.term(candidate)) + \(n.value(z)) × \(n.term(hPrev)) = \(n.precise(step.h[i]))",
                         "z near 1 copies h_{t-1} through unchanged, and with it the gradient"]
            panels = [.gates, .hPrev, .h, .unrolled]
        case .backward(.dHidden):
            title = "Gradient reaching h_t"
            formula = cell == .gru
                ? "dL/dh_t = W_hyᵀ dL/dz_t + z_{t+1} ⊙ dL/dh_{t+1} + W_hhᵀ dL/d(gates)_{t+1}"
                : "dL/dh_t = W_hyᵀ dL/dz_t + W_hhᵀ dL/d(gates)_{t+1}"
            inspector = ["dL/dh_t[\(i)] = \(n.value(step.dhFromOutput[i])) + \(n.term(step.dhFromNext[i])) = \(n.value(step.dh[i]))",
                         t == trace.length ? "(from this step's output) + (nothing: no step comes after t=\(t))"
                             : "(from this step's output) + (from step \(t + 1))"]
            panels = [.dh, .gradientBars]
        case .backward(.dCell):
            let (o, c, dc) = (gate("o")[i], step.c?[i] ?? 0, step.dc?[i] ?? 0)
            let tc = tanhf(c)
            let next = t < trace.length ? trace.step(t + 1) : nil
            let fNext = next?.gate("f")?.values[i] ?? 0, dcNext = next?.dc?[i] ?? 0
            title = "Gradient reaching the cell state"
            formula = "dL/dc_t = dL/dh_t ⊙ o_t ⊙ (1 − tanh²c_t) + f_{t+1} ⊙ dL/dc_{t+1}"
            inspector = [
                "dL/dc_t[\(i)] = \(n.value(step.dh[i])) × \(n.value(o)) × \(n.value(1 - tc * tc)) + \(n.value(fNext)) × \(n.term(dcNext)) = \(n.value(dc))",
                "the second term is the cell's highway: multiplied only by the forget gate f, never by W_hh",
            ]
            panels = [.dh, .cell, .gradientBars]
        case .backward(.dGates):
            title = "Back through each gate"
            formula = cell == .gru
                ? "dL/dñ = dL/dh ⊙ (1−z) ⊙ (1−n²)   dL/dz̃ = dL/dh ⊙ (h_{t-1}−n) ⊙ z(1−z)   dL/dr̃ = dL/dñ ⊙ (W_hn h + b_hn) ⊙ r(1−r)"
                : "dL/dĩ = dL/dc ⊙ g ⊙ i(1−i)   dL/df̃ = dL/dc ⊙ c_{t-1} ⊙ f(1−f)   dL/dg̃ = dL/dc ⊙ i ⊙ (1−g²)   dL/dõ = dL/dh ⊙ tanh(c) ⊙ o(1−o)"
            inspector = [gates.map { "dL/d\($0.name)̃[\(i)] = \(n.value($0.gradient[i]))" }.joined(separator: "   "),
                         "(~ marks a gate's pre-activation, the argument of its σ or tanh)"]
            panels = [.dh, .gates]
        case .backward(.weightGradients):
            let p = trace.gradients
            let letters = cell.gateNames
            let key = cell.keepGate ?? 0
            let d = grad(letters[key])[i]
            title = "Contributions to the weight gradients"
            formula = "dW_hh += dL/d(gates)_t h_{t-1}ᵀ   dW_ih += dL/d(gates)_t x_tᵀ   db += dL/d(gates)_t"
            inspector = [
                "dW_h\(letters[key])[\(i),\(i)] += \(n.value(d)) × \(n.term(step.hPrev[i])) = \(n.value(d * step.hPrev[i]))",
                "dW_i\(letters[key])[\(i),\(i)] += \(n.value(d)) × \(n.term(step.x[i])) = \(n.value(d * step.x[i]))",
                "Σ_t dW_h\(letters[key])[\(i),\(i)] = \(n.value(p.value(.weightHH, [key * H + i, i]))), "
                    + "finite difference \(n.value(numeric(key * H + i, i)))",
            ]
            panels = [.gates, .hPrev, .x, .weights]
        case .backward(.dHiddenPrevious):
            // W_hhᵀ applied to the gradient of the recurrent terms (GRU: n's block through r).
            let w = trace.parameters
            var passed: Float = 0
            for (k, g) in gates.enumerated() {
                for j in 0..<H {
                    let scale = cell == .gru && g.name == "n" ? gate("r")[j] : 1
                    passed += w.value(.weightHH, [k * H + j, i]) * g.gradient[j] * scale
                }
            }
            var lines: [String]
            title = "Pass the gradient back in time"
            if cell == .gru {
                let direct = gate("z")[i] * step.dh[i]
                formula = "dL/dh_{t-1} ← z_t ⊙ dL/dh_t + W_hhᵀ dL/d(gates)_t"
                lines = ["dL/dh_{t-1}[\(i)] ← \(n.value(gate("z")[i])) × \(n.term(step.dh[i])) + \(n.term(passed)) = \(n.value(direct + passed))",
                         "(direct path through z: no weight matrix, no squashing) + (through W_hh)"]
            } else {
                let dcPrev = gate("f")[i] * (step.dc?[i] ?? 0)
                formula = "dL/dh_{t-1} ← W_hhᵀ dL/d(gates)_t   dL/dc_{t-1} ← f_t ⊙ dL/dc_t"
                lines = ["(W_hhᵀ dL/d(gates)_t)[\(i)] = \(n.value(passed))",
                         "dL/dc_{t-1}[\(i)] ← \(n.value(gate("f")[i])) × \(n.term(step.dc?[i] ?? 0)) = \(n.value(dcPrev))"]
            }
            if t == 1 { lines.append(cell == .lstm ? "h_0 and c_0 are constants: BPTT ends here" : "h_0 is a constant: BPTT ends here") }
            inspector = lines
            panels = [.dh, .gates, .gradientBars]
        default:
            return nil
        }
    }
}
