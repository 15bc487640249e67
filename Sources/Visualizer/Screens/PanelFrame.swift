import CellGrid

/// A panel's frame: a titled box in the full layout, a title line in the compact one.
/// Highlighted panels are the ones the current sub-step is about.
enum PanelFrame {
    /// Draws the frame and returns the area inside it. A title and note that do not fit are
    /// shortened by `heading`, never cut mid-word.
    /// `shortNote` stands in for the note where the note does not fit.
    static func draw(_ title: String, note: String = "", shortNote: String = "", in rect: Rect, on grid: inout CellGrid,
                     boxed: Bool, highlighted: Bool) -> Rect {
        guard !rect.isEmpty else { return rect }
        if boxed {
            let (title, note) = heading(title, note: note, shortNote: shortNote, width: rect.width - 6)
            return Box.draw(title: note.isEmpty ? title : "\(title)  \(note)", in: rect, on: &grid, highlighted: highlighted)
        }
        let (shownTitle, shownNote) = heading(title, note: note, shortNote: shortNote, width: rect.width)
        let style = highlighted ? Theme.current : Theme.emphasis
        let used = grid.put(shownTitle, x: rect.x, y: rect.y, style: style, maxWidth: rect.width)
        if !shownNote.isEmpty {
            grid.put("  " + shownNote, x: rect.x + used, y: rect.y, style: Theme.dim, maxWidth: rect.width - used)
        }
        return Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 1)
    }

    /// The title and note that fit `width` columns (`title  note`): both whole; the title
    /// cut before one of its phrases, keeping the note, then the short note; the title alone;
    /// the title alone, shortened (`TextWrap.shorten`). A note is never cut.
    static func heading(_ title: String, note: String, shortNote: String = "", width: Int) -> (title: String, note: String) {
        func fits(_ t: String, _ n: String) -> Bool { DisplayWidth.of(t) + (n.isEmpty ? 0 : 2 + DisplayWidth.of(n)) <= width }
        for n in [note, shortNote] where !n.isEmpty {
            if fits(title, n) { return (title, n) }
            if let start = TextWrap.phraseStarts(title).last(where: { fits($0, n) }) { return (start, n) }
        }
        return (TextWrap.shorten(title, width: width), "")
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
