import CellGrid

/// Colours and marks the widgets share.
public enum WidgetPalette {
    /// Highlighted panels, bars and markers: bright yellow on dark, dark orange on light.
    public static var highlight: Color { Theme.palette.highlight }
    /// Magenta: the background of NaN/Inf cells, a colour no colour map uses.
    public static let nonFinite = Color.palette(201)
    /// Mid grey: box borders and axes that should not compete with the data.
    public static var frame: Color { Theme.palette.frame }

    /// Black or white, whichever has the higher WCAG contrast on `background` (at least
    /// 4.58:1 for any colour); the default stays default.
    public static func contrast(on background: Color) -> Color {
        guard case .palette(let index) = background else { return .terminalDefault }
        let l = Palette.relativeLuminance(index)
        // (l + 0.05) / 0.05 against black versus 1.05 / (l + 0.05) against white.
        return (l + 0.05) * (l + 0.05) > 0.0525 ? .palette(16) : .palette(231)
    }

    /// The mark drawn for a non-finite value: `×` for NaN, `!` for ±Inf.
    public static func nonFiniteGlyph(_ value: Float) -> Character { value.isNaN ? "×" : "!" }

    /// A cell showing a non-finite value: its mark, white and bold on magenta, with a NaN
    /// intensity so the monochrome pass keeps the mark (and makes it bold).
    public static func nonFiniteCell(_ value: Float) -> Cell {
        Cell(nonFiniteGlyph(value), style: Style(foreground: contrast(on: nonFinite), background: nonFinite, bold: true),
             intensity: .nan)
    }
}

extension Rect {
    /// The rectangle with arithmetic-safe fields: negative sizes (a `Rect`'s fields can be set
    /// directly, bypassing the initialiser's clamp) become 0, sizes are capped at 2048 cells and
    /// the origin at ±2^20, far beyond any terminal. Every widget starts from this, so no sum
    /// like `x + width` can overflow, whatever rect it is given.
    var sanitized: Rect {
        let reach = 1 << 20, size = 2048
        return Rect(x: min(max(x, -reach), reach), y: min(max(y, -reach), reach),
                    width: min(max(width, 0), size), height: min(max(height, 0), size))
    }

    /// Whether the cell (x, y) lies inside the rectangle.
    func holds(_ x: Int, _ y: Int) -> Bool { x >= self.x && y >= self.y && x < maxX && y < maxY }
}

extension CellGrid {
    /// Writes one single-width cell, only if (x, y) is inside `clip`. Goes through `put` so a
    /// wide character it partly overwrites is blanked, then restores the cell's intensity.
    mutating func drawCell(_ cell: Cell, x: Int, y: Int, clip: Rect) {
        guard clip.holds(x, y), contains(x, y) else { return }
        put(String(cell.glyph), x: x, y: y, style: cell.style, maxWidth: 1)
        self[x, y].intensity = cell.intensity
    }

    /// Writes `text` from (x, y), clipped to `clip` on every side (characters left of
    /// `clip` are dropped). Returns the columns written inside `clip`.
    @discardableResult
    mutating func drawText(_ text: String, x: Int, y: Int, style: Style = .plain, clip: Rect) -> Int {
        guard y >= clip.y, y < clip.maxY, x < clip.maxX else { return 0 }
        var start = x
        var rest = Substring(text)
        while start < clip.x, let first = rest.first {
            start += DisplayWidth.of(first)
            rest = rest.dropFirst()
        }
        guard start >= clip.x else { return 0 }
        return put(String(rest), x: start, y: y, style: style, maxWidth: clip.maxX - start)
    }
}

/// Splits `count` items into `groups` contiguous, nearly equal groups (for compressing data
/// into fewer columns or rows than it has).
enum Grouping {
    /// The items of group `index`: `[index·count/groups, (index+1)·count/groups)`.
    static func range(_ index: Int, count: Int, groups: Int) -> Range<Int> {
        guard groups > 0, count > 0 else { return 0..<0 }
        let lo = index * count / groups, hi = (index + 1) * count / groups
        return lo..<max(lo, hi)
    }

    /// The group holding item `item` (the inverse of `range`).
    static func group(of item: Int, count: Int, groups: Int) -> Int {
        guard groups > 0, count > 0 else { return 0 }
        return min(groups - 1, max(0, ((item + 1) * groups - 1) / count))
    }
}
