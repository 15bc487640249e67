#if canImport(Darwin)
import Darwin
#else
import Glibc
#endif

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

    /// Nearest of the eight basic colours (for 8-colour terminals), by hue, so hues survive
    /// (a dark red stays red) and a pale orange stays red rather than turning yellow like
    /// the highlight: near-black → black; greys and pale tints (saturation below 0.25) →
    /// white (ANSI 7); otherwise the hue's sector: red below 36° (and from 330°), yellow to
    /// 90°, green to 150°, cyan to 200°, blue to 270°, magenta to 330°.
    public static func nearestBasic(_ index: UInt8) -> UInt8 {
        if index < 8 { return index }
        if index < 16 { return index - 8 }
        let c = rgb(of: index)
        let top = max(c.r, c.g, c.b), bottom = min(c.r, c.g, c.b)
        guard top > 40 else { return 0 }
        let span = top - bottom
        guard span / top >= 0.25 else { return 7 }
        var hue: Double
        if top == c.r {
            hue = 60 * (c.g - c.b) / span
        } else if top == c.g {
            hue = 60 * (2 + (c.b - c.r) / span)
        } else {
            hue = 60 * (4 + (c.r - c.g) / span)
        }
        if hue < 0 { hue += 360 }
        switch hue {
        case ..<36: return 1
        case ..<90: return 3
        case ..<150: return 2
        case ..<200: return 6
        case ..<270: return 4
        case ..<330: return 5
        default: return 1
        }
    }

    /// Perceived brightness 0…1 of a palette colour.
    public static func luminance(_ index: UInt8) -> Double {
        let c = rgb(of: index)
        return (0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b) / 255
    }

    /// WCAG 2 relative luminance 0…1 of a palette colour (sRGB channels linearised).
    public static func relativeLuminance(_ index: UInt8) -> Double {
        func linear(_ v: Double) -> Double {
            let c = v / 255
            return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        let c = rgb(of: index)
        return 0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b)
    }

    /// WCAG 2 contrast ratio (1…21) of two palette colours.
    public static func contrastRatio(_ a: UInt8, _ b: UInt8) -> Double {
        let (la, lb) = (relativeLuminance(a), relativeLuminance(b))
        return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
    }

    private static func distance(_ a: (Double, Double, Double), _ b: (Double, Double, Double)) -> Double {
        let (dr, dg, db) = (a.0 - b.0, a.1 - b.1, a.2 - b.2)
        return 2 * dr * dr + 4 * dg * dg + 3 * db * db
    }
}
