/// A grid as HTML: one `<pre>` of inline-styled `<span>`s (runs of the same colours and
/// attributes merged), ready to paste into a web page or an LMS. No scripts, no classes, no
/// external resources: every style is inline.
///
/// The text is the grid's: a wide character once, its continuation skipped, trailing cells
/// that would look blank dropped (as in `ansiText()`), so with the default colours it reads
/// exactly as `plainText()`.
public enum HTMLRenderer {
    /// The `<pre>` alone, styled with the theme's default colours.
    public static func pre(_ grid: CellGrid, colors: GridColors) -> String {
        var out = "<pre style=\"font-family: \(SVGRenderer.fontFamily); line-height: 1.2;"
        out += " color: \(colors.foregroundHex); background: \(colors.backgroundHex); padding: 0.5em; display: inline-block; margin: 0\">"
        let plain = colors.resolve(.plain)
        let resolved = ResolvedColors(colors)
        for y in 0..<grid.height {
            var row = (0..<grid.width).map { grid[$0, y] }.filter { !$0.isContinuation }
            while let last = row.last, last.printableGlyph == " ", !GridText.isVisibleOnSpace(last.style) { row.removeLast() }
            var index = 0
            while index < row.count {
                let style = row[index].style
                var end = index + 1
                while end < row.count, row[end].style == style { end += 1 }
                let text = MarkupText.escape(String(row[index..<end].map(\.printableGlyph)))
                let css = Self.css(style, colors: resolved, plain: plain)
                out += css.isEmpty ? text : "<span style=\"\(css)\">\(text)</span>"
                index = end
            }
            out += "\n"
        }
        return out + "</pre>"
    }

    /// A whole page holding the `<pre>`, titled `title`.
    public static func page(_ grid: CellGrid, colors: GridColors, title: String) -> String {
        """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>\(MarkupText.escape(title))</title></head>
        <body style="margin: 1em">
        \(pre(grid, colors: colors))
        </body></html>

        """
    }

    static func css(_ style: Style, colors: ResolvedColors, plain: (foreground: String, background: String)) -> String {
        let (fg, bg) = colors.resolve(style)
        var parts: [String] = []
        if fg != plain.foreground { parts.append("color: \(fg)") }
        if bg != plain.background { parts.append("background: \(bg)") }
        if style.bold { parts.append("font-weight: bold") }
        if style.underline { parts.append("text-decoration: underline") }
        return parts.joined(separator: "; ")
    }
}
