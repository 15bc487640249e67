import CellGrid
import Foundation

/// A line plot in braille dots (U+2800…U+28FF, 2 × 4 dots per cell), for loss curves.
///
/// Layout inside `rect`, top to bottom: a legend row (only when some series has a label and
/// the rect is at least 5 rows high), the plot with a y axis on its left, and a row with the
/// x range (first and last index, 1-based) and `xLabel` (when the rect is at least 3 rows
/// high). The y axis labels the maximum and minimum (`NumberFormat.compact`), or in log scale
/// the powers of ten in range (`1e-2`), falling back to the ends when fewer than two fit.
///
/// Points are joined by lines (Bresenham in dot space). NaN/±Inf points, and non-positive ones
/// in log scale, are skipped and break the line. Series may have different lengths: index i
/// sits at the same x in all of them. When two series share a cell, its dots merge and the
/// later series' colour wins. Thousands of points are fine: several points falling in one dot
/// column become one vertical stroke from their minimum to their maximum, and each column is
/// drawn at most a few times over. A constant series is centred in a padded range.
///
/// A dashed series keeps its dots in every other cell column only, so two curves stay
/// distinguishable without colour.
///
/// A marker (an index, e.g. the epoch rewound to) is a vertical dotted line `┆` through the
/// plot at that index's column, the curve's own cells there recoloured and bold, and `▲`
/// under it on the x row: visible without colour.
///
/// Cells with no dots are left as they were.
public enum LinePlot {
    /// One line of the plot.
    public struct Series: Sendable {
        public var values: [Float]
        public var color: Color
        public var label: String
        /// Drawn in every other cell only (and `╍` in the legend): told apart from a solid
        /// line without colour (`--theme mono`).
        public var dashed: Bool

        public init(values: [Float], color: Color, label: String = "", dashed: Bool = false) {
            self.values = values
            self.color = color
            self.label = label
            self.dashed = dashed
        }
    }

    public static func draw(
        _ series: [Series], logScale: Bool, in rect: Rect, on grid: inout CellGrid, xLabel: String? = nil,
        marker: Int? = nil, markerColor: Color = .terminalDefault
    ) {
        let rect = rect.sanitized
        guard !rect.isEmpty else { return }
        let transform: (Float) -> Double? = { v in
            guard v.isFinite, !logScale || v > 0 else { return nil }
            return logScale ? log10(Double(v)) : Double(v)
        }
        var yMin = Double.infinity, yMax = -Double.infinity
        for s in series { for v in s.values { if let y = transform(v) { yMin = min(yMin, y); yMax = max(yMax, y) } } }
        let hasLegend = rect.height >= 5 && series.contains { !$0.label.isEmpty }
        let hasXRow = rect.height >= 3
        let plotTop = rect.y + (hasLegend ? 1 : 0)
        let plotHeight = rect.height - (hasLegend ? 1 : 0) - (hasXRow ? 1 : 0)
        guard yMin <= yMax else {
            grid.drawText("no data", x: rect.x, y: plotTop, style: Style(dim: true), clip: rect)
            return
        }
        if yMax - yMin <= 1e-12 * max(1, abs(yMax)) {
            let pad = logScale ? 0.5 : (yMax == 0 ? 1 : abs(yMax) * 0.1)
            yMin -= pad
            yMax += pad
        }

        // The y axis: labels right-aligned left of an axis column.
        let labels = axisLabels(yMin: yMin, yMax: yMax, logScale: logScale, top: plotTop, height: plotHeight)
        var labelWidth = labels.map { DisplayWidth.of($0.text) }.max() ?? 0
        if rect.width < labelWidth + 1 + 4 { labelWidth = -1 }  // too narrow: no axis at all
        let axisX = rect.x + labelWidth
        let plotX = axisX + 1, plotWidth = rect.maxX - plotX
        guard plotWidth > 0, plotHeight > 0 else { return }
        let axisStyle = Style(foreground: WidgetPalette.frame)
        if labelWidth >= 0 {
            for y in plotTop..<(plotTop + plotHeight) {
                grid.drawCell(Cell("│", style: axisStyle), x: axisX, y: y, clip: rect)
            }
            for label in labels {
                grid.drawCell(Cell("┤", style: axisStyle), x: axisX, y: label.row, clip: rect)
                grid.drawText(label.text, x: axisX - DisplayWidth.of(label.text), y: label.row, clip: rect)
            }
        }

        let count = series.map(\.values.count).max() ?? 0
        let canvas = dots(series, count: count, transform: transform, yRange: (yMin, yMax),
                          width: plotWidth, height: plotHeight)
        // Only the cells that can be seen: the grid may be far smaller than the rect.
        let visibleRows = max(0, -plotTop)..<max(max(0, -plotTop), min(plotHeight, grid.height - plotTop))
        let visibleColumns = max(0, -plotX)..<max(max(0, -plotX), min(plotWidth, grid.width - plotX))
        for cy in visibleRows {
            for cx in visibleColumns {
                guard let (glyph, owner) = canvas.cell(cx, cy) else { continue }
                grid.drawCell(Cell(glyph, style: Style(foreground: series[owner].color)),
                              x: plotX + cx, y: plotTop + cy, clip: rect)
            }
        }

        if hasXRow { drawXRow(count: count, xLabel: xLabel, axisX: axisX, plotX: plotX, rect: rect, on: &grid) }
        if let marker, count > 0, (0..<count).contains(marker) {
            let dot = count <= 1 ? 0 : Int((Double(marker) * Double(plotWidth * 2 - 1) / Double(count - 1)).rounded())
            let cx = min(plotWidth - 1, dot / 2)
            for cy in 0..<plotHeight {
                if let (glyph, _) = canvas.cell(cx, cy) {
                    grid.drawCell(Cell(glyph, style: Style(foreground: markerColor, bold: true)), x: plotX + cx, y: plotTop + cy, clip: rect)
                } else {
                    grid.drawCell(Cell("┆", style: Style(foreground: markerColor)), x: plotX + cx, y: plotTop + cy, clip: rect)
                }
            }
            if hasXRow { grid.drawCell(Cell("▲", style: Style(foreground: markerColor, bold: true)), x: plotX + cx, y: rect.maxY - 1, clip: rect) }
        }
        if hasLegend { drawLegend(series, plotX: plotX, rect: rect, on: &grid) }
    }

    /// Every series' points, joined, in a canvas of `width` × `height` cells. Points falling in
    /// the dot column already drawn only extend that column's stroke beyond what it covers, so
    /// the cost stays near one step per point however many points share a column.
    private static func dots(_ series: [Series], count: Int, transform: (Float) -> Double?,
                             yRange: (min: Double, max: Double), width: Int, height: Int) -> BrailleCanvas {
        var canvas = BrailleCanvas(width: width, height: height)
        let dotWidth = width * 2, dotHeight = height * 4
        func xDot(_ i: Int) -> Int {
            count <= 1 ? 0 : Int((Double(i) * Double(dotWidth - 1) / Double(count - 1)).rounded())
        }
        func yDot(_ y: Double) -> Int {
            let f = (yRange.max - y) / (yRange.max - yRange.min) * Double(dotHeight - 1)
            return min(dotHeight - 1, max(0, Int(f.rounded())))
        }
        for (index, s) in series.enumerated() {
            canvas.skipOddCells = s.dashed
            var previous: (x: Int, y: Int)?
            var columnLow = 0, columnHigh = 0  // the dot rows already drawn in previous's column
            for (i, v) in s.values.enumerated() {
                guard let y = transform(v) else { previous = nil; continue }  // a gap breaks the line
                let p = (x: xDot(i), y: yDot(y))
                if let q = previous, q.x == p.x {
                    if p.y < columnLow {
                        canvas.line(from: (p.x, p.y), to: (p.x, columnLow), owner: index)
                        columnLow = p.y
                    } else if p.y > columnHigh {
                        canvas.line(from: (p.x, columnHigh), to: (p.x, p.y), owner: index)
                        columnHigh = p.y
                    }
                } else {
                    canvas.line(from: previous.map { ($0.x, $0.y) } ?? (p.x, p.y), to: (p.x, p.y), owner: index)
                    columnLow = p.y
                    columnHigh = p.y
                }
                previous = p
            }
        }
        return canvas
    }

    /// The y-axis labels and their rows.
    private static func axisLabels(yMin: Double, yMax: Double, logScale: Bool, top: Int, height: Int)
        -> [(text: String, row: Int)]
    {
        guard height > 0 else { return [] }
        func row(_ y: Double) -> Int {
            let f = (yMax - y) / (yMax - yMin) * Double(height * 4 - 1)
            return top + min(height - 1, max(0, Int(f.rounded()) / 4))
        }
        var labels: [(text: String, row: Int)] = []
        if logScale, yMin > -100, yMax < 100 {
            var e = Int(ceil(yMin - 1e-6))  // tolerance: Float(0.1) is a hair above 1e-1
            while Double(e) <= yMax + 1e-6 {
                let r = row(Double(e))
                if !labels.contains(where: { $0.row == r }) { labels.append((NumberFormat.decade(e), r)) }
                e += 1
            }
        }
        if labels.count < 2 {
            let value: (Double) -> Float = { Float(logScale ? pow(10, $0) : $0) }
            for (y, r) in [(yMax, top), (yMin, top + height - 1)] where !labels.contains(where: { $0.row == r }) {
                labels.append((NumberFormat.compact(value(y)), r))
            }
        }
        return labels
    }

    /// The bottom row: `└`, the first index under the plot's left edge, `xLabel` centred, the
    /// last index at the right edge.
    private static func drawXRow(count: Int, xLabel: String?, axisX: Int, plotX: Int, rect: Rect,
                                 on grid: inout CellGrid) {
        let y = rect.maxY - 1
        grid.drawCell(Cell("└", style: Style(foreground: WidgetPalette.frame)), x: axisX, y: y, clip: rect)
        guard count > 0 else { return }
        let first = "1", last = String(count)
        grid.drawText(first, x: plotX, y: y, clip: rect)
        let lastX = rect.maxX - last.count
        if count > 1, lastX > plotX + first.count { grid.drawText(last, x: lastX, y: y, clip: rect) }
        if let xLabel, !xLabel.isEmpty {
            let room = lastX - (plotX + first.count) - 2
            let text = TextWrap.truncate(xLabel, width: room)
            let x = plotX + first.count + 1 + (room - DisplayWidth.of(text)) / 2
            if !text.isEmpty { grid.drawText(text, x: x, y: y, style: Style(dim: true), clip: rect) }
        }
    }

    /// The top row: `━ label` (dashed: `╍ label`) for each labelled series in its colour,
    /// right-aligned.
    private static func drawLegend(_ series: [Series], plotX: Int, rect: Rect, on grid: inout CellGrid) {
        let entries = series.filter { !$0.label.isEmpty }
        let width = entries.reduce(0) { $0 + 3 + DisplayWidth.of($1.label) } - 1
        var x = max(plotX, rect.maxX - width)
        for s in entries {
            grid.drawText(s.dashed ? "╍" : "━", x: x, y: rect.y, style: Style(foreground: s.color, bold: true), clip: rect)
            x += 2 + grid.drawText(s.label, x: x + 2, y: rect.y, clip: rect) + 1
        }
    }
}
