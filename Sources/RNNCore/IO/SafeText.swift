extension String {
    /// The one way text from a file or a model reaches a terminal: control characters (C0,
    /// DEL, C1: ESC, BEL, CR…), format characters (U+202E and the other bidi overrides, BOM,
    /// zero-width joiners) and line/paragraph separators are shown as Swift-style escapes,
    /// `\u{1B}`, so they cannot move the cursor, retitle the window, clear the screen or
    /// reorder a line. Everything else, non-ASCII letters included, is kept as is.
    public var terminalSafe: String {
        guard unicodeScalars.contains(where: \.needsTerminalEscape) else { return self }
        var out = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            if scalar.needsTerminalEscape {
                out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }
}

extension Unicode.Scalar {
    /// Control, format and line/paragraph-separator characters: see `String.terminalSafe`.
    public var needsTerminalEscape: Bool {
        switch properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }
}

extension String {
    /// `terminalSafe` line by line: the line feeds of a multi-line report are kept.
    public var terminalSafeLines: String {
        split(separator: "\n", omittingEmptySubsequences: false).map { String($0).terminalSafe }.joined(separator: "\n")
    }
}
