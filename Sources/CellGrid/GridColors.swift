/// How a grid's colours look outside a terminal (SVG and HTML exports): the terminal's
/// default foreground and background the theme was drawn for, and every palette colour as
/// `#rrggbb` through the xterm-256 palette.
///
/// A cell's colours are resolved like a terminal does: the default colours filled in, then
/// `reverse` swaps foreground and background, then `dim` mixes the foreground 40 % toward
/// the background.
public struct GridColors: Hashable, Sendable {
    /// The default foreground and background, as palette indices.
    public let foreground: UInt8
    public let background: UInt8

    public init(foreground: UInt8, background: UInt8) {
        self.foreground = foreground
        self.background = background
    }

    /// Light text on black (the dark theme's terminal).
    public static let dark = GridColors(foreground: 252, background: 16)
    /// Black text on white (the light theme's terminal).
    public static let light = GridColors(foreground: 16, background: 231)

    /// `#rrggbb` of a palette index.
    public static func hex(_ index: UInt8) -> String {
        let c = Palette.rgb(of: index)
        return hex(c.r, c.g, c.b)
    }

    static func hex(_ r: Double, _ g: Double, _ b: Double) -> String {
        let digits = Array("0123456789abcdef")
        var s = "#"
        for v in [r, g, b] {
            let n = max(0, min(255, Int(v.rounded())))
            s.append(digits[n / 16])
            s.append(digits[n % 16])
        }
        return s
    }

    /// The default background as `#rrggbb`.
    public var backgroundHex: String { Self.hex(background) }
    /// The default foreground as `#rrggbb`.
    public var foregroundHex: String { Self.hex(foreground) }

    /// The foreground and background `style` shows, as `#rrggbb` (see the type's rules).
    public func resolve(_ style: Style) -> (foreground: String, background: String) {
        var fg = index(style.foreground, default: foreground)
        var bg = index(style.background, default: background)
        if style.reverse { swap(&fg, &bg) }
        guard style.dim else { return (Self.hex(fg), Self.hex(bg)) }
        return (Self.mix(fg, bg, 0.4), Self.hex(bg))
    }

    /// `a` moved `fraction` of the way toward `b`, as `#rrggbb`.
    public static func mix(_ a: UInt8, _ b: UInt8, _ fraction: Double) -> String {
        let (x, y) = (Palette.rgb(of: a), Palette.rgb(of: b))
        return hex(x.r + (y.r - x.r) * fraction, x.g + (y.g - x.g) * fraction, x.b + (y.b - x.b) * fraction)
    }

    private func index(_ color: Color, default value: UInt8) -> UInt8 {
        switch color {
        case .terminalDefault: return value
        case .palette(let n): return n
        }
    }
}

/// Escaping for XML and HTML text and attribute values.
public enum MarkupText {
    /// `text` safe inside an element or a quoted attribute: `& < > " '` as entities; control
    /// characters (which XML 1.0 forbids or a terminal would act on) and U+FFFE/U+FFFF become
    /// U+FFFD; tabs and line breaks become spaces unless `keepLineBreaks`.
    public static func escape(_ text: String, keepLineBreaks: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\n" where keepLineBreaks: out += "\n"
            case "\n", "\t", "\r": out += " "
            default:
                let v = scalar.value
                if v < 0x20 || (0x7F...0x9F).contains(v) || v == 0xFFFE || v == 0xFFFF {
                    out.unicodeScalars.append("\u{FFFD}")
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
