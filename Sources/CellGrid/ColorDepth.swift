/// How many colours the terminal can show.
public enum ColorDepth: Hashable, Sendable {
    /// The xterm 256-colour palette: grids are drawn as they are.
    case color256
    /// The eight basic ANSI colours.
    case color8
    /// No colour at all (also what `NO_COLOR` asks for): shading glyphs and attributes only.
    case monochrome
}

/// The one last pass that adapts a full-colour grid to what the terminal can show.
///
/// Widgets always draw in 256 colours; this pass runs once, on the finished grid, right before
/// it reaches the terminal (or a `--plain`/`--ansi` snapshot). The rules:
///
/// - **color256**: the grid is returned unchanged.
/// - **color8**: every palette colour, foreground and background, becomes
///   `Palette.nearestBasic` of it, so hues survive (a dark red stays red). When a *text* cell
///   (any glyph except a space, a continuation or a block element `U+2580…U+259F`) had two
///   different palette colours that collapse to the same basic colour, its text would vanish:
///   its foreground becomes black or white, whichever contrasts with the basic background
///   (luminance above 0.5 → black).
/// - **monochrome**: every colour becomes the terminal default. Then:
///   - a cell with a finite `intensity` becomes a glyph by |intensity| clamped to 0…1, one
///     per fifth: space, then `░` `▒` `▓` `█` for zero and positive values and `-` `=` `≡` `■`
///     for negative ones, so the sign survives even in plain text (`reverse` is cleared);
///   - a cell with a NaN intensity keeps its glyph (the widget's own NaN mark) and turns
///     bold; ±infinity counts as ±1;
///   - a half-block cell (`▀` or `▄`) with palette colours in both foreground and background
///     and no intensity becomes a shading glyph by the mean luminance of the two colours;
///   - every other cell keeps its glyph and its attributes (bold, dim, underline, reverse).
extension CellGrid {
    /// The grid as a terminal of `depth` colours should show it (see the rules above).
    public func degraded(to depth: ColorDepth) -> CellGrid {
        switch depth {
        case .color256: return self
        case .color8: return mapCells(ColorDegrader.toBasic)
        case .monochrome: return mapCells(ColorDegrader.toMonochrome)
        }
    }

    private func mapCells(_ transform: (Cell) -> Cell) -> CellGrid {
        var grid = self
        for y in 0..<height {
            for x in 0..<width { grid[x, y] = transform(self[x, y]) }
        }
        return grid
    }
}

/// The per-cell rules of `CellGrid.degraded(to:)`.
enum ColorDegrader {
    /// Shading glyphs from empty to full, one per fifth of the 0…1 range.
    public static let shades: [Character] = [" ", "░", "▒", "▓", "█"]
    /// The same five bins for negative values: other glyphs, so plain text keeps the sign.
    public static let negativeShades: [Character] = [" ", "-", "=", "≡", "■"]

    /// The shading glyph for a magnitude in 0…1 (clamped; NaN counts as 0), from the
    /// negative set when `negative`.
    static func shade(_ magnitude: Double, negative: Bool = false) -> Character {
        let glyphs = negative ? negativeShades : shades
        guard !magnitude.isNaN else { return glyphs[0] }
        let clamped = min(1, max(0, magnitude))
        let index = min(glyphs.count - 1, Int(clamped * Double(glyphs.count)))
        return glyphs[index]
    }

    /// Block elements (half blocks, shades, full block): they draw colour, not text.
    static func isBlockElement(_ glyph: Character) -> Bool {
        guard let scalar = glyph.unicodeScalars.first else { return false }
        return (0x2580...0x259F).contains(scalar.value)
    }

    static func isText(_ glyph: Character) -> Bool {
        glyph != " " && glyph != Cell.continuationGlyph && !isBlockElement(glyph)
    }

    static func basic(_ color: Color) -> Color {
        switch color {
        case .terminalDefault: return .terminalDefault
        case .palette(let index): return .palette(Palette.nearestBasic(index))
        }
    }

    static func toBasic(_ cell: Cell) -> Cell {
        var out = cell
        out.style.foreground = basic(cell.style.foreground)
        out.style.background = basic(cell.style.background)
        if isText(cell.glyph),
            case .palette(let fg) = cell.style.foreground, case .palette(let bg) = cell.style.background,
            fg != bg, out.style.foreground == out.style.background,
            case .palette(let basicBackground) = out.style.background
        {
            out.style.foreground = Palette.luminance(basicBackground) > 0.5 ? .black : .white
        }
        return out
    }

    static func toMonochrome(_ cell: Cell) -> Cell {
        var out = cell
        out.style.foreground = .terminalDefault
        out.style.background = .terminalDefault
        if cell.isContinuation { return out }
        if let intensity = cell.intensity {
            if intensity.isNaN {
                out.style.bold = true
            } else {
                out.glyph = shade(Double(abs(intensity)), negative: intensity < 0)
                out.style.reverse = false
            }
            return out
        }
        if cell.glyph == "▀" || cell.glyph == "▄",
            case .palette(let fg) = cell.style.foreground, case .palette(let bg) = cell.style.background
        {
            out.glyph = shade((Palette.luminance(fg) + Palette.luminance(bg)) / 2)
        }
        return out
    }
}
