import CNcursesw
import CellGrid
import Glibc

extension TerminalScreen {
    /// Shows `grid`: the one function that copies a cell buffer to the terminal.
    ///
    /// The grid is first adapted with `degraded(to: colorDepth)`. Cells beyond the terminal
    /// are clipped; screen cells beyond the grid are blank. Every cell is written at its own
    /// position, so a character whose width ncurses sees differently cannot shift the rest
    /// of the row. Output goes through `wnoutrefresh` + `doupdate`, which send only what
    /// changed since the last frame (no `clear()`, no flicker); after `invalidate()`, a start
    /// or a resume from Ctrl-Z the whole screen is repainted.
    public func draw(_ grid: CellGrid) {
        guard isActive, let window = rs_stdscr() else { return }
        let shown = grid.degraded(to: colorDepth)
        let continued = SignalGuard.continued.exchange(0, ordering: .sequentiallyConsistent) != 0
        if needsFullRepaint || continued, let current = rs_curscr() {
            clearok(current, true)
            needsFullRepaint = false
        }
        werase(window)
        let (width, height) = size
        for y in 0..<min(height, shown.height) {
            var x = 0
            let columns = min(width, shown.width)
            while x < columns {
                let cell = shown[x, y]
                let glyphWidth = cell.isContinuation ? 0 : DisplayWidth.of(cell.glyph)
                if glyphWidth == 2, x + 1 < columns, shown[x + 1, y].isContinuation {
                    put(cell.printableGlyph, style: cell.style, x: x, y: y, in: window)
                    x += 2
                } else {
                    // A lone continuation, a wide character cut by the edge, or a zero-width
                    // glyph: a space keeps the columns aligned.
                    let glyph = glyphWidth == 1 ? cell.printableGlyph : " "
                    put(glyph, style: cell.style, x: x, y: y, in: window)
                    x += 1
                }
            }
        }
        wnoutrefresh(window)
        doupdate()
    }

    /// Writes one character cell with `mvwadd_wch`.
    private func put(_ glyph: Character, style: Style, x: Int, y: Int, in window: UnsafeMutablePointer<WINDOW>) {
        var attributes = rs_a_normal()
        if style.bold { attributes |= rs_a_bold() }
        if style.dim { attributes |= rs_a_dim() }
        if style.underline { attributes |= rs_a_underline() }
        if style.reverse { attributes |= rs_a_reverse() }
        let pair = colorPair(for: style)
        // A spacing character followed by up to CCHARW_MAX − 1 combining ones, 0-terminated.
        var characters = glyph.unicodeScalars.prefix(Int(rs_ccharw_max())).map { wchar_t(bitPattern: $0.value) }
        characters.append(0)
        var cell = cchar_t()
        if setcchar(&cell, characters, attributes, pair, nil) != OK {
            // ncurses refuses clusters whose later scalars are not combining (e.g. emoji ZWJ
            // sequences): fall back to the first scalar alone.
            let first: [wchar_t] = [characters[0], 0]
            if setcchar(&cell, first, attributes, pair, nil) != OK { return }
        }
        // Writing the bottom-right cell reports ERR (the cursor cannot advance) but the cell
        // is written; nothing to handle.
        _ = mvwadd_wch(window, Int32(y), Int32(x), &cell)
    }

    /// The colour pair for a style's colours, allocated on first use (pair 0 when the
    /// terminal has no colours, in monochrome, or when every pair is taken).
    private func colorPair(for style: Style) -> Int16 {
        guard colorDepth != .monochrome, colorCount > 0 else { return 0 }
        let foreground = ncursesColor(style.foreground, defaultColor: 7)
        let background = ncursesColor(style.background, defaultColor: 0)
        let lookup = pairs.lookup(foreground: foreground, background: background)
        if lookup.isNew, init_pair(lookup.pair, foreground, background) != OK {
            return 0
        }
        return lookup.pair
    }

    /// An ncurses colour number: the palette index if the terminal has it, else the default
    /// (−1, or `defaultColor` when the terminal cannot use its default colours in pairs).
    private func ncursesColor(_ color: Color, defaultColor: Int16) -> Int16 {
        if case .palette(let index) = color, Int(index) < colorCount { return Int16(index) }
        return hasDefaultColors ? -1 : defaultColor
    }
}
