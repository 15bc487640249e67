import CellGrid
import Localization
import Foundation
import RNNCore

/// Why gradients vanish or explode, in numbers: σ_max and ρ of W_hh, ‖dL/dh_k‖ on a log scale
/// under its bound σ_max^(T-k)·‖dL/dh_T‖ (Pascanu, Mikolov & Bengio 2013), and each step's
/// Jacobian norm ‖diag(f'(a_t)) W_hh‖.
struct GradientsView {
    let frame: Frame
    let layout: Layout

    func draw(on grid: inout CellGrid) {
        let body = layout.body
        let strings = frame.strings
        // The frame carries the analysis whenever this view is on screen.
        guard let analysis = frame.analysis else {
            let text = frame.analysisPending ? strings["grad.computing"] : strings["grad.none"]
            grid.put(text, x: body.x, y: body.y, style: Theme.dim, maxWidth: body.width)
            return
        }
        let trace = frame.trace
        let first = analysis.dhNorms.first ?? 0, last = analysis.dhNorms.last ?? 0
        let cell = trace.config.cell
        let matrix = cell.recurrentMatrixName
        let facts: [(String, Style)] = [
            ("σ_max(\(matrix)) = \(Self.format(analysis.sigmaMax))   ρ(\(matrix)) = \(Self.format(analysis.spectralRadius))   "
                + (cell.isGated ? strings("grad.facts.cell", ["cell": cell.title]) : strings("grad.facts.activation", ["activation": trace.config.activation.rawValue]))
                + "   T = \(trace.length)", Theme.numbers),
            (verdict(analysis), Theme.emphasis),
            ("‖dL/dh_1‖ = \(Self.format(first))   ‖dL/dh_T‖ = \(Self.format(last))   "
                + (cell.isGated ? strings("grad.facts.gated_path", ["path": cell.walkthrough.gatePath]) : strings["grad.facts.rnn_bound"]), Theme.label),
        ]
        let lines = facts.flatMap { fact in TextWrap.wrap(fact.0, width: body.width - 2).map { ($0, fact.1) } }
        // Short bodies (80×24, or a lesson's narration below) keep the plot: fewer lines of
        // numbers, smaller bars, and no bars at all before the plot drops under 6 rows.
        let short = body.height < 20
        let numbersHeight = min(lines.count, short ? 2 : 6) + 2
        var barsHeight = short ? 5 : max(6, body.height / 4)
        if body.height - numbersHeight - barsHeight < 6 { barsHeight = 0 }
        let plotHeight = body.height - numbersHeight - barsHeight

        let numbers = PanelFrame.draw(strings["grad.numbers.title"], in: Rect(x: body.x, y: body.y, width: body.width, height: numbersHeight),
                                      on: &grid, boxed: true, highlighted: false)
        for (index, line) in lines.prefix(numbers.height).enumerated() {
            grid.put(line.0, x: numbers.x, y: numbers.y + index, style: line.1, maxWidth: numbers.width)
        }

        let plotRect = Rect(x: body.x, y: body.y + numbersHeight, width: body.width, height: plotHeight)
        let plotTitle = cell.isGated ? strings["grad.plot.gated"] : strings["grad.plot.rnn"]
        let plot = PanelFrame.draw(plotTitle, in: plotRect, on: &grid, boxed: true, highlighted: false)
        LinePlot.draw([
            LinePlot.Series(values: analysis.bound.map(Float.init), color: Theme.rnnLine, label: strings["grad.plot.bound"]),
            LinePlot.Series(values: analysis.dhNorms.map(Float.init), color: Theme.gatedLine, label: "‖dL/dh_k‖"),
        ], logScale: true, in: plot, on: &grid, xLabel: "k")

        guard barsHeight > 0 else { return }
        let bottom = body.y + numbersHeight + plotHeight
        // In `every` mode each step has a loss: the T×T map shows which losses reach which states.
        let mapWidth = trace.config.lossMode == .every ? min(body.width / 2, max(30, trace.length + 4)) : 0
        if mapWidth > 0 {
            drawConnectivity(in: Rect(x: body.maxX - mapWidth, y: bottom, width: mapWidth, height: barsHeight), on: &grid)
        }
        let barsRect = Rect(x: body.x, y: bottom, width: body.width - mapWidth, height: barsHeight)
        let bars = PanelFrame.draw(cell.walkthrough.jacobianTitle(strings), in: barsRect, on: &grid, boxed: true, highlighted: false)
        LogBars.draw(analysis.jacobianNorms.map(Float.init), labels: (1...max(1, trace.length)).map(String.init),
                     highlight: frame.t - 1, in: bars, on: &grid, color: Theme.gradientBars)
    }

    /// log10 ‖∂L_t/∂h_k‖: rows t (loss step), columns k (state), eight decades of colour.
    func drawConnectivity(in rect: Rect, on grid: inout CellGrid) {
        let strings = frame.strings
        guard Connectivity.fits(frame.trace) else {
            let inner = PanelFrame.draw("‖∂L_t/∂h_k‖", in: rect, on: &grid, boxed: true, highlighted: false)
            let note = strings("grad.map.too_long", ["length": "\(frame.trace.length)"])
            for (row, line) in TextWrap.wrap(note, width: inner.width).prefix(max(0, inner.height)).enumerated() {
                grid.put(line, x: inner.x, y: inner.y + row, style: Theme.dim)
            }
            return
        }
        guard let norms = frame.connectivity else { return }
        let logs = norms.map { row in row.map { $0 > 0 ? Float(log10($0)) : -.infinity } }
        let top = logs.flatMap { $0 }.filter(\.isFinite).max() ?? 0
        let floor = top - 8
        let rows = logs.map { row in row.map { $0.isFinite ? max($0, floor) : floor } }
        let inner = PanelFrame.draw("‖∂L_t/∂h_k‖, t↓ k→", in: rect, on: &grid, boxed: true, highlighted: false)
        guard inner.height >= 2 else { return }
        let scale = ColorScale.sequential(low: floor, high: top)
        MatrixHeatmap.draw(rows, scale: scale, in: Rect(x: inner.x, y: inner.y, width: inner.width, height: inner.height - 1), on: &grid)
        grid.put(strings("grad.map.range", ["low": "\(Int(floor.rounded()))", "high": "\(Int(top.rounded()))"]), x: inner.x, y: inner.maxY - 1, style: Theme.dim, maxWidth: inner.width)
    }

    func verdict(_ analysis: GradientAnalysis) -> String {
        let strings = frame.strings
        guard analysis.sigmaMax.isFinite else { return strings["grad.verdict.non_finite"] }
        let cell = frame.trace.config.cell
        if cell.isGated {
            let jacobians = analysis.jacobianNorms.filter(\.isFinite)
            let mean = jacobians.isEmpty ? 0 : jacobians.reduce(0, +) / Double(jacobians.count)
            return strings("grad.verdict.gated", [
                "mean": Self.format(mean),
                "reading": mean < 0.9 ? strings("grad.verdict.gated_below", ["gate": cell.keepGateName]) : strings["grad.verdict.gated_near"]])
        }
        if frame.trace.config.activation == .tanh && analysis.sigmaMax < 1 {
            return strings["grad.verdict.tanh_below"]
        }
        // An orthogonal or identity W_hh has σ_max = 1 up to rounding: no step can stretch.
        if abs(analysis.sigmaMax - 1) < 1e-3 {
            return strings["grad.verdict.one"]
        }
        return analysis.sigmaMax < 1 ? strings["grad.verdict.below"] : strings["grad.verdict.above"]
    }

    static func format(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : "Inf" }
        return NumberText.value(value)
    }
}
