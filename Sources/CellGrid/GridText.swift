/// Text renderings of a grid, for `snapshot --plain|--ansi`, README screenshots and tests.
extension CellGrid {
    /// Each row's glyphs (a wide character once, its continuation cell skipped), trailing
    /// spaces trimmed, rows joined by "\n" with a final "\n". An empty grid gives "".
    public func plainText() -> String {
        var text = ""
        for y in 0..<height {
            var row = visibleCells(y).map(\.printableGlyph)
            while row.last == " " { row.removeLast() }
            text.append(contentsOf: row)
            text.append("\n")
        }
        return text
    }

    /// `plainText()` with SGR escapes: `38;5;N`/`48;5;N` colours, 1 bold, 2 dim, 4 underline,
    /// 7 reverse. An escape is written only where the style changes (each one starts from a
    /// reset, `ESC[0;…m`, so it never depends on the previous one); a line that ends in a
    /// non-plain style is closed with `ESC[0m`, so every line starts plain. Trailing cells that
    /// would look blank (a space on the default background, neither reversed nor underlined)
    /// are trimmed.
    public func ansiText() -> String {
        var text = ""
        for y in 0..<height {
            var row = visibleCells(y)
            while let last = row.last, last.printableGlyph == " ", !GridText.isVisibleOnSpace(last.style) {
                row.removeLast()
            }
            var current = Style.plain
            for cell in row {
                if cell.style != current {
                    text += GridText.sgr(cell.style)
                    current = cell.style
                }
                text.append(cell.printableGlyph)
            }
            if current != .plain { text += GridText.reset }
            text.append("\n")
        }
        return text
    }

    /// The cells of row `y` that are drawn: every cell but continuations.
    private func visibleCells(_ y: Int) -> [Cell] {
        (0..<width).map { self[$0, y] }.filter { !$0.isContinuation }
    }
}

/// SGR (Select Graphic Rendition) escapes for `CellGrid.ansiText()`.
public enum GridText {
    /// `ESC[0m`: back to the terminal's plain style.
    public static let reset = "\u{1B}[0m"

    /// The escape that sets exactly `style`, starting from a reset.
    public static func sgr(_ style: Style) -> String {
        var codes = ["0"]
        if style.bold { codes.append("1") }
        if style.dim { codes.append("2") }
        if style.underline { codes.append("4") }
        if style.reverse { codes.append("7") }
        if case .palette(let n) = style.foreground { codes.append("38;5;\(n)") }
        if case .palette(let n) = style.background { codes.append("48;5;\(n)") }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }

    /// Whether a space in this style still shows something (a background, reverse, underline).
    static func isVisibleOnSpace(_ style: Style) -> Bool {
        style.background != .terminalDefault || style.reverse || style.underline
    }
}
