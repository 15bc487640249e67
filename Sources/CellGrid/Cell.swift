/// How a cell is drawn.
public struct Style: Hashable, Sendable {
    public var foreground: Color
    public var background: Color
    public var bold: Bool
    public var dim: Bool
    public var underline: Bool
    public var reverse: Bool

    public init(
        foreground: Color = .terminalDefault, background: Color = .terminalDefault,
        bold: Bool = false, dim: Bool = false, underline: Bool = false, reverse: Bool = false
    ) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.dim = dim
        self.underline = underline
        self.reverse = reverse
    }

    public static let plain = Style()
}

/// One terminal cell.
public struct Cell: Hashable, Sendable {
    /// One grapheme; a wide character's second column holds `Cell.continuation`.
    public var glyph: Character
    public var style: Style
    /// For data cells (heatmaps): the signed intensity −1…1 the colour stands for, so the
    /// monochrome pass can draw shading (░▒▓█, and -=≡■ for negatives).
    public var intensity: Float?

    public init(_ glyph: Character = " ", style: Style = .plain, intensity: Float? = nil) {
        self.glyph = glyph
        self.style = style
        self.intensity = intensity
    }

    /// Marks the right half of a wide character; never drawn.
    public static let continuationGlyph: Character = "\u{0}"

    public var isContinuation: Bool { glyph == Cell.continuationGlyph }

    public static let blank = Cell()
}

extension Cell {
    /// The glyph safe to send to a terminal: a glyph holding a control character (C0, DEL or
    /// C1, which could move the cursor or start an escape sequence) becomes U+FFFD `�`.
    public var printableGlyph: Character {
        if isContinuation { return glyph }
        for scalar in glyph.unicodeScalars where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
            return "\u{FFFD}"
        }
        return glyph
    }
}
