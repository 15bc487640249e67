import CellGrid
import Localization
import RNNCore

/// The sequence through time: h_t, dL/dh_t and (full layout) dL/da_t for every step as
/// time × unit heatmaps, each with a sentence on how to read it, and the gradient bars.
struct ThroughTimeView {
    let frame: Frame
    let layout: Layout

    func draw(on grid: inout CellGrid) {
        let trace = frame.trace
        let body = layout.body
        let barsHeight = max(6, body.height / 4)
        let tanh = trace.config.activation == .tanh
        let strings = frame.strings
        var maps: [(title: String, rows: [[Float]], scale: ColorScale, caption: String)] = [
            (strings("through.h.title", ["length": "\(trace.length)"]), trace.steps.map(\.h), Scales.hidden(trace), strings["through.h.caption"]),
            (strings["through.dh.title"], trace.steps.map(\.dh), Scales.gradient(trace.steps.map(\.dh)),
             Self.gradientCaption(trace, strings: strings)),
        ]
        let cell = trace.config.cell
        if let keep = cell.keepGate, let meaning = cell.walkthrough.keepGateReading(strings) {
            // The gate that keeps memory: bright where it copies h (GRU) or c (LSTM) through.
            let letter = cell.keepGateName
            maps.append((strings("through.gate.title", ["gate": cell.walkthrough.gates(strings)[keep].title]), trace.steps.map { $0.gate(letter)?.values ?? [] },
                         .sequential(low: 0, high: 1), meaning))
        } else if layout.isFull {
            maps.append(("dL/da_t = dL/dh_t ⊙ f'(a_t)", trace.steps.map(\.da), Scales.gradient(trace.steps.map(\.da)),
                         tanh ? strings["through.da.tanh"] : strings["through.da.relu"]))
        }
        let mapsHeight = body.height - barsHeight
        let share = mapsHeight / maps.count
        for (index, map) in maps.enumerated() {
            let height = index == maps.count - 1 ? mapsHeight - share * index : share
            let rect = Rect(x: body.x, y: body.y + index * share, width: body.width, height: height)
            drawMap(map.title, rows: map.rows, scale: map.scale, caption: map.caption, in: rect, on: &grid)
        }
        GradientBarsPanel(trace: trace, t: frame.t)
            .draw(in: Rect(x: body.x, y: body.y + mapsHeight, width: body.width, height: barsHeight), on: &grid, boxed: layout.isFull, highlighted: false)
    }

    /// How to read the dL/dh_t map: fading rows when the gradient vanishes going back, strong
    /// early rows when it grows (explodes).
    static func gradientCaption(_ trace: Trace, strings: Strings = Strings(.en)) -> String {
        let first = l2Norm(trace.steps.first?.dh ?? []), last = l2Norm(trace.steps.last?.dh ?? [])
        return strings["through.dh.caption"] + (first > last && first.isFinite ? strings["through.dh.explodes"] : strings["through.dh.vanishes"])
    }

    func drawMap(_ title: String, rows: [[Float]], scale: ColorScale, caption: String, in rect: Rect, on grid: inout CellGrid) {
        let H = frame.trace.config.hidden
        let boxed = layout.isFull
        // The inside as PanelFrame.draw will return it, to say which steps share ▶'s row.
        let area = boxed ? Rect(x: rect.x + 1, y: rect.y + 1, width: rect.width - 2, height: rect.height - 2)
            : Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 1)
        let areaRepeats = layout.isLarge && rows.count < area.height ? 2 : 1
        let packed = UnrolledPanel.packedNote(t: frame.t, count: rows.count, repeats: areaRepeats, in: area,
                                              markUnit: (rows.count * areaRepeats + 1) / 2 < area.height)
        let inner = PanelFrame.draw(title + packed, note: boxed ? "" : PanelFrame.rangeNote(scale), in: rect, on: &grid, boxed: boxed, highlighted: false)
        // The large layout leaves the captions 60 columns and draws one full row per step
        // when the steps fit.
        let zoom = VectorPanel.zoom(count: H, width: min(inner.width - 1, layout.isLarge ? inner.width - 64 : 2 * H))
        let mapWidth = min(inner.width, H * zoom + 1)
        let repeats = layout.isLarge && rows.count < inner.height ? 2 : 1
        let pixels = rows.flatMap { Array(repeating: VectorPanel.stretch($0, by: zoom), count: repeats) }
        let markUnit = (pixels.count + 1) / 2 < inner.height
        MatrixHeatmap.draw(pixels, scale: scale,
                           in: Rect(x: inner.x, y: inner.y, width: mapWidth, height: inner.height), on: &grid,
                           highlightRow: (frame.t - 1) * repeats, highlightColumn: markUnit ? frame.unit * zoom + zoom / 2 : nil)
        if boxed { PanelFrame.drawBorderLegend(scale, under: rect, on: &grid) }
        let textX = inner.x + mapWidth + 3, textWidth = inner.maxX - textX
        guard textWidth >= 24 else { return }
        for (row, line) in TextWrap.wrap(caption, width: textWidth).prefix(inner.height).enumerated() {
            grid.put(line, x: textX, y: inner.y + row, style: Theme.label)
        }
    }
}
