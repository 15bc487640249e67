import CellGrid
import RNNCore

/// The main view: one time step's vectors, the softmax, the formula with its numbers, the
/// gradient bars and (in the full layout) the unrolled state and the loss curve.
struct StepView {
    let explorer: Explorer
    let layout: Layout

    var trace: Trace { explorer.trace }
    var step: TraceStep { trace.step(explorer.t) }

    func draw(on grid: inout CellGrid) {
        let explanation = StepExplanation(explorer: explorer)
        let lit = explanation.panels
        Timeline(explorer: explorer).draw(in: layout.timeline, on: &grid, boxed: layout.isFull, highlighted: lit.contains(.timeline))
        for (index, panel) in vectorPanels(lit: lit).enumerated() {
            VectorPanel.draw(
                layout.isFull ? panel.title : panel.shortTitle, values: panel.values, scale: panel.scale, selected: panel.selected,
                in: layout.vectorSlot(index), on: &grid, boxed: layout.isFull, highlighted: panel.lit)
        }
        SoftmaxPanel(step: step, vocabulary: trace.config.vocabulary)
            .draw(in: layout.softmax, on: &grid, boxed: layout.isFull, highlighted: lit.contains(.softmax))
        FormulaPanel(explorer: explorer, explanation: explanation).draw(in: layout.formula, on: &grid, boxed: layout.isFull)
        GradientBarsPanel(trace: trace, t: explorer.t)
            .draw(in: layout.gradientBars, on: &grid, boxed: layout.isFull, highlighted: lit.contains(.gradientBars))
        if layout.isFull {
            UnrolledPanel(trace: trace, phase: explorer.phase, t: explorer.t, unit: explorer.unit)
                .draw(in: layout.unrolled, on: &grid, highlighted: lit.contains(.unrolled))
            LossPanel(explorer: explorer).draw(in: layout.lossCurve, on: &grid, highlighted: lit.contains(.loss))
            TrainingSummary(explorer: explorer).draw(in: layout.trainingSummary, on: &grid)
        }
    }

    struct VectorSpec {
        let title: String
        let shortTitle: String
        let values: [Float]
        let scale: ColorScale
        let selected: Int?
        let lit: Bool
    }

    /// Five slots that keep their places: x_t and h_{t-1} on top in both phases, h_t in the
    /// fourth; backward swaps a_t for dL/da_t and the scores z_t for dL/dh_t, so the gradient
    /// climbs the column from the bottom as the forward pass went down it.
    func vectorPanels(lit: Set<Panel>) -> [VectorSpec] {
        if trace.config.cell.isGated { return gatedPanels(lit: lit) }
        let unit = explorer.unit
        let f = trace.config.activation.rawValue
        let x = VectorSpec(title: "x_t  embedding of \(quoted(step.token))", shortTitle: "x_t  embedding of \(quoted(step.token))", values: step.x,
                           scale: .diverging(fitting: trace.steps.flatMap(\.x)), selected: unit, lit: lit.contains(.x))
        let hPrev = VectorSpec(title: "h_{t-1}  memory in", shortTitle: "h_{t-1}  memory in", values: step.hPrev,
                               scale: Scales.hidden(trace), selected: unit, lit: lit.contains(.hPrev))
        let h = VectorSpec(title: "h_t = \(f)(a_t)  memory out", shortTitle: "h_t = \(f)(a_t)", values: step.h,
                           scale: Scales.hidden(trace), selected: unit, lit: lit.contains(.h))
        guard explorer.phase == .forward else {
            let da = VectorSpec(title: "dL/da_t = dL/dh_t ⊙ \(f)'(a_t)", shortTitle: "dL/da_t", values: step.da,
                                scale: Scales.gradient(trace.steps.map(\.da)), selected: unit, lit: lit.contains(.da))
            let dh = VectorSpec(title: "dL/dh_t  gradient arriving at h_t", shortTitle: "dL/dh_t", values: step.dh,
                                scale: Scales.gradient(trace.steps.map(\.dh)), selected: unit, lit: lit.contains(.dh))
            return [x, hPrev, da, h, dh]
        }
        let a = VectorSpec(title: "a_t = W_xh x_t + b_ih + W_hh h_{t-1} + b_hh", shortTitle: "a_t  input + memory", values: step.a,
                           scale: .diverging(fitting: trace.steps.flatMap(\.a)), selected: unit, lit: lit.contains(.a))
        // z_t has no panel id of its own: it is what the logits and softmax sub-steps work on.
        let scoring = explorer.subStep == .forward(.logits) || explorer.subStep == .forward(.softmax)
        let z = VectorSpec(title: "z_t = W_hy h_t + b_y  a score per character, ◆ \(quoted(focus))", shortTitle: "z_t  scores, ◆ \(quoted(focus))",
                           values: step.logits, scale: .diverging(fitting: trace.steps.flatMap(\.logits)), selected: focus, lit: scoring)
        return [x, hPrev, a, h, z]
    }

    /// A gated cell's five slots: x_t and h_{t-1} on top, h_t fourth as for the RNN; the third
    /// shows the gate the sub-step works on (its gradient going backward), the fifth the LSTM's
    /// cell state c_t or the GRU's scores (forward), dL/dh_t (backward).
    func gatedPanels(lit: Set<Panel>) -> [VectorSpec] {
        let unit = explorer.unit
        let cell = trace.config.cell
        let x = VectorSpec(title: "x_t  embedding of \(quoted(step.token))", shortTitle: "x_t  embedding of \(quoted(step.token))", values: step.x,
                           scale: .diverging(fitting: trace.steps.flatMap(\.x)), selected: unit, lit: lit.contains(.x))
        let hPrev = VectorSpec(title: "h_{t-1}  memory in", shortTitle: "h_{t-1}  memory in", values: step.hPrev,
                               scale: .diverging(limit: 1), selected: unit, lit: lit.contains(.hPrev))
        let hTitle = cell == .lstm ? "h_t = o_t ⊙ tanh(c_t)  memory out" : "h_t = (1−z_t)⊙n_t + z_t⊙h_{t-1}  memory out"
        let h = VectorSpec(title: hTitle, shortTitle: "h_t  memory out", values: step.h, scale: .diverging(limit: 1),
                           selected: unit, lit: lit.contains(.h))
        let index = shownGate
        let info = GateInfo(cell: cell, index: index)
        let gateValues = step.gates[index]
        if explorer.phase == .backward {
            let dh = VectorSpec(title: "dL/dh_t  gradient arriving at h_t", shortTitle: "dL/dh_t", values: step.dh,
                                scale: Scales.gradient(trace.steps.map(\.dh)), selected: unit, lit: lit.contains(.dh))
            if explorer.subStep == .backward(.dCell), let dc = step.dc {
                let dcSpec = VectorSpec(title: "dL/dc_t  gradient reaching the cell state", shortTitle: "dL/dc_t", values: dc,
                                        scale: Scales.gradient(trace.steps.compactMap(\.dc)), selected: unit, lit: true)
                return [x, hPrev, dcSpec, h, dh]
            }
            let all = trace.steps.map { $0.gates[index].gradient }
            let dGate = VectorSpec(title: "dL/d\(info.letter)̃_t  through the \(info.role)'s \(info.squash)", shortTitle: "dL/d\(info.letter)̃_t  (\(info.role))",
                                   values: gateValues.gradient, scale: Scales.gradient(all), selected: unit, lit: lit.contains(.gates))
            return [x, hPrev, dGate, h, dh]
        }
        let gateScale: ColorScale = info.squash == "σ" ? .sequential(low: 0, high: 1) : .diverging(limit: 1)
        let gate = VectorSpec(title: "\(info.title) = \(info.squash)(…)  \(info.squash == "σ" ? "0 shut … 1 open" : "−1 … 1")",
                              shortTitle: "\(info.title)", values: gateValues.values, scale: gateScale, selected: unit,
                              lit: lit.contains(.gates))
        if cell == .lstm, let c = step.c {
            let cSpec = VectorSpec(title: "c_t  cell state (its own scale)", shortTitle: "c_t  cell state", values: c,
                                   scale: .diverging(fitting: trace.steps.flatMap { $0.c ?? [] }), selected: unit, lit: lit.contains(.cell))
            return [x, hPrev, gate, h, cSpec]
        }
        let scoring = explorer.subStep == .forward(.logits) || explorer.subStep == .forward(.softmax)
        let logits = VectorSpec(title: "logits = W_hy h_t + b_y  a score per character, ◆ \(quoted(focus))", shortTitle: "logits, ◆ \(quoted(focus))",
                                values: step.logits, scale: .diverging(fitting: trace.steps.flatMap(\.logits)), selected: focus, lit: scoring)
        return [x, hPrev, gate, h, logits]
    }

    /// The gate in the third slot: the one the sub-step computes, else the one that decides
    /// what is kept (GRU's z, LSTM's f), or the LSTM's o when h_t is formed.
    var shownGate: Int {
        if let index = explorer.subStep.gateIndex { return min(index, trace.config.cell.gateCount - 1) }
        if trace.config.cell == .lstm && explorer.subStep == .forward(.newHidden) { return 3 }
        return trace.config.cell.keepGate ?? 0
    }

    /// The character the output panels talk about: the target, or the top guess when the
    /// step has none (the same rule as the inspector's).
    var focus: Int { step.target ?? step.probs.indices.max { step.probs[$0] < step.probs[$1] } ?? 0 }

    func quoted(_ token: Int) -> String { StepExplanation.quote(trace.config.vocabulary.symbol(at: token)) }
}

/// Colour scales shared by the views, fixed over the whole sequence so steps compare.
enum Scales {
    /// tanh (and gated) states live in [-1, 1]; relu states are scaled to their largest value.
    static func hidden(_ trace: Trace) -> ColorScale {
        trace.config.activation == .tanh || trace.config.cell.isGated
            ? .diverging(limit: 1) : .diverging(fitting: trace.steps.flatMap(\.h))
    }

    /// One scale for a gradient at every step, so fading shows as paler colour.
    static func gradient(_ perStep: [[Float]]) -> ColorScale {
        .diverging(fitting: perStep.flatMap { $0 })
    }
}
