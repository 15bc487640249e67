/// Terminal column widths, as wcwidth(3) gives them for the characters rnnscope shows.
public enum DisplayWidth {
    /// 0 for combining marks and controls, 2 for East Asian wide and full-width characters, else 1.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v == 0 { return 0 }
        if v < 0x20 || (0x7F..<0xA0).contains(v) { return 0 }
        // Fast paths for what fills most frames (a general-category lookup is a table search):
        // below U+0300 no character is a mark or a format character but U+00AD, which is 1
        // wide; box drawing, block elements and shapes are all 1 wide.
        if v < 0x300 || (0x2500...0x25FF).contains(v) { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return v == 0x00AD ? 1 : 0
        default: break
        }
        if (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
            || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
            || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v)
            || (0x1F900...0x1F9FF).contains(v) || (0x20000...0x3FFFD).contains(v) {
            return 2
        }
        return 1
    }

    public static func of(_ character: Character) -> Int {
        character.unicodeScalars.first.map(of) ?? 0
    }

    public static func of(_ string: String) -> Int {
        string.reduce(0) { $0 + of($1) }
    }
}
