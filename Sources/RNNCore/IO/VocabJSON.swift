/// The weight file's `vocab` metadata: a JSON array of one-character strings, written and read
/// here rather than by JSONSerialization, which drops a U+FEFF (BOM) inside a string, so a
/// model trained on a text with a BOM could be saved but not reopened. Written as Python's
/// `json.dumps` writes it (`ensure_ascii`: every character outside printable ASCII as `\uXXXX`,
/// UTF-16 surrogate pairs above U+FFFF), so every vocabulary, however hostile (NUL, C0/C1
/// controls, BOM, U+202E, combining marks, CR and LF, ZWJ, quotes, backslashes), loads back
/// exactly, one Unicode scalar per entry.
public enum VocabJSON {
    public static func encode(_ symbols: [Unicode.Scalar]) -> String {
        var out = "["
        for (i, scalar) in symbols.enumerated() {
            if i > 0 { out += ", " }
            out += "\""
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case " "..."~": out.unicodeScalars.append(scalar)
            default:
                if scalar.value <= 0xFFFF {
                    out += unit(UInt16(scalar.value))
                } else {
                    let v = scalar.value - 0x10000
                    out += unit(UInt16(0xD800 + (v >> 10))) + unit(UInt16(0xDC00 + (v & 0x3FF)))
                }
            }
            out += "\""
        }
        return out + "]"
    }

    private static func unit(_ value: UInt16) -> String {
        "\\u" + String(value, radix: 16).leftPadded(to: 4)
    }

    /// The entries of a JSON array of strings, each as its Unicode scalars; nil when `text` is
    /// not one (or holds a lone surrogate, which no string can).
    public static func decode(_ text: String) -> [String]? {
        let s = Array(text.unicodeScalars)
        var i = 0
        func skipSpace() { while i < s.count, s[i] == " " || s[i] == "\n" || s[i] == "\r" || s[i] == "\t" { i += 1 } }
        func hex4() -> UInt32? {
            guard i + 4 <= s.count else { return nil }
            var value: UInt32 = 0
            for k in 0..<4 {
                guard let digit = Character(s[i + k]).hexDigitValue else { return nil }
                value = value * 16 + UInt32(digit)
            }
            i += 4
            return value
        }
        func string() -> String? {
            guard i < s.count, s[i] == "\"" else { return nil }
            i += 1
            var out = String.UnicodeScalarView()
            while i < s.count {
                let c = s[i]
                i += 1
                switch c {
                case "\"": return String(out)
                case "\\":
                    guard i < s.count else { return nil }
                    let e = s[i]
                    i += 1
                    switch e {
                    case "\"", "\\", "/": out.append(e)
                    case "b": out.append("\u{8}")
                    case "f": out.append("\u{C}")
                    case "n": out.append("\n")
                    case "r": out.append("\r")
                    case "t": out.append("\t")
                    case "u":
                        guard let high = hex4() else { return nil }
                        if (0xD800...0xDBFF).contains(high) {
                            guard i + 2 <= s.count, s[i] == "\\", s[i + 1] == "u" else { return nil }
                            i += 2
                            guard let low = hex4(), (0xDC00...0xDFFF).contains(low),
                                  let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
                            else { return nil }
                            out.append(scalar)
                        } else {
                            guard let scalar = Unicode.Scalar(high) else { return nil }  // a lone low surrogate
                            out.append(scalar)
                        }
                    default: return nil
                    }
                default:
                    guard c.value >= 0x20 else { return nil }
                    out.append(c)
                }
            }
            return nil
        }
        skipSpace()
        guard i < s.count, s[i] == "[" else { return nil }
        i += 1
        skipSpace()
        var entries: [String] = []
        if i < s.count, s[i] == "]" {
            i += 1
        } else {
            while true {
                skipSpace()
                guard let entry = string() else { return nil }
                entries.append(entry)
                skipSpace()
                guard i < s.count else { return nil }
                if s[i] == "," { i += 1; continue }
                if s[i] == "]" { i += 1; break }
                return nil
            }
        }
        skipSpace()
        return i == s.count ? entries : nil
    }
}
