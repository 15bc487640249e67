import CellGrid
import RNNCore

/// The main view: one time step's vectors, the softmax, the formula with its numbers, and
/// (in the full layout) the unrolled state, the gradient bars and the loss curve.
struct StepView {
    let explorer: Explorer
    let layout: Layout

    var trace: Trace { explorer.trace }
    var step: TraceStep { trace.step(explorer.t) }

    func draw(on grid: inout CellGrid) {
        let explanation = StepExplanation(subStep: explorer.subStep, trace: trace, t: explorer.t, unit: explorer.unit)
        let lit = explanation.panels
        Timeline(explorer: explorer).draw(in: layout.timeline, on: &grid, boxed: layout.isFull, highlighted: lit.contains(.timeline))
        for (index, panel) in vectorPanels.enumerated() {
            VectorPanel.draw(
                panel.title, values: panel.values, scale: panel.scale, selected: explorer.unit,
                in: layout.vectorSlot(index), on: &grid, boxed: layout.isFull, highlighted: lit.contains(panel.id))
        }
        SoftmaxPanel(step: step, vocabulary: trace.config.vocabulary)
            .draw(in: layout.softmax, on: &grid, boxed: layout.isFull, highlighted: lit.contains(.softmax))
        FormulaPanel(explorer: explorer, explanation: explanation)
            .draw(in: layout.formula, on: &grid, boxed: layout.isFull, highlighted: lit.contains(.formula) || true)
        UnrolledPanel(trace: trace, phase: explorer.phase, t: explorer.t, unit: explorer.unit)
            .draw(in: layout.unrolled, on: &grid, boxed: layout.isFull, highlighted: lit.contains(.unrolled))
        GradientBarsPanel(trace: trace, t: explorer.t)
            .draw(in: layout.gradientBars, on: &grid, boxed: layout.isFull, highlighted: lit.contains(.gradientBars))
        if layout.isFull {
            LossPanel(explorer: explorer).draw(in: layout.lossCurve, on: &grid, highlighted: lit.contains(.loss))
            TrainingSummary(explorer: explorer).draw(in: layout.trainingSummary, on: &grid)
        }
    }

    struct VectorSpec {
        let id: Panel
        let title: String
        let values: [Float]
        let scale: ColorScale
    }

    /// Forward shows what the step computes; backward swaps in the gradients.
    var vectorPanels: [VectorSpec] {
        let hScale = Scales.hidden(trace)
        let x = VectorSpec(id: .x, title: "x_t  embedding of \(quoted(step.token))", values: step.x, scale: .diverging(fitting: trace.steps.flatMap(\.x)))
        let hPrev = VectorSpec(id: .hPrev, title: "h_{t-1}  memory in", values: step.hPrev, scale: hScale)
        let a = VectorSpec(id: .a, title: "a_t = W_xh x_t + b_ih + W_hh h_{t-1} + b_hh", values: step.a, scale: .diverging(fitting: trace.steps.flatMap(\.a)))
        let h = VectorSpec(id: .h, title: "h_t = \(trace.config.activation.rawValue)(a_t)  memory out", values: step.h, scale: hScale)
        let dh = VectorSpec(id: .dh, title: "dL/dh_t", values: step.dh, scale: Scales.gradient(trace.steps.map(\.dh)))
        let da = VectorSpec(id: .da, title: "dL/da_t", values: step.da, scale: Scales.gradient(trace.steps.map(\.da)))
        return explorer.phase == .forward ? [x, hPrev, a, h] : [hPrev, h, dh, da]
    }

    func quoted(_ token: Int) -> String { StepExplanation.quote(trace.config.vocabulary.symbol(at: token)) }
}

/// Colour scales shared by the views, fixed over the whole sequence so steps compare.
enum Scales {
    /// tanh states live in [-1, 1]; relu states are scaled to their largest value.
    static func hidden(_ trace: Trace) -> ColorScale {
        trace.config.activation == .tanh ? .diverging(limit: 1) : .diverging(fitting: trace.steps.flatMap(\.h))
    }

    /// One scale for a gradient at every step, so fading shows as paler colour.
    static func gradient(_ perStep: [[Float]]) -> ColorScale {
        .diverging(fitting: perStep.flatMap { $0 })
    }
}
