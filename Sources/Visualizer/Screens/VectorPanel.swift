import CellGrid
import Localization

/// A vector (x_t, h_t, a_t, dL/dh_t …) as a heatmap with its numeric range.
///
/// Full layout: a box whose first column stays empty, so unit i sits in the same column as
/// in the unrolled panel below (whose first column holds the ▶ marker); the legend is on the
/// bottom border. Compact: a title line carrying the range, then the heatmap in equal rows.
/// Short vectors are zoomed (each value 2–4 cells wide) so they stay readable on a projector;
/// in the large layout every heatmap row is `rowHeight` screen rows tall.
enum VectorPanel {
    static func draw(
        _ title: String, values: [Float], scale: ColorScale, selected: Int?, in rect: Rect,
        on grid: inout CellGrid, boxed: Bool, highlighted: Bool, rowHeight: Int = 1
    ) {
        let note = boxed ? "" : PanelFrame.rangeNote(scale)
        let inner = PanelFrame.draw(title, note: note, in: rect, on: &grid, boxed: boxed, highlighted: highlighted)
        let area = boxed ? Rect(x: inner.x + 1, y: inner.y, width: inner.width - 1, height: inner.height) : inner
        let zoom = Self.zoom(count: values.count, width: area.width)
        let cells = stretch(values, by: zoom)
        let width = rowWidth(count: cells.count, available: area.width)
        drawTall(cells, scale: scale, selected: selected.map { $0 * zoom + zoom / 2 },
                 in: Rect(x: area.x, y: area.y, width: width, height: area.height), rowHeight: rowHeight, on: &grid)
        if boxed { PanelFrame.drawBorderLegend(scale, under: rect, on: &grid) }
    }

    /// The slot of a vector the walk-through has not computed yet (progressive reveal): its
    /// title and a dim note instead of values a student could read ahead.
    static func drawPending(_ title: String, in rect: Rect, on grid: inout CellGrid, boxed: Bool, strings: Strings = Strings(.en)) {
        let inner = PanelFrame.draw(title, in: rect, on: &grid, boxed: boxed, highlighted: false)
        guard inner.height >= 1 else { return }
        grid.put(strings["step.panel.pending"], x: inner.x + (boxed ? 1 : 0), y: inner.y, style: Theme.dim,
                 maxWidth: inner.width - (boxed ? 1 : 0))
    }

    /// A heatmap whose rows are each `rowHeight` screen rows tall: drawn once, then every row
    /// repeated below itself (the ◆ marker too, so it reads as a column).
    static func drawTall(_ values: [Float], scale: ColorScale, selected: Int?, in rect: Rect, rowHeight: Int, on grid: inout CellGrid) {
        guard rowHeight > 1 else {
            VectorHeatmap.draw(values, scale: scale, selected: selected, in: rect, on: &grid)
            return
        }
        let rect = rect.sanitized
        guard rect.height >= rowHeight, rect.width > 0 else { return }
        var small = CellGrid(width: rect.width, height: rect.height / rowHeight)
        let rows = VectorHeatmap.draw(values, scale: scale, selected: selected, in: small.bounds, on: &small)
        for sy in 0..<rows {
            for sx in 0..<small.width where small[sx, sy] != .blank {
                for dy in 0..<rowHeight { grid[rect.x + sx, rect.y + sy * rowHeight + dy] = small[sx, sy] }
            }
        }
    }

    /// Cells per value: up to 4 when the whole vector still fits on one row.
    static func zoom(count: Int, width: Int) -> Int {
        guard count > 0 else { return 1 }
        return max(1, min(4, width / count))
    }

    /// Each value repeated `zoom` times.
    static func stretch(_ values: [Float], by zoom: Int) -> [Float] {
        zoom == 1 ? values : values.flatMap { Array(repeating: $0, count: zoom) }
    }

    /// A width that splits the vector into equal rows (128 units in 65 columns → 2 rows of 64).
    static func rowWidth(count: Int, available: Int) -> Int {
        guard count > available, available > 0 else { return max(1, available) }
        let rows = (count + available - 1) / available
        return (count + rows - 1) / rows
    }
}
