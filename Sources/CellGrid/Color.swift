/// A terminal colour: the terminal's default, or one of the xterm 256-colour palette.
public enum Color: Hashable, Sendable {
    case terminalDefault
    /// xterm-256 index: 0–15 system colours, 16–231 a 6×6×6 cube, 232–255 greys.
    case palette(UInt8)

    /// The nearest palette colour to an RGB triple (components 0…255).
    public static func rgb(_ r: Double, _ g: Double, _ b: Double) -> Color {
        .palette(Palette.nearestIndex(r: r, g: g, b: b))
    }

    /// The eight basic colours, in ANSI order.
    public static let black = Color.palette(0), red = Color.palette(1), green = Color.palette(2),
        yellow = Color.palette(3), blue = Color.palette(4), magenta = Color.palette(5),
        cyan = Color.palette(6), white = Color.palette(7)
    public static let brightBlack = Color.palette(8), brightWhite = Color.palette(15)
}

/// The xterm-256 palette's RGB values and nearest-colour searches.
public enum Palette {
    static let cubeLevels: [Double] = [0, 95, 135, 175, 215, 255]
    static let system: [(Double, Double, Double)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    /// RGB of a palette index.
    public static func rgb(of index: UInt8) -> (r: Double, g: Double, b: Double) {
        let i = Int(index)
        if i < 16 { return system[i] }
        if i >= 232 {
            let level = Double(8 + 10 * (i - 232))
            return (level, level, level)
        }
        let c = i - 16
        return (cubeLevels[c / 36], cubeLevels[(c / 6) % 6], cubeLevels[c % 6])
    }

    /// Nearest index among the cube and the grey ramp (16–255), which look the same everywhere.
    public static func nearestIndex(r: Double, g: Double, b: Double) -> UInt8 {
        func level(_ v: Double) -> Int {
            var best = 0
            for (i, l) in cubeLevels.enumerated() where abs(l - v) < abs(cubeLevels[best] - v) { best = i }
            return best
        }
        let (ri, gi, bi) = (level(r), level(g), level(b))
        let cube = 16 + 36 * ri + 6 * gi + bi
        let cubeError = distance((cubeLevels[ri], cubeLevels[gi], cubeLevels[bi]), (r, g, b))
        let grey = max(0, min(23, Int(((r + g + b) / 3 - 8) / 10 + 0.5)))
        let greyLevel = Double(8 + 10 * grey)
        let greyError = distance((greyLevel, greyLevel, greyLevel), (r, g, b))
        return UInt8(greyError < cubeError ? 232 + grey : cube)
    }

    /// Nearest of the eight basic colours (for 8-colour terminals).
    public static func nearestBasic(_ index: UInt8) -> UInt8 {
        if index < 8 { return index }
        if index < 16 { return index - 8 }
        let c = rgb(of: index)
        // Classify by which channels are clearly on, so hues survive (a dark red stays red).
        let top = max(c.r, c.g, c.b)
        guard top > 40 else { return 0 }
        let threshold = top * 0.6
        let bits = (c.r >= threshold ? 1 : 0) | (c.g >= threshold ? 2 : 0) | (c.b >= threshold ? 4 : 0)
        return UInt8(bits)
    }

    /// Perceived brightness 0…1 of a palette colour.
    public static func luminance(_ index: UInt8) -> Double {
        let c = rgb(of: index)
        return (0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b) / 255
    }

    private static func distance(_ a: (Double, Double, Double), _ b: (Double, Double, Double)) -> Double {
        let (dr, dg, db) = (a.0 - b.0, a.1 - b.1, a.2 - b.2)
        return 2 * dr * dr + 4 * dg * dg + 3 * db * db
    }
}
