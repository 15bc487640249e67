import CellGrid

/// Text in large glyphs, three rows tall, for a formula read from the back of a classroom.
///
/// A small pixel font (5 pixels tall, a sixth row for descenders, 1–5 pixels wide) drawn with
/// half blocks `▀ ▄ █`, so each text row holds two pixel rows. Subscripts (`h_t`, `h_{t-1}`,
/// `W_hh`) stay normal text on the bottom row right after their letter; characters the font
/// lacks are drawn as normal text on the middle row. Glyphs are one column apart, a space is
/// two columns. `scale` 2 doubles every pixel (six rows tall) where there is room.
public enum BigText {
    /// Rows one line of big text takes at `scale`.
    public static func height(scale: Int = 1) -> Int { 3 * scale }

    enum Piece: Equatable {
        case glyph([String])
        case small(String)
        case fallback(String)
        case space
    }

    /// Columns `text` takes in big glyphs.
    public static func width(_ text: String, scale: Int = 1) -> Int {
        pieces(text).reduce(0) { $0 + width(of: $1, scale: scale) }
    }

    /// Draws `text` from (x, y), clipped to `clip`; returns the columns used.
    @discardableResult
    public static func draw(_ text: String, x: Int, y: Int, style: Style, clip: Rect, scale: Int = 1, on grid: inout CellGrid) -> Int {
        let scale = max(1, scale), height = height(scale: scale)
        var column = x
        for piece in pieces(text) {
            switch piece {
            case .glyph(let rows):
                let glyphWidth = (rows.map(\.count).max() ?? 0) * scale
                for textRow in 0..<height {
                    for dx in 0..<glyphWidth {
                        let top = pixel(rows, row: 2 * textRow / scale, column: dx / scale)
                        let bottom = pixel(rows, row: (2 * textRow + 1) / scale, column: dx / scale)
                        let glyph: Character? = top && bottom ? "█" : top ? "▀" : bottom ? "▄" : nil
                        if let glyph {
                            grid.drawCell(Cell(glyph, style: Style(foreground: style.foreground, background: style.background)),
                                          x: column + dx, y: y + textRow, clip: clip)
                        }
                    }
                }
            case .small(let text):
                grid.drawText(text, x: column, y: y + height - 1, style: style, clip: clip)
            case .fallback(let text):
                grid.drawText(text, x: column, y: y + height / 2, style: style, clip: clip)
            case .space:
                break
            }
            column += width(of: piece, scale: scale)
        }
        return column - x
    }

    /// `text` broken into lines at most `width` columns wide: before ` = ` where the rest
    /// fits, else at spaces; a word wider than the line stays whole (and is clipped).
    public static func lines(_ text: String, width: Int, scale: Int = 1) -> [String] {
        func measure(_ text: String) -> Int { Self.width(text, scale: scale) }
        guard measure(text) > width else { return [text] }
        var out: [String] = []
        var line = ""
        for (index, part) in text.components(separatedBy: " = ").enumerated() {
            let piece = index == 0 ? part : "= " + part
            let joined = line.isEmpty ? piece : line + " " + piece
            if measure(joined) <= width { line = joined; continue }
            if !line.isEmpty, measure(piece) <= width {
                out.append(line)
                line = piece
                continue
            }
            for word in piece.split(separator: " ").map(String.init) {
                let next = line.isEmpty ? word : line + " " + word
                if !line.isEmpty, measure(next) > width {
                    out.append(line)
                    line = word
                } else {
                    line = next
                }
            }
        }
        if !line.isEmpty { out.append(line) }
        return out
    }

    static func width(of piece: Piece, scale: Int) -> Int {
        switch piece {
        case .glyph(let rows): return ((rows.map(\.count).max() ?? 0) + 1) * scale
        case .small(let text), .fallback(let text): return DisplayWidth.of(text) + scale
        case .space: return 2 * scale
        }
    }

    static func pixel(_ rows: [String], row: Int, column: Int) -> Bool {
        guard row < rows.count else { return false }
        let line = Array(rows[row])
        return column < line.count && line[column] == "#"
    }

    /// Glyphs, subscripts (`_t`, `_{t-1}`, `_hh`: letters and digits after `_`), spaces and
    /// fallbacks.
    static func pieces(_ text: String) -> [Piece] {
        var out: [Piece] = []
        let characters = Array(text)
        var i = 0
        while i < characters.count {
            let c = characters[i]
            if c == "_", i + 1 < characters.count {
                var sub = ""
                if characters[i + 1] == "{", let close = characters[(i + 1)...].firstIndex(of: "}") {
                    sub = String(characters[(i + 2)..<close])
                    i = close + 1
                } else {
                    var j = i + 1
                    while j < characters.count, characters[j].isLetter || characters[j].isNumber { j += 1 }
                    sub = String(characters[(i + 1)..<j])
                    i = j
                }
                if sub.isEmpty { out.append(.fallback("_")) } else { out.append(.small(sub)) }
                continue
            }
            if c == " " {
                out.append(.space)
            } else if let rows = font[c] {
                out.append(.glyph(rows))
            } else {
                out.append(.fallback(String(c)))
            }
            i += 1
        }
        return out
    }

    /// Characters the font draws (`#` = pixel on). Rows 0–4 stand on the baseline; row 5 is
    /// for descenders.
    static let font: [Character: [String]] = {
        var font: [Character: [String]] = [
            "0": ["###", "#.#", "#.#", "#.#", "###"],
            "1": [".#.", "##.", ".#.", ".#.", "###"],
            "2": ["###", "..#", "###", "#..", "###"],
            "3": ["###", "..#", ".##", "..#", "###"],
            "4": ["#.#", "#.#", "###", "..#", "..#"],
            "5": ["###", "#..", "###", "..#", "###"],
            "6": ["###", "#..", "###", "#.#", "###"],
            "7": ["###", "..#", "..#", ".#.", ".#."],
            "8": ["###", "#.#", "###", "#.#", "###"],
            "9": ["###", "#.#", "###", "..#", "###"],
            ".": [".", ".", ".", ".", "#"],
            ",": [".", ".", ".", ".", "#", "#"],
            ":": [".", "#", ".", "#", "."],
            "'": ["#", "#", ".", ".", "."],
            "-": ["...", "...", "###", "...", "..."],
            "+": ["...", ".#.", "###", ".#.", "..."],
            "=": ["...", "###", "...", "###", "..."],
            "×": ["...", "#.#", ".#.", "#.#", "..."],
            "·": [".", ".", "#", ".", "."],
            "/": ["..#", "..#", ".#.", "#..", "#.."],
            "(": [".#", "#.", "#.", "#.", ".#"],
            ")": ["#.", ".#", ".#", ".#", "#."],
            "[": ["##", "#.", "#.", "#.", "##"],
            "]": ["##", ".#", ".#", ".#", "##"],
            "|": ["#", "#", "#", "#", "#"],
            "‖": ["#.#", "#.#", "#.#", "#.#", "#.#"],
            "<": ["..#", ".#.", "#..", ".#.", "..#"],
            ">": ["#..", ".#.", "..#", ".#.", "#.."],
            "⊙": [".###.", "#...#", "#.#.#", "#...#", ".###."],
            "Σ": ["####", "#...", ".#..", "#...", "####"],
            "σ": [".....", ".####", "#..#.", "#..#.", ".##.."],
            "a": ["...", ".##", "#.#", "#.#", ".##"],
            "b": ["#..", "##.", "#.#", "#.#", "##."],
            "c": ["...", ".##", "#..", "#..", ".##"],
            "d": ["..#", ".##", "#.#", "#.#", ".##"],
            "e": ["...", ".##", "###", "#..", ".##"],
            "f": ["..#", ".#.", "###", ".#.", ".#."],
            "g": ["...", ".##", "#.#", ".##", "..#", "##."],
            "h": ["#..", "##.", "#.#", "#.#", "#.#"],
            "i": ["#", ".", "#", "#", "#"],
            "j": ["..#", "...", "..#", "..#", "#.#", ".#."],
            "k": ["#..", "#.#", "##.", "#.#", "#.#"],
            "l": ["#.", "#.", "#.", "#.", ".#"],
            "m": [".....", "####.", "#.#.#", "#.#.#", "#.#.#"],
            "n": ["...", "##.", "#.#", "#.#", "#.#"],
            "o": ["...", ".#.", "#.#", "#.#", ".#."],
            "p": ["...", "##.", "#.#", "#.#", "##.", "#.."],
            "q": ["...", ".##", "#.#", "#.#", ".##", "..#"],
            "r": ["...", "#.#", "##.", "#..", "#.."],
            "s": ["...", ".##", "#..", "..#", "##."],
            "t": [".#.", "###", ".#.", ".#.", "..#"],
            "u": ["...", "#.#", "#.#", "#.#", ".##"],
            "v": ["...", "#.#", "#.#", "#.#", ".#."],
            "w": [".....", "#...#", "#.#.#", "#.#.#", ".#.#."],
            "x": ["...", "#.#", ".#.", ".#.", "#.#"],
            "y": ["...", "#.#", "#.#", ".##", "..#", "##."],
            "ŷ": [".#.", "#.#", "#.#", ".##", "..#", "##."],
            "z": ["...", "###", "..#", ".#.", "###"],
            "A": [".#.", "#.#", "###", "#.#", "#.#"],
            "C": [".##", "#..", "#..", "#..", ".##"],
            "E": ["###", "#..", "##.", "#..", "###"],
            "H": ["#.#", "#.#", "###", "#.#", "#.#"],
            "I": ["###", ".#.", ".#.", ".#.", "###"],
            "L": ["#..", "#..", "#..", "#..", "###"],
            "S": [".##", "#..", ".#.", "..#", "##."],
            "T": ["###", ".#.", ".#.", ".#.", ".#."],
            "W": ["#...#", "#...#", "#.#.#", "#.#.#", ".#.#."],
        ]
        font["−"] = font["-"]
        font["∙"] = font["·"]
        return font
    }()
}
