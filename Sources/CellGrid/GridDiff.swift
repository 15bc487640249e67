/// Terminal output that turns one grid into another: what a recording (`rnnscope record`)
/// writes for each frame, so a player redraws only what changed.
///
/// The output uses exactly these sequences, so a small decoder can replay it:
/// - `ESC[row;colH` (CUP, 1-based) to the start of each run of changed cells;
/// - `ESC[0;…m` (SGR, `GridText.sgr`: a reset, then 1/2/4/7 and `38;5;N`/`48;5;N`) only where
///   the style differs from the last one written, and `ESC[0m` at the end when the last style
///   was not plain, so every piece of output starts and ends in the plain style;
/// - `ESC[2J` (ED, erase the screen) in `fullScreen` only;
/// - printable glyphs (`Cell.printableGlyph`), a wide character once for its two columns.
///
/// Runs of changed cells separated by at most `maxGap` unchanged cells are written as one run
/// (rewriting a few cells is shorter than another cursor move). A cell counts as changed when
/// its glyph or style changed; a wide character is rewritten whole when either half changed.
/// `intensity` is not drawn in colour and is ignored.
public enum GridDiff {
    /// Unchanged cells between two changed runs that are rewritten rather than skipped.
    public static let maxGap = 4

    /// Clears the screen and draws `grid` on it: the first frame of a recording.
    public static func fullScreen(_ grid: CellGrid) -> String {
        GridText.reset + "\u{1B}[H\u{1B}[2J" + changes(from: CellGrid(width: grid.width, height: grid.height), to: grid)
    }

    /// What turns a terminal showing `old` (in the plain style) into one showing `new`. Empty
    /// when nothing visible changed. Grids of different sizes give `fullScreen(new)`.
    public static func changes(from old: CellGrid, to new: CellGrid) -> String {
        guard old.width == new.width, old.height == new.height else { return fullScreen(new) }
        var out = ""
        var current = Style.plain
        for y in 0..<new.height {
            let changed = changedColumns(old, new, y)
            var x = 0
            while x < new.width {
                guard changed[x] else { x += 1; continue }
                let end = runEnd(changed, from: x)
                writeRun(new, y: y, from: x, to: end, style: &current, into: &out)
                x = end
            }
        }
        if current != .plain { out += GridText.reset }
        return out
    }

    /// Whether each column of row `y` must be redrawn.
    static func changedColumns(_ old: CellGrid, _ new: CellGrid, _ y: Int) -> [Bool] {
        let width = new.width
        var changed = (0..<width).map { !looksSame(old[$0, y], new[$0, y]) }
        // A wide character is written whole: its lead when its continuation changed, and the
        // continuation's column along with a changed lead.
        for x in 0..<width where changed[x] {
            if new[x, y].isContinuation, x > 0 { changed[x - 1] = true }
            if DisplayWidth.of(new[x, y].glyph) == 2, x + 1 < width { changed[x + 1] = true }
        }
        return changed
    }

    /// Two cells look the same on screen: the same glyph in the same style (a continuation
    /// cell is never drawn, so only its being one matters).
    static func looksSame(_ a: Cell, _ b: Cell) -> Bool {
        if a.isContinuation || b.isContinuation { return a.isContinuation == b.isContinuation }
        return a.printableGlyph == b.printableGlyph && a.style == b.style
    }

    /// The end (exclusive) of the run starting at `start`, bridging gaps of at most `maxGap`.
    static func runEnd(_ changed: [Bool], from start: Int) -> Int {
        var end = start
        var probe = start
        while probe < changed.count {
            if changed[probe] {
                probe += 1
                end = probe
                continue
            }
            var next = probe
            while next < changed.count, !changed[next] { next += 1 }
            guard next < changed.count, next - probe <= maxGap else { break }
            probe = next
        }
        return end
    }

    static func cursor(_ x: Int, _ y: Int) -> String { "\u{1B}[\(y + 1);\(x + 1)H" }

    /// Writes columns `start..<end` of row `y`, keeping the terminal's cursor in step with the
    /// grid's columns (a cursor move whenever a glyph's width would put them out of step).
    static func writeRun(_ grid: CellGrid, y: Int, from start: Int, to end: Int, style current: inout Style, into out: inout String) {
        var column = -1
        for x in start..<end {
            let cell = grid[x, y]
            if cell.isContinuation, column > x { continue }  // drawn with its wide character
            if column != x {
                out += cursor(x, y)
                column = x
            }
            var glyph = cell.isContinuation ? " " : cell.printableGlyph
            var width = DisplayWidth.of(glyph)
            // A wide glyph with no continuation cell after it would spill into the next column
            // (or wrap at the edge): a space stands in for it.
            if width == 2, x + 1 >= grid.width || !grid[x + 1, y].isContinuation {
                glyph = " "
                width = 1
            }
            if cell.style != current {
                out += GridText.sgr(cell.style)
                current = cell.style
            }
            out.append(glyph)
            column += width
        }
    }
}
