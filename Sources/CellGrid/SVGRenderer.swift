/// A grid as one self-contained SVG picture, for slides and handouts.
///
/// - The viewBox is the grid: a cell is `cellWidth` × `cellHeight` units (8 × 16), a wide
///   (CJK) character two cells.
/// - Backgrounds, full blocks `█` and half blocks `▀ ▄` are rectangles, one per run of the same
///   colours in a row (a half-block run is two rectangles, one per half); the other block
///   elements (`▁…▇`, `▏…▉`, `▐ ▔ ▕`, quadrants) are rectangles of their shape, the shades
///   `░ ▒ ▓` the foreground over the cell at 25/50/75 % opacity, and braille characters
///   (the plots) one small circle per dot. None of them depend on the viewer's fonts.
/// - Text is `<text>` in a generic monospace font with `xml:space="preserve"`, every
///   character placed on its cell (an `x` per character), bold and underline kept.
/// - The layers are groups in drawing order: `fills` (colour rectangles), `blocks` (the other
///   block elements), `dots` (braille) and `text`.
/// - Colours go through `GridColors`; text is escaped (`MarkupText`), so a control character
///   in a grid never reaches the file.
public enum SVGRenderer {
    public static let cellWidth = 8
    public static let cellHeight = 16
    /// Baseline of text within its cell.
    public static let baseline = 12
    public static let fontSize = "13.3"
    public static let fontFamily = "ui-monospace, Menlo, Consolas, &#39;DejaVu Sans Mono&#39;, monospace"
    public static let dotRadius = "1.5"

    /// The SVG of `grid`. `title` says what it shows; `standalone` adds the XML declaration
    /// and the SVG namespace (leave it off for an SVG inside an HTML page).
    public static func render(_ grid: CellGrid, colors: GridColors, title: String, standalone: Bool = true) -> String {
        let (w, h) = (grid.width * cellWidth, grid.height * cellHeight)
        var out = standalone ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" : ""
        out += "<svg\(standalone ? " xmlns=\"http://www.w3.org/2000/svg\"" : "") width=\"\(w)\" height=\"\(h)\" viewBox=\"0 0 \(w) \(h)\""
        out += " font-family=\"\(fontFamily)\" font-size=\"\(fontSize)\">\n"
        out += "<title>\(MarkupText.escape(title))</title>\n"
        out += "<rect width=\"\(w)\" height=\"\(h)\" fill=\"\(colors.backgroundHex)\"/>\n"
        var fills = "", blocks = "", dots = "", texts = ""
        let colors = ResolvedColors(colors)
        for y in 0..<grid.height {
            fills += fillRow(grid, y: y, colors: colors)
            for x in 0..<grid.width {
                let cell = grid[x, y]
                guard !cell.isContinuation, let code = cell.glyph.unicodeScalars.first?.value,
                      cell.glyph.unicodeScalars.count == 1 else { continue }
                let (fg, _) = colors.resolve(cell.style)
                if let shape = BlockShape.of(code) {
                    blocks += shape.svg(x: x * cellWidth, y: y * cellHeight, fill: fg)
                } else if (0x2800...0x28FF).contains(code) {
                    dots += braille(UInt8(code - 0x2800), x: x, y: y, fill: fg)
                }
            }
            texts += textRow(grid, y: y, colors: colors)
        }
        out += "<g class=\"fills\" shape-rendering=\"crispEdges\">\n\(fills)</g>\n"
        if !blocks.isEmpty { out += "<g class=\"blocks\" shape-rendering=\"crispEdges\">\n\(blocks)</g>\n" }
        if !dots.isEmpty { out += "<g class=\"dots\">\n\(dots)</g>\n" }
        out += "<g class=\"text\">\n\(texts)</g>\n</svg>\n"
        return out
    }

    /// The colours of a cell's upper and lower half when it is a colour and nothing else: a
    /// space (its background), `█` (its foreground), `▀`/`▄` (one of each); nil otherwise.
    /// Text and the other glyphs show their background in both halves.
    public static func halves(_ cell: Cell, colors: GridColors) -> (top: String, bottom: String) {
        halves(cell, colors: ResolvedColors(colors))
    }

    static func halves(_ cell: Cell, colors: ResolvedColors) -> (top: String, bottom: String) {
        let (fg, bg) = colors.resolve(cell.style)
        switch cell.glyph {
        case "█": return (fg, fg)
        case "▀": return (fg, bg)
        case "▄": return (bg, fg)
        default: return (bg, bg)
        }
    }

    /// One row's colour rectangles: runs of cells with the same two halves merged.
    static func fillRow(_ grid: CellGrid, y: Int, colors: ResolvedColors) -> String {
        var out = ""
        let background = colors.colors.backgroundHex
        let row = (0..<grid.width).map { halves(grid[$0, y], colors: colors) }
        var x = 0
        while x < grid.width {
            let run = row[x]
            var end = x + 1
            while end < grid.width, row[end] == run { end += 1 }
            let (px, width) = (x * cellWidth, (end - x) * cellWidth)
            if run.top == run.bottom {
                if run.top != background { out += rect(px, y * cellHeight, width, cellHeight, run.top) }
            } else {
                if run.top != background { out += rect(px, y * cellHeight, width, cellHeight / 2, run.top) }
                if run.bottom != background { out += rect(px, y * cellHeight + cellHeight / 2, width, cellHeight / 2, run.bottom) }
            }
            x = end
        }
        return out
    }

    static func rect(_ x: Int, _ y: Int, _ width: Int, _ height: Int, _ fill: String, opacity: String? = nil) -> String {
        "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(width)\" height=\"\(height)\" fill=\"\(fill)\"\(opacity.map { " fill-opacity=\"\($0)\"" } ?? "")/>\n"
    }

    /// Braille dots: bit k of U+2800+k is dot k+1; dots 1–3 and 7 are the left column, top to
    /// bottom, dots 4–6 and 8 the right one.
    public static let brailleDots: [(bit: UInt8, column: Int, row: Int)] = [
        (0x01, 0, 0), (0x02, 0, 1), (0x04, 0, 2), (0x40, 0, 3),
        (0x08, 1, 0), (0x10, 1, 1), (0x20, 1, 2), (0x80, 1, 3),
    ]

    static func braille(_ bits: UInt8, x: Int, y: Int, fill: String) -> String {
        var out = ""
        for dot in brailleDots where bits & dot.bit != 0 {
            let cx = x * cellWidth + 2 + 4 * dot.column, cy = y * cellHeight + 2 + 4 * dot.row
            out += "<circle cx=\"\(cx)\" cy=\"\(cy)\" r=\"\(dotRadius)\" fill=\"\(fill)\"/>\n"
        }
        return out
    }

    /// Whether a cell is drawn as text: not a space, a continuation, a block element or braille.
    public static func isText(_ cell: Cell) -> Bool {
        guard !cell.isContinuation, cell.glyph != " " else { return false }
        guard cell.glyph.unicodeScalars.count == 1, let code = cell.glyph.unicodeScalars.first?.value else { return true }
        return !(0x2580...0x259F).contains(code) && !(0x2800...0x28FF).contains(code)
    }

    /// One row's text: runs of cells with the same colour, weight and underline (spaces in the
    /// run's style included, trailing ones dropped), each character at its own x.
    static func textRow(_ grid: CellGrid, y: Int, colors: ResolvedColors) -> String {
        struct Key: Equatable { let fill: String; let bold: Bool; let underline: Bool }
        func key(_ cell: Cell) -> Key { Key(fill: colors.resolve(cell.style).foreground, bold: cell.style.bold, underline: cell.style.underline) }
        var out = ""
        var x = 0
        while x < grid.width {
            let cell = grid[x, y]
            guard isText(cell) else { x += 1; continue }
            let runKey = key(cell)
            var characters: [(x: Int, glyph: Character)] = []
            var lastText = 0
            var col = x
            while col < grid.width {
                let c = grid[col, y]
                if c.isContinuation { col += 1; continue }
                if isText(c), key(c) == runKey {
                    characters.append((col, c.printableGlyph))
                    lastText = characters.count
                } else if c.glyph == " ", key(c) == runKey {
                    characters.append((col, " "))
                } else {
                    break
                }
                col += 1
            }
            characters.removeLast(characters.count - lastText)
            let xs = characters.map { String($0.x * cellWidth) }.joined(separator: " ")
            var attributes = "x=\"\(xs)\" y=\"\(y * cellHeight + baseline)\" fill=\"\(runKey.fill)\""
            if runKey.bold { attributes += " font-weight=\"bold\"" }
            if runKey.underline { attributes += " text-decoration=\"underline\"" }
            out += "<text \(attributes) xml:space=\"preserve\">\(MarkupText.escape(String(characters.map(\.glyph))))</text>\n"
            x = col
        }
        return out
    }
}

/// `GridColors.resolve` remembered per style for one picture (a screen has few styles).
final class ResolvedColors {
    let colors: GridColors
    private var cache: [Style: (foreground: String, background: String)] = [:]

    init(_ colors: GridColors) { self.colors = colors }

    func resolve(_ style: Style) -> (foreground: String, background: String) {
        if let known = cache[style] { return known }
        let resolved = colors.resolve(style)
        cache[style] = resolved
        return resolved
    }
}

/// A block element other than a full or half block, as rectangles in an 8×16 cell.
public struct BlockShape: Equatable, Sendable {
    /// Rectangles as (x, y, width, height) in cell units.
    public let rects: [(x: Int, y: Int, width: Int, height: Int)]
    /// Fill opacity (the shades), 1 for solid shapes.
    public let opacity: Double

    public static func == (a: BlockShape, b: BlockShape) -> Bool {
        a.opacity == b.opacity && a.rects.elementsEqual(b.rects) { $0 == $1 }
    }

    /// The shape of block element `code`, nil for `█ ▀ ▄` (drawn as colours) and anything else.
    public static func of(_ code: UInt32) -> BlockShape? {
        let (w, h) = (SVGRenderer.cellWidth, SVGRenderer.cellHeight)
        let (hw, hh) = (w / 2, h / 2)
        switch code {
        case 0x2581...0x2587 where code != 0x2584:
            let k = Int(code - 0x2580)
            return BlockShape(rects: [(0, h - h * k / 8, w, h * k / 8)], opacity: 1)
        case 0x2589...0x258F: return BlockShape(rects: [(0, 0, w * Int(0x2590 - code) / 8, h)], opacity: 1)
        case 0x2590: return BlockShape(rects: [(hw, 0, hw, h)], opacity: 1)
        case 0x2591: return BlockShape(rects: [(0, 0, w, h)], opacity: 0.25)
        case 0x2592: return BlockShape(rects: [(0, 0, w, h)], opacity: 0.5)
        case 0x2593: return BlockShape(rects: [(0, 0, w, h)], opacity: 0.75)
        case 0x2594: return BlockShape(rects: [(0, 0, w, h / 8)], opacity: 1)
        case 0x2595: return BlockShape(rects: [(w - w / 8, 0, w / 8, h)], opacity: 1)
        case 0x2596...0x259F:
            // Quadrants ▖▗▘▙▚▛▜▝▞▟, as bits upper-left 8, upper-right 4, lower-left 2, lower-right 1.
            let masks: [UInt8] = [0b0010, 0b0001, 0b1000, 0b1011, 0b1001, 0b1110, 0b1101, 0b0100, 0b0110, 0b0111]
            let mask = masks[Int(code - 0x2596)]
            let quadrants = [(0, 0), (hw, 0), (0, hh), (hw, hh)]
            var rects: [(x: Int, y: Int, width: Int, height: Int)] = []
            for (i, q) in quadrants.enumerated() where mask & (1 << (3 - i)) != 0 { rects.append((q.0, q.1, hw, hh)) }
            return BlockShape(rects: rects, opacity: 1)
        default: return nil
        }
    }

    func svg(x: Int, y: Int, fill: String) -> String {
        let opacity = self.opacity < 1 ? String(opacity) : nil
        return rects.map { SVGRenderer.rect(x + $0.x, y + $0.y, $0.width, $0.height, fill, opacity: opacity) }.joined()
    }
}
