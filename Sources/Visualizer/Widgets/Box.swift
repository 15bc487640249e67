import CellGrid

/// A panel border with rounded corners (`╭─╮│╰╯`) and a title on its top edge:
/// `╭─ h_t ─────╮`. A title too long for the border is shortened before a phrase, or after a
/// word with `…` (`TextWrap.shorten`; wide characters count two columns). A highlighted box — the panels the current walk-through sub-step
/// involves — has a bold bright-yellow border and its title reversed on a yellow label;
/// otherwise the border is mid grey and the title bold in the default colour.
///
/// Only the border is drawn; the inside is left as it was. A rect smaller than 2 × 2 draws
/// nothing.
public enum Box {
    /// The rect inside the border `draw` draws around `rect`.
    public static func inner(of rect: Rect) -> Rect {
        let rect = rect.sanitized
        return Rect(x: rect.x + 1, y: rect.y + 1, width: rect.width - 2, height: rect.height - 2)
    }

    /// Draws the box; returns the rect inside the border (empty when there is none).
    @discardableResult
    public static func draw(title: String, in rect: Rect, on grid: inout CellGrid, highlighted: Bool = false) -> Rect {
        let rect = rect.sanitized
        let inner = inner(of: rect)
        guard rect.width >= 2, rect.height >= 2 else { return inner }
        let border = highlighted
            ? Style(foreground: WidgetPalette.highlight, bold: true)
            : Style(foreground: WidgetPalette.frame)
        let (left, right, top, bottom) = (rect.x, rect.maxX - 1, rect.y, rect.maxY - 1)
        for x in (left + 1)..<right {
            grid.drawCell(Cell("─", style: border), x: x, y: top, clip: rect)
            grid.drawCell(Cell("─", style: border), x: x, y: bottom, clip: rect)
        }
        for y in (top + 1)..<bottom {
            grid.drawCell(Cell("│", style: border), x: left, y: y, clip: rect)
            grid.drawCell(Cell("│", style: border), x: right, y: y, clip: rect)
        }
        grid.drawCell(Cell("╭", style: border), x: left, y: top, clip: rect)
        grid.drawCell(Cell("╮", style: border), x: right, y: top, clip: rect)
        grid.drawCell(Cell("╰", style: border), x: left, y: bottom, clip: rect)
        grid.drawCell(Cell("╯", style: border), x: right, y: bottom, clip: rect)

        // "╭─ title ─╮": the title may use the columns between "╭─ " and " ─╮".
        let room = rect.width - 6
        let text = TextWrap.shorten(title, width: room)
        if room >= 1, !text.isEmpty {
            // Highlighted: dark text on a yellow label (reverse video), which survives monochrome.
            let titleStyle = highlighted
                ? Style(foreground: WidgetPalette.highlight, background: .palette(16), bold: true, reverse: true)
                : Style(foreground: .terminalDefault, bold: true)
            let padding = highlighted ? titleStyle : border
            grid.drawText(" ", x: left + 2, y: top, style: padding, clip: rect)
            let used = grid.drawText(text, x: left + 3, y: top, style: titleStyle, clip: rect)
            grid.drawText(" ", x: left + 3 + used, y: top, style: padding, clip: rect)
        }
        return inner
    }
}
