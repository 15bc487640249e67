import CellGrid
import Localization
import Foundation
import RNNCore

/// The plain RNN and a gated cell on the same sequence: both ‖dL/dh_k‖ curves on one log plot,
/// where a student sees gating keep the gradient alive over long spans, with each model's
/// numbers and both loss curves below.
struct CompareView {
    let frame: Frame
    let layout: Layout

    /// Colours of the two models, the same in every panel.
    static var rnnColor: Color { Theme.rnnLine }
    static var gatedColor: Color { Theme.gatedLine }

    func draw(on grid: inout CellGrid) {
        let body = layout.body
        let strings = frame.strings
        guard let partner = frame.partner, let partnerTrace = partner.trace else {
            if let catchUp = frame.partnerCatchUp {
                // Made and trained on a thread of its own: what it is doing, and how far it got.
                let inner = PanelFrame.draw(
                    strings["compare.numbers.title"], in: Rect(x: body.x, y: body.y, width: body.width, height: min(body.height, 8)),
                    on: &grid, boxed: true, highlighted: false)
                // The main model's numbers meanwhile, in its colour of the comparison.
                let mainStyle = Style(foreground: frame.cell.isGated ? Self.gatedColor : Self.rnnColor, bold: true)
                let lines = TextWrap.wrap(summary(frame.trace, epoch: frame.epoch), width: max(1, inner.width)).map { ($0, mainStyle) }
                    + TextWrap.wrap(progressText(catchUp), width: max(1, inner.width)).map { ($0, Theme.emphasis) }
                var row = inner.y
                for (line, style) in lines.prefix(max(0, inner.height - 1)) {
                    grid.put(line, x: inner.x, y: row, style: style, maxWidth: inner.width)
                    row += 1
                }
                if row < inner.maxY { drawProgressBar(catchUp, x: inner.x, y: row, width: inner.width, on: &grid) }
                return
            }
            grid.put(strings["compare.no_partner"], x: body.x, y: body.y, style: Theme.dim)
            return
        }
        // The RNN first in every list, whichever is the main model.
        let main = (trace: frame.trace, losses: frame.losses, epoch: frame.epoch)
        let other = (trace: partnerTrace, losses: partner.losses, epoch: partner.epoch)
        let models = frame.cell.isGated ? [other, main] : [main, other]
        let colors = [Self.rnnColor, Self.gatedColor]

        var facts = models.enumerated().map { index, model in
            (summary(model.trace, epoch: model.epoch), Style(foreground: colors[index], bold: true))
        }
        // A verdict only compares equals: two models trained for the same number of epochs.
        if main.epoch == other.epoch {
            facts.append((reading(rnn: models[0].trace, gated: models[1].trace), Theme.label))
        } else {
            facts.append((strings("compare.not_comparable", [
                "main": frame.cell.title, "main_epoch": "\(main.epoch)", "partner": partner.cell.title, "partner_epoch": "\(other.epoch)"]), Theme.emphasis))
        }
        // The partner catching up again with a main model that trained on meanwhile.
        if let catchUp = frame.partnerCatchUp { facts.append((progressText(catchUp), Theme.emphasis)) }
        let lines = facts.flatMap { fact in TextWrap.wrap(fact.0, width: body.width - 2).map { ($0, fact.1) } }
        // The numbers as tall as they need (up to half the body); the loss curves only where
        // the plot keeps at least 12 rows.
        let numbersHeight = min(lines.count + 2, max(4, body.height / 2))
        let lossHeight = body.height - numbersHeight >= 20 ? max(6, body.height / 4) : 0
        let plotHeight = body.height - numbersHeight - lossHeight

        let numbers = PanelFrame.draw(
            strings["compare.numbers.title"], in: Rect(x: body.x, y: body.y, width: body.width, height: numbersHeight),
            on: &grid, boxed: true, highlighted: false)
        for (row, (text, style)) in lines.prefix(max(0, numbers.height)).enumerated() {
            grid.put(text, x: numbers.x, y: numbers.y + row, style: style, maxWidth: numbers.width)
        }

        let plot = PanelFrame.draw(
            strings("compare.plot.title", ["length": "\(main.trace.length)"]),
            in: Rect(x: body.x, y: body.y + numbersHeight, width: body.width, height: plotHeight),
            on: &grid, boxed: true, highlighted: false)
        let series = models.enumerated().map { index, model in
            LinePlot.Series(values: model.trace.steps.map { Float(l2Norm($0.dh)) }, color: colors[index],
                            label: model.trace.config.cell.title)
        }
        LinePlot.draw(series, logScale: true, in: plot, on: &grid, xLabel: "k")

        guard lossHeight > 0 else { return }
        let lossRect = Rect(x: body.x, y: body.maxY - lossHeight, width: body.width, height: lossHeight)
        let lossInner = PanelFrame.draw(strings["compare.loss.title"], in: lossRect, on: &grid, boxed: true, highlighted: false)
        if models.allSatisfy({ $0.losses.isEmpty }) {
            grid.put(strings["compare.loss.untrained"], x: lossInner.x, y: lossInner.y, style: Theme.dim,
                     maxWidth: lossInner.width)
        } else {
            LinePlot.draw(models.enumerated().map { LinePlot.Series(values: $0.element.losses, color: colors[$0.offset]) },
                          logScale: frame.ui.logScale, in: lossInner, on: &grid, xLabel: strings["train.axis.epoch"])
        }
    }

    /// "The LSTM is catching up with the RNN: epoch 3 of 12 …", or "Making the LSTM …" (no epochs to train).
    func progressText(_ catchUp: Lab.PartnerCatchUpProgress) -> String {
        let strings = frame.strings
        guard catchUp.target > catchUp.start else {
            return strings("compare.making", ["cell": catchUp.cell.title, "main": frame.cell.title])
        }
        return strings("compare.catching_up", [
            "cell": catchUp.cell.title, "main": frame.cell.title, "reached": "\(catchUp.reached)", "target": "\(catchUp.target)"])
    }

    /// The catch-up's epochs done as a bar: [██████······] 50%.
    func drawProgressBar(_ catchUp: Lab.PartnerCatchUpProgress, x: Int, y: Int, width: Int, on grid: inout CellGrid) {
        let total = catchUp.target - catchUp.start
        guard total > 0, width >= 12 else { return }
        let done = Double(catchUp.reached - catchUp.start) / Double(total)
        let percent = " \(Int((done * 100).rounded(.down)))%"
        let cells = min(40, width - percent.count - 2)
        let filled = Int((done * Double(cells)).rounded(.down))
        grid.put("[", x: x, y: y, style: Theme.dim)
        grid.put(String(repeating: "█", count: filled), x: x + 1, y: y, style: Theme.emphasis)
        grid.put(String(repeating: "·", count: cells - filled), x: x + 1 + filled, y: y, style: Theme.dim)
        grid.put("]" + percent, x: x + 1 + cells, y: y, style: Theme.dim)
    }

    /// "RNN  epoch 40  loss 2.310  ‖dL/dh_1‖ 3.1e-06  ‖dL/dh_T‖ 0.52  t=1 gets 1/167,000 of t=T"
    func summary(_ trace: Trace, epoch: Int) -> String {
        let norms = trace.steps.map { Float(l2Norm($0.dh)) }
        let first = norms.first ?? 0, last = norms.last ?? 0
        let strings = frame.strings
        var text = strings("compare.summary", [
            "cell": trace.config.cell.title.padding(toLength: 5, withPad: " ", startingAt: 0), "epoch": "\(epoch)",
            "loss": NumberText.precise(trace.loss), "first": NumberText.value(first), "last": NumberText.value(last)])
        let fading = Self.fading(norms, strings)
        if !fading.isEmpty { text += "  \(fading)" }
        if let keep = Self.keepGate(trace) {
            text += "  " + strings("compare.keep", ["gate": keep.name, "mean": NumberText.value(keep.mean), "best": NumberText.value(keep.bestUnit)])
        }
        return text
    }

    /// "t=1 gets 1/167,000 of t=40" in `strings`' language (`GradientBarsPanel.fading`'s words).
    static func fading(_ norms: [Float], _ strings: Strings) -> String {
        guard let first = norms.first, let last = norms.last, last > 0, last.isFinite else { return "" }
        let ratio = Double(last) / Double(first)
        guard ratio.isFinite else { return strings["compare.fading.none"] }
        guard ratio > 1 else { return "" }
        return strings("compare.fading", ["ratio": NumberText.ratio(ratio), "length": "\(norms.count)"])
    }

    /// The gate that carries memory (and gradient) across steps: GRU's z, LSTM's f. `mean`
    /// over every unit and step; `bestUnit`, the largest of the units' means over the steps:
    /// the gradient travels back through the units whose gate stays near 1, not the average.
    static func keepGate(_ trace: Trace) -> (name: String, mean: Float, bestUnit: Float)? {
        let letter = trace.config.cell.keepGateName
        let rows = trace.steps.compactMap { $0.gate(letter)?.values }
        guard let width = rows.first?.count, width > 0 else { return nil }
        var unitSums = [Float](repeating: 0, count: width)
        for row in rows { for (u, v) in row.prefix(width).enumerated() { unitSums[u] += v } }
        let mean = unitSums.reduce(0, +) / Float(width * rows.count)
        let best = (unitSums.max() ?? 0) / Float(rows.count)
        return (letter, mean, best)
    }

    /// One sentence comparing how far back each gradient reaches.
    func reading(rnn: Trace, gated: Trace) -> String {
        /// log10(‖dL/dh_1‖ / ‖dL/dh_T‖), nil when the gradient underflowed to 0 before t=1.
        func decades(_ trace: Trace) -> Double? {
            let norms = trace.steps.map { l2Norm($0.dh) }
            guard let first = norms.first, let last = norms.last, first > 0, last > 0, first.isFinite, last.isFinite else { return nil }
            return log10(last / first)
        }
        /// "1 decade", "3 decades".
        let strings = frame.strings
        func decadesText(_ x: Double) -> String { EventText.count(Int(x.rounded()), "compare.count.decade", strings) }
        let name = gated.config.cell.title
        let gate = gated.config.cell.keepGateName
        switch (decades(rnn), decades(gated)) {
        case (nil, nil):
            return strings["compare.reading.both_underflow"]
        case (nil, let b?):
            return strings("compare.reading.rnn_underflow", ["name": name, "decades": decadesText(b), "gate": gate])
        case (let a?, nil):
            return strings("compare.reading.gated_underflow", ["name": name, "decades": decadesText(a), "gate": gate])
        case (let a?, let b?) where b + 0.5 < a:
            return strings("compare.reading.gated_better", ["rnn": decadesText(a), "name": name, "gated": "\(Int(max(0, b).rounded()))", "gate": gate])
        case (let a?, let b?):
            return strings("compare.reading.similar", ["rnn": "\(Int(a.rounded()))", "name": name, "gated": decadesText(b), "gate": gate])
        }
    }
}
