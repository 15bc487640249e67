import CellGrid
import Localization
import Foundation
import RNNCore

/// W_hh, the memory's weights, as a half-block heatmap (one pixel per weight, square) beside
/// its gradient for the current sequence.
struct WeightsView {
    let frame: Frame
    let layout: Layout

    func draw(on grid: inout CellGrid) {
        let trace = frame.trace
        let H = trace.config.hidden
        let body = layout.body
        let strings = frame.strings
        let zoom = VectorPanel.zoom(count: H, width: body.width / 2 - 3)
        let natural = H * zoom + 3
        let leftWidth = natural <= body.width - 30 ? max(body.width / 2, natural) : body.width / 2
        let cell = trace.config.cell
        let rows = cell.gateCount * H
        let checkHeight = 4
        let height = body.height - checkHeight
        func squeezed(_ width: Int) -> Bool { H * zoom + 1 > width - 2 || (H * zoom + 1) / 2 + 1 > height - 2 }
        let blocks = cell.isGated ? strings("weights.blocks", ["names": cell.gateNames.joined(separator: ",")]) : ""
        let panels: [(String, FlatMatrix, Rect)] = [
            (Self.title("W_hh [\(rows)×\(H)]\(blocks)", room: leftWidth - 6, squeezed: squeezed(leftWidth), strings: strings),
             FlatMatrix(trace.parameters, .weightHH),
             Rect(x: body.x, y: body.y, width: leftWidth, height: height)),
            (strings["weights.gradient.title"], FlatMatrix(trace.gradients, .weightHH),
             Rect(x: body.x + leftWidth, y: body.y, width: body.width - leftWidth, height: height)),
        ]
        let (_, checked) = frame.checkedWeight
        for (title, matrix, rect) in panels {
            let scale = ColorScale.diverging(fitting: matrix.slice)
            let squeezed = squeezed(rect.width)
            let inner = PanelFrame.draw(title, note: squeezed ? strings["weights.averaged"] : "",
                                        shortNote: squeezed ? strings["weights.averaged.short"] : "", in: rect, on: &grid, boxed: true, highlighted: false)
            guard inner.height >= 2 else { continue }
            MatrixHeatmap.draw(matrix, zoom: zoom, scale: scale, in: inner, on: &grid,
                               highlightRow: checked[0] * zoom + zoom / 2, highlightColumn: checked[1] * zoom + zoom / 2)
            PanelFrame.drawBorderLegend(scale, under: rect, on: &grid)
        }
        drawCheck(in: Rect(x: body.x, y: body.y + height, width: body.width, height: checkHeight), on: &grid)
    }

    /// W_hh's title in `room` columns: what a row means, in a shorter wording where the
    /// longer does not fit beside the averaging note (PanelFrame drops the rest).
    static func title(_ name: String, room: Int, squeezed: Bool, strings: Strings = Strings(.en)) -> String {
        let note = squeezed ? 2 + DisplayWidth.of(strings["weights.averaged.short"]) : 0
        return [strings["weights.rows"], strings["weights.rows.short"]]
            .map { name + $0 }
            .first { DisplayWidth.of($0) + note <= room } ?? name + strings["weights.rows.short"]
    }

    /// The selected weight's gradient from BPTT beside a finite difference of the loss.
    func drawCheck(in rect: Rect, on grid: inout CellGrid) {
        let strings = frame.strings
        guard let check = frame.gradientCheck else {
            guard frame.gradientCheckPending else { return }
            let inner = PanelFrame.draw(strings["weights.check.title"], in: rect, on: &grid, boxed: true, highlighted: false)
            grid.put(strings["weights.check.pending"], x: inner.x, y: inner.y, style: Theme.dim, maxWidth: inner.width)
            return
        }
        let trace = frame.trace
        let H = trace.config.hidden
        let row = check.index[0], column = check.index[1]
        let name = trace.config.cell.isGated
            ? "W_h\(trace.config.cell.gateNames[row / H])[\(row % H),\(column)]" : "W_hh[\(row),\(column)]"
        let inner = PanelFrame.draw(strings("weights.check.title_for", ["name": name]), in: rect, on: &grid, boxed: true, highlighted: false)
        let difference = abs(check.numeric - Double(check.bptt))
        let resolution = GradientCheck.resolution(loss: trace.loss, epsilon: check.epsilon)
        let verdict = difference <= max(resolution, 1e-2 * abs(Double(check.bptt)))
            ? strings["weights.check.agree"] : strings("weights.check.differ", ["difference": GradientsView.format(difference)])
        let lines = [
            (strings("weights.check.values", [
                "bptt": String(format: "%.4e", check.bptt), "numeric": String(format: "%.4e", check.numeric), "verdict": verdict]), Theme.numbers),
            (strings("weights.check.how", ["epsilon": "\(check.epsilon)", "resolution": GradientsView.format(resolution)]), Theme.label),
        ]
        var y = inner.y
        for (text, style) in lines {
            for line in TextWrap.wrap(text, width: inner.width) where y < inner.maxY {
                grid.put(line, x: inner.x, y: y, style: style, maxWidth: inner.width)
                y += 1
            }
        }
    }
}
