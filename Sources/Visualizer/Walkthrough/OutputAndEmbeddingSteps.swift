import Localization
import RNNCore
import ScopeNames

/// The two parameter-gradient sub-steps every cell shares, outside the recurrent layer: the
/// output layer's (W_hy, b_y) right after dL/dz_t, and the embedding's (E) after the cell's own
/// weight gradients. Each shows this step's contribution to the inspected entry and the sum so
/// far over the steps BPTT has walked (T down to t), which at t=1 is the window's gradient from the
/// same pass the trainer runs (an epoch averages it over every window).
extension StepExplanation {
    /// dW_hy += dL/dz_t h_tᵀ, db_y += dL/dz_t, at row c (the target, else the top guess) and column i.
    static func outputGradients(_ context: StepContext) -> StepExplanation {
        let (trace, step, t, i) = (context.trace, context.step, context.t, context.unit)
        let c = context.focus, quoted = context.quoted(c)
        let z = trace.config.cell.walkthrough.scoresName
        let strings = context.strings
        typealias A = Arithmetic
        let dz = step.dLogits[c], h = step.h[i]
        // The sums over steps T … t+1, then with this step's part.
        var before: Float = 0, biasBefore: Float = 0
        for s in stride(from: trace.length, to: t, by: -1) {
            let later = trace.step(s)
            before += later.dLogits[c] * later.h[i]
            biasBefore += later.dLogits[c]
        }
        let steps = t == trace.length ? "t=\(t)" : "t=\(trace.length)…\(t)"
        var inspector: [String] = []
        if step.target == nil {
            inspector.append(strings("walk.outgrads.no_target", ["t": String(t), "T": String(trace.length), "z": z]))
        }
        inspector += [
            A.line("dW_hy[\(quoted),\(i)]", op: "+=", .product([.n(dz), .n(h)]), result: dz * h),
            A.line(strings("walk.so_far", ["entry": "dW_hy[\(quoted),\(i)]", "steps": steps]), .sum([.n(before), .n(dz * h)]), result: before + dz * h),
            A.line(strings("walk.so_far", ["entry": "db_y[\(quoted)]", "steps": steps]), .sum([.n(biasBefore), .n(dz)]), result: biasBefore + dz),
        ]
        if t == 1 {
            inspector.append(strings["walk.outgrads.whole"] + "dW_hy[\(quoted),\(i)] = "
                + "\(NumberText.value(trace.gradients.value(.weightHY, [c, i]))), db_y[\(quoted)] = \(NumberText.value(trace.gradients.value(.biasY, [c])))")
        }
        return StepExplanation(
            title: strings["walk.outgrads.title"],
            formula: "dW_hy += dL/d\(z) h_tᵀ   db_y += dL/d\(z)   " + strings["walk.outgrads.sums"],
            inspector: inspector, panels: [.softmax, .h, .weights])
    }

    /// x_t = E[c_t], so only row c_t of E gets a gradient at this step:
    /// dE[c_t] += W_ihᵀ d(input term)_t (the plain RNN's W_xhᵀ dL/da_t).
    static func embeddingGradient(_ context: StepContext) -> StepExplanation {
        let (trace, step, t, i) = (context.trace, context.step, context.t, context.unit)
        let c = step.token, quoted = context.quoted(c)
        let wih = trace.parameters.matrix(.weightIH)
        let gated = trace.config.cell.isGated
        let strings = context.strings
        let (w, d) = gated ? ("W_ih", "dL/d(\(strings["formula.symbol.gates"]))_t") : ("W_xh", "dL/da_t")
        typealias A = Arithmetic
        let dInput = step.dInputTerm
        let contribution = PartialGradients.embeddingContribution(step, weightIH: wih)[i]
        var before: Float = 0
        var readers: [Int] = []
        for s in stride(from: trace.length, to: t, by: -1) where trace.step(s).token == c {
            before += PartialGradients.embeddingContribution(trace.step(s), weightIH: wih)[i]
            readers.append(s)
        }
        let steps = t == trace.length ? "t=\(t)" : "t=\(trace.length)…\(t)"
        // The largest of the Σ_k's terms, worked out (a sum of G·H terms does not fit a line).
        let k = dInput.indices.max { abs(wih[$0, i] * dInput[$0]) < abs(wih[$1, i] * dInput[$1]) } ?? 0
        let H = trace.config.hidden
        let term: String
        if gated {
            let letter = trace.config.cell.gateNames[min(k / H, trace.config.cell.gateNames.count - 1)]
            term = "W_i\(letter)[\(k % H),\(i)] × dL/d\(letter)̃[\(k % H)]"
        } else {
            term = "W_xh[\(k),\(i)] × dL/da_t[\(k)]"
        }
        // Most telling first: the formula panel may cut the last lines on a small screen.
        var inspector = [
            "dE[\(quoted),\(i)] += Σ_k \(w)[k,\(i)] \(d)[k] = \(NumberText.value(contribution))",
            A.line(strings("walk.so_far", ["entry": "dE[\(quoted),\(i)]", "steps": steps]), .sum([.n(before), .n(contribution)]), result: before + contribution),
            strings("walk.embedgrad.other_rows", ["count": String(trace.config.vocabulary.count - 1), "t": String(t)])
                + (readers.isEmpty ? "" : strings("walk.embedgrad.also_read", ["char": quoted, "steps": readers.reversed().map(String.init).joined(separator: ",")])),
        ]
        if t == 1 {
            inspector.append(strings["walk.embedgrad.whole"] + "dE[\(quoted),\(i)] = \(NumberText.value(trace.gradients.value(.embedding, [c, i])))")
        }
        inspector.append(A.line(strings("walk.embedgrad.largest", ["count": String(dInput.count)]), symbolic: term, .product([.n(wih[k, i]), .n(dInput[k])]), result: wih[k, i] * dInput[k]))
        return StepExplanation(
            title: strings["walk.embedgrad.title"],
            formula: strings("walk.embedgrad.formula", ["char": quoted, "row": String(c)]) + "dE[c_t] += \(w)ᵀ \(d)",
            inspector: inspector, panels: [.x, gated ? .gates : .da, .weights])
    }
}
