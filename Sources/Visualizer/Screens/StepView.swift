import CellGrid
import Localization
import RNNCore
import ScopeNames

/// The main view: one time step's vectors, the softmax, the formula with its numbers, the
/// gradient bars and (in the full layout) the unrolled state and the loss curve.
struct StepView {
    let frame: Frame
    let layout: Layout

    var trace: Trace { frame.trace }
    var step: TraceStep { trace.step(frame.t) }

    func draw(on grid: inout CellGrid) {
        let explanation = frame.explanation
        let lit = explanation.panels
        Timeline(frame: frame).draw(in: layout.timeline, on: &grid, boxed: layout.isFull, highlighted: lit.contains(.timeline))
        let strings = frame.strings
        for (index, panel) in frame.cell.walkthrough.vectorPanels(frame.stepContext, lit: lit).enumerated() {
            guard panel.computed else {
                VectorPanel.drawPending(layout.isFull ? panel.title : panel.shortTitle, in: layout.vectorSlot(index), on: &grid, boxed: layout.isFull,
                                        strings: strings)
                continue
            }
            VectorPanel.draw(
                layout.isFull ? panel.title : panel.shortTitle, values: panel.values, scale: panel.scale, selected: panel.selected,
                in: layout.vectorSlot(index), on: &grid, boxed: layout.isFull, highlighted: panel.lit, rowHeight: layout.rowHeight)
        }
        SoftmaxPanel(step: step, vocabulary: trace.config.vocabulary, rowHeight: layout.rowHeight,
                     computed: frame.reveal.computed(.forward(.softmax), at: frame.t), backward: frame.phase == .backward, strings: strings)
            .draw(in: layout.softmax, on: &grid, boxed: layout.isFull, highlighted: lit.contains(.softmax))
        let formula = FormulaPanel(frame: frame, explanation: explanation)
        let (formulaRect, barsRect) = Self.formulaAndBars(layout, needed: formula.neededRows(width: layout.formula.width - 2))
        formula.draw(in: formulaRect, on: &grid, boxed: layout.isFull)
        if !layout.isFull, let partial = frame.partialGradients {
            // The compact layout has no unrolled panel: the accumulators take the bars' place.
            accumulator(partial).draw(in: barsRect, on: &grid)
        } else {
            GradientBarsPanel(trace: trace, t: frame.t, reveal: frame.reveal, strings: strings)
                .draw(in: barsRect, on: &grid, boxed: layout.isFull, highlighted: lit.contains(.gradientBars))
        }
        if layout.isFull {
            if let partial = frame.partialGradients {
                accumulator(partial).draw(in: layout.unrolled, on: &grid)
            } else {
                UnrolledPanel(trace: trace, phase: frame.phase, t: frame.t, unit: frame.unit, tallRows: layout.isLarge, reveal: frame.reveal,
                              strings: strings)
                    .draw(in: layout.unrolled, on: &grid, highlighted: lit.contains(.unrolled))
            }
            LossPanel(frame: frame).draw(in: layout.lossCurve, on: &grid, highlighted: lit.contains(.loss))
            TrainingSummary(frame: frame).draw(in: layout.trainingSummary, on: &grid)
        }
    }

    /// The accumulators for the sub-step on screen: the inspected row of W_hy is the output's
    /// focus character, E's the character x_t was read from.
    func accumulator(_ partial: PartialGradients) -> AccumulatorPanel {
        let context = frame.stepContext
        let row = frame.subStep == .backward(.embeddingGradient) ? step.token : context.focus
        return AccumulatorPanel(partial: partial, cell: frame.cell, length: trace.length, unit: frame.unit,
                                subStep: frame.subStep, row: row, rowName: context.quoted(row), strings: frame.strings)
    }

    /// The full layout's formula panel grows into the gradient bars below it when the
    /// sub-step's lines need more rows (the bars keep `minimumBarsHeight`: two bar rows and
    /// their labels).
    static func formulaAndBars(_ layout: Layout, needed: Int) -> (formula: Rect, bars: Rect) {
        var formula = layout.formula, bars = layout.gradientBars
        guard layout.isFull else { return (formula, bars) }
        let extra = max(0, min(needed - (formula.height - 2), bars.height - minimumBarsHeight))
        formula.height += extra
        bars.y += extra
        bars.height -= extra
        return (formula, bars)
    }

    static let minimumBarsHeight = 5
}
