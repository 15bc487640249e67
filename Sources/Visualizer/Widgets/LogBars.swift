import CellGrid
import Foundation

/// Vertical bars on a log10 scale: how BPTT gradient norms fade step by step.
///
/// The scale runs from the power of ten at or below the smallest positive value to the one at
/// or above the largest (one decade more below when they coincide, so equal values show full
/// bars); a left axis labels the decades (`1e-3`) at even steps (every one, every other…) as
/// rows allow, like the round-number ticks of a plot. Each positive value gets a bar of at
/// least one eighth of a cell, topped with an eighth block `▁▂▃▄▅▆▇`. Zero and negative values
/// show a dim `·` on the baseline; NaN and ±Inf a bold magenta `×`.
///
/// With `count` values and `w` plot columns, each value gets a slot of `max(1, w / count)`
/// columns: the bar fills the slot but for a 1-column gap when the slot has 2 or more. With
/// more values than columns, each column shows the largest value of its group (a NaN/Inf in
/// the group wins, so it is never hidden) and a label sits under its group's column.
///
/// `labels` (one per value; missing ones are blank) go on the bottom row when the rect has at
/// least 3 rows, thinned out like axis ticks (every 1st, 2nd, 5th, 10th…) so that a column of
/// space always separates them (`labelPlan`). The `highlight`ed bar is bright yellow and bold,
/// its label reversed, with a `▼` above it when there is room — marks that survive monochrome.
public enum LogBars {
    static let eighths: [Character] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    public static func draw(
        _ values: [Float], labels: [String]?, highlight: Int?, in rect: Rect, on grid: inout CellGrid,
        color: Color
    ) {
        let rect = rect.sanitized
        guard !rect.isEmpty else { return }
        let hasLabels = labels != nil && rect.height >= 3
        let plotTop = rect.y, plotHeight = rect.height - (hasLabels ? 1 : 0)
        let baseline = plotTop + plotHeight - 1

        let positive = values.filter { $0.isFinite && $0 > 0 }
        var bottom = 0, top = 1
        if let lo = positive.min(), let hi = positive.max() {
            // The tolerance keeps Float(0.1), a hair above 1e-1, from opening a decade of its own.
            bottom = Int(floor(log10(Double(lo)) + 1e-6))
            top = Int(ceil(log10(Double(hi)) - 1e-6))
            if top <= bottom { bottom = top - 1 }
        }
        func eighthsFor(_ v: Float) -> Int {
            let f = (log10(Double(v)) - Double(bottom)) / Double(top - bottom)
            return max(1, min(plotHeight * 8, Int((min(1, max(0, f)) * Double(plotHeight * 8)).rounded())))
        }

        // The axis.
        let axisLabels = positive.isEmpty ? [] : decadeLabels(bottom: bottom, top: top, baseline: baseline, height: plotHeight)
        var labelWidth = axisLabels.map { $0.text.count }.max() ?? 0
        if rect.width < labelWidth + 2 { labelWidth = -1 }
        let axisX = rect.x + labelWidth, plotX = axisX + 1, plotWidth = rect.maxX - plotX
        let axisStyle = Style(foreground: WidgetPalette.frame)
        if labelWidth >= 0 {
            for y in plotTop...baseline { grid.drawCell(Cell("│", style: axisStyle), x: axisX, y: y, clip: rect) }
            for label in axisLabels {
                grid.drawCell(Cell("┤", style: axisStyle), x: axisX, y: label.row, clip: rect)
                grid.drawText(label.text, x: axisX - label.text.count, y: label.row, clip: rect)
            }
        }
        guard plotWidth > 0, !values.isEmpty else { return }

        // The bars: one per value, or one per group of values.
        let compressed = values.count > plotWidth
        let slotCount = compressed ? plotWidth : values.count
        let slot = compressed ? 1 : max(1, plotWidth / values.count)
        let barWidth = slot >= 2 ? slot - 1 : 1
        for s in 0..<slotCount {
            let members = compressed ? Grouping.range(s, count: values.count, groups: plotWidth) : s..<(s + 1)
            let value = members.map { values[$0] }.max(by: barOrder) ?? .nan
            let isHighlight = highlight.map { members.contains($0) } ?? false
            let x = plotX + s * slot
            let style = Style(foreground: isHighlight ? WidgetPalette.highlight : color, bold: isHighlight)
            for column in x..<(x + barWidth) {
                if !value.isFinite {
                    let mark = Style(foreground: WidgetPalette.nonFinite, bold: true)
                    grid.drawCell(Cell("×", style: mark), x: column, y: baseline, clip: rect)
                } else if value <= 0 {
                    grid.drawCell(Cell("·", style: Style(dim: true)), x: column, y: baseline, clip: rect)
                } else {
                    let n = eighthsFor(value)
                    for k in 0..<((n + 7) / 8) {
                        let glyph = (k + 1) * 8 <= n ? eighths[8] : eighths[n % 8]
                        grid.drawCell(Cell(glyph, style: style), x: column, y: baseline - k, clip: rect)
                    }
                    if isHighlight, (n + 7) / 8 < plotHeight {
                        grid.drawCell(Cell("▼", style: style), x: column, y: baseline - (n + 7) / 8, clip: rect)
                    }
                }
            }
        }
        if hasLabels, let labels {
            let clip = Rect(x: plotX, y: rect.y, width: plotWidth, height: rect.height).clipped(to: rect)
            drawLabels(labels, count: values.count, highlight: highlight, plotX: plotX, slot: slot,
                       columns: plotWidth, y: rect.maxY - 1, clip: clip, on: &grid)
        }
    }

    /// The decades to label, evenly: the multiples of the smallest step (1, 2, 3…) that gives
    /// three labels or more, kept apart (a blank row between them when the plot has 6 rows or
    /// more). Otherwise the two ends, which say more than two round decades inside them.
    private static func decadeLabels(bottom: Int, top: Int, baseline: Int, height: Int) -> [(text: String, row: Int)] {
        func row(_ e: Int) -> Int {
            let f = Double(e - bottom) / Double(top - bottom)
            return baseline - max(0, Int(ceil(f * Double(height))) - 1)
        }
        let gap = height >= 6 ? 2 : 1
        for step in 1...(top - bottom) {
            let decades = (bottom...top).reversed().filter { $0 % step == 0 }
            let rows = decades.map(row)
            if rows.count >= 3, zip(rows, rows.dropFirst()).allSatisfy({ $1 - $0 >= gap }) {
                return decades.map { (NumberFormat.decade($0), row($0)) }
            }
        }
        let ends = row(top) == row(bottom) ? [top] : [top, bottom]
        return ends.map { (NumberFormat.decade($0), row($0)) }
    }

    /// The labels under the bars, as axis ticks: the first one and every `step`-th
    /// (`step` the first of 1, 2, 5, 10, 20, 50… whose labels all keep a column of space
    /// between them), so they never run together (`1  5  10  15`). Bars grouped into one
    /// column (`columns` < `count`) put their labels at their group's column. The highlighted
    /// bar's label is always drawn, reversed (moved left to fit at the right edge); the
    /// ticks it would touch are left out.
    static func labelPlan(_ labels: [String], count: Int, highlight: Int?, slot: Int, columns: Int)
        -> [(index: Int, x: Int)]
    {
        let n = min(count, labels.count)
        guard n > 0, columns > 0 else { return [] }
        let compressed = count > columns
        func x(_ i: Int) -> Int { compressed ? Grouping.group(of: i, count: count, groups: columns) : i * slot }
        func width(_ i: Int) -> Int { DisplayWidth.of(labels[i]) }
        func apart(_ placed: [(index: Int, x: Int)]) -> Bool {
            zip(placed, placed.dropFirst()).allSatisfy { $1.x >= $0.x + width($0.index) + 1 }
        }
        func fits(_ i: Int) -> Bool { width(i) > 0 && x(i) + width(i) <= columns }
        var ticks: [(index: Int, x: Int)] = []
        var step = 1
        var candidates = [1, 2, 5]
        while step <= n {
            step = candidates.removeFirst()
            candidates.append(step * 10)
            let multiples = stride(from: step - 1, to: n, by: step).filter(fits).map { (index: $0, x: x($0)) }
            guard apart(multiples) else { continue }
            ticks = multiples
            if step > 1, fits(0), apart([(0, x(0))] + ticks.prefix(1)) { ticks.insert((0, x(0)), at: 0) }
            break
        }
        guard let h = highlight, h >= 0, h < n, width(h) > 0 else { return ticks }
        let hx = max(0, min(x(h), columns - width(h)))
        ticks.removeAll { $0.index == h || ($0.x < hx + width(h) + 1 && hx < $0.x + width($0.index) + 1) }
        return [(h, hx)] + ticks
    }

    private static func drawLabels(_ labels: [String], count: Int, highlight: Int?, plotX: Int, slot: Int,
                                   columns: Int, y: Int, clip: Rect, on grid: inout CellGrid) {
        for (i, x) in labelPlan(labels, count: count, highlight: highlight, slot: slot, columns: columns) {
            let isHighlight = i == highlight
            grid.drawText(labels[i], x: plotX + x, y: y, style: Style(bold: isHighlight, reverse: isHighlight), clip: clip)
        }
    }

    /// Orders values for "the largest of a group": non-finite above everything, then by value.
    private static func barOrder(_ a: Float, _ b: Float) -> Bool {
        if !b.isFinite { return a.isFinite }
        if !a.isFinite { return false }
        return a < b
    }
}

extension Rect {
    /// The part of this rectangle inside `other` (empty when they do not overlap).
    func clipped(to other: Rect) -> Rect {
        let x0 = max(x, other.x), y0 = max(y, other.y)
        return Rect(x: x0, y: y0, width: min(maxX, other.maxX) - x0, height: min(maxY, other.maxY) - y0)
    }
}
