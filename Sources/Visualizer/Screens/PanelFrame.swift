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
        let used = grid.put(title, x: rect.x, y: rect.y, style: style, maxWidth: rect.width)
        if !note.isEmpty {
            grid.put("  " + note, x: rect.x + used, y: rect.y, style: Theme.dim, maxWidth: rect.width - used)
        }
        return Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 1)
    }
}

/// A vector as a heatmap with its legend: x_t, h_t, a_t, dL/dh_t …
enum VectorPanel {
    static func draw(
        _ title: String, values: [Float], scale: ColorScale, selected: Int?, in rect: Rect,
        on grid: inout CellGrid, boxed: Bool, highlighted: Bool
    ) {
        if boxed {
            let inner = PanelFrame.draw(title, in: rect, on: &grid, boxed: true, highlighted: highlighted)
            let rows = VectorHeatmap.draw(values, scale: scale, selected: selected, in: Rect(x: inner.x, y: inner.y, width: inner.width, height: max(1, inner.height - 1)), on: &grid)
            Legend.draw(scale, in: Rect(x: inner.x, y: inner.y + rows, width: inner.width, height: 1), on: &grid)
        } else {
            // Compact: the range goes on the title line.
            let note = Self.rangeNote(scale)
            let inner = PanelFrame.draw(title, note: note, in: rect, on: &grid, boxed: false, highlighted: highlighted)
            let width = Self.compactWidth(count: values.count, available: inner.width)
            VectorHeatmap.draw(values, scale: scale, selected: selected, in: Rect(x: inner.x, y: inner.y, width: width, height: inner.height), on: &grid)
        }
    }

    /// A width that splits the vector into equal rows (64 units → 2 rows of 32).
    static func compactWidth(count: Int, available: Int) -> Int {
        guard count > available, available > 0 else { return max(1, available) }
        let rows = (count + available - 1) / available
        return (count + rows - 1) / rows
    }

    static func rangeNote(_ scale: ColorScale) -> String {
        switch scale {
        case .diverging(let limit): return "-\(NumberFormat.compact(limit)) … +\(NumberFormat.compact(limit))"
        case .sequential(let low, let high): return "\(NumberFormat.compact(low)) … \(NumberFormat.compact(high))"
        }
    }
}
