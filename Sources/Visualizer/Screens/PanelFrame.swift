import CellGrid

/// A panel's frame: a titled box in the full layout, a title line in the compact one.
/// Highlighted panels are the ones the current sub-step is about.
enum PanelFrame {
    /// Draws the frame and returns the area inside it.
    static func draw(_ title: String, note: String = "", in rect: Rect, on grid: inout CellGrid, boxed: Bool, highlighted: Bool) -> Rect {
        guard !rect.isEmpty else { return rect }
        let heading = note.isEmpty ? title : "\(title)  \(note)"
        if boxed {
            return Box.draw(title: heading, in: rect, on: &grid, highlighted: highlighted)
        }
        let style = highlighted ? Theme.current : Theme.emphasis
        let used = grid.put(TextWrap.truncate(title, width: rect.width), x: rect.x, y: rect.y, style: style, maxWidth: rect.width)
        if !note.isEmpty, used + 2 + DisplayWidth.of(note) <= rect.width {
            grid.put("  " + note, x: rect.x + used, y: rect.y, style: Theme.dim, maxWidth: rect.width - used)
        }
        return Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 1)
    }

    /// A colour scale's legend set into the bottom border of a box, right-aligned:
    /// `╰──── -1.00 ███0███ +1.00 ─╯`, so it never reads as one more row of data.
    static func drawBorderLegend(_ scale: ColorScale, under rect: Rect, on grid: inout CellGrid) {
        let width = min(41, rect.width - 8)
        guard width >= 9 else { return }
        let x = rect.maxX - 3 - width, y = rect.maxY - 1
        grid.fill(Rect(x: x - 1, y: y, width: width + 2, height: 1), with: .blank)
        Legend.draw(scale, in: Rect(x: x, y: y, width: width, height: 1), on: &grid)
    }

    /// A scale's range as text, for titles in the compact layout: `-1.00 … +1.00`.
    static func rangeNote(_ scale: ColorScale) -> String {
        switch scale {
        case .diverging(let limit): return "-\(NumberFormat.compact(limit)) … +\(NumberFormat.compact(limit))"
        case .sequential(let low, let high): return "\(NumberFormat.compact(low)) … \(NumberFormat.compact(high))"
        }
    }
}
