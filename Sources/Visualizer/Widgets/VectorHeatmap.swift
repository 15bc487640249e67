import CellGrid

/// A vector (x_t, h_t, a softmax row…) as a strip of coloured cells: one cell per value, left
/// to right, wrapping to the next row after `rect.width` cells.
///
/// Each cell is a space whose background is the value's colour, with `intensity` set for the
/// monochrome pass. NaN/Inf cells show `×`/`!` on magenta. The selected value shows a bold `◆`
/// in black or white (whichever contrasts with its colour); it carries no intensity, so the
/// monochrome pass keeps the `◆` among the shading. When the values do not fit, the last cell
/// shows `…` instead of its value.
public enum VectorHeatmap {
    /// The marker of the selected value.
    public static let selectionGlyph: Character = "◆"

    /// Rows needed to show `count` values `width` cells wide (0 when nothing can be drawn).
    public static func rowsNeeded(count: Int, width: Int) -> Int {
        guard count > 0, width > 0 else { return 0 }
        return count / width + (count % width == 0 ? 0 : 1)
    }

    /// Draws `values` into `rect`; returns the rows used.
    @discardableResult
    public static func draw(
        _ values: [Float], scale: ColorScale, selected: Int?, in rect: Rect, on grid: inout CellGrid
    ) -> Int {
        let rect = rect.sanitized
        let rows = min(rowsNeeded(count: values.count, width: rect.width), rect.height)
        guard rows > 0 else { return 0 }
        let shown = min(values.count, rows * rect.width)
        for i in 0..<shown {
            let x = rect.x + i % rect.width, y = rect.y + i / rect.width
            var cell = Self.cell(values[i], scale: scale)
            if i == selected {
                if values[i].isFinite {
                    cell = Cell(selectionGlyph, style: Style(
                        foreground: WidgetPalette.contrast(on: cell.style.background),
                        background: cell.style.background, bold: true))
                } else {
                    cell.style.underline = true
                }
            }
            if i == shown - 1, shown < values.count {
                cell.glyph = "…"
                cell.style.foreground = WidgetPalette.contrast(on: cell.style.background)
                cell.intensity = nil
            }
            grid.drawCell(cell, x: x, y: y, clip: rect)
        }
        return rows
    }

    /// The cell for one value: a coloured space, or the NaN/Inf mark.
    static func cell(_ value: Float, scale: ColorScale) -> Cell {
        guard value.isFinite else { return WidgetPalette.nonFiniteCell(value) }
        return Cell(" ", style: Style(background: scale.color(for: value)), intensity: scale.intensity(for: value))
    }
}
