import CellGrid

/// Word wrapping and truncation by terminal columns (`DisplayWidth`), for explanations that
/// may be English or Chinese.
///
/// - Lines break at spaces; runs of spaces between words are kept inside a line and dropped
///   at a break. A paragraph's leading spaces (indentation) are kept.
/// - Between two wide (CJK) characters a line may break anywhere, since Chinese has no
///   spaces — except before closing punctuation (`，。、：；！？）」』》` and their ASCII
///   kin) and after opening brackets (`（「『《`), which stay with their neighbour.
/// - `\n` (also `\r\n`, `\r`) ends a paragraph; an empty paragraph gives an empty line.
/// - A word wider than the line is broken by characters. No line is ever wider than `width`;
///   a wide character in a 1-column width can never fit and is dropped. Tabs count as spaces.
public enum TextWrap {
    /// `text` as lines of at most `width` columns (none when `width` < 1; `[""]` for "").
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        var paragraph: [Character] = []
        for c in text {
            if c == "\n" || c == "\r\n" || c == "\r" {
                lines += wrapParagraph(paragraph, width: width)
                paragraph = []
            } else {
                paragraph.append(c)
            }
        }
        return lines + wrapParagraph(paragraph, width: width)
    }

    /// `text` cut to at most `width` columns, ending in `…` when something was cut.
    public static func truncate(_ text: String, width: Int) -> String {
        guard width > 0 else { return "" }
        if DisplayWidth.of(text) <= width { return text }
        var out = "", used = 0
        for c in text {
            let w = DisplayWidth.of(c)
            if used + w > width - 1 { break }
            out.append(c)
            used += w
        }
        return out + "…"
    }

    /// `text` shortened to at most `width` columns the way a title is: cut before a phrase
    /// (`: `, `, `, `; `, ` (`, ` — ` or two spaces, outside brackets) and without the cut-off
    /// punctuation, keeping the longest such start that fits: `W_hh [96×32] blocks r,z,n: row
    /// i = …` becomes `W_hh [96×32] blocks r,z,n`. With no phrase short enough, the words that
    /// fit and `…`; a word is cut only when not even the first one fits.
    public static func shorten(_ text: String, width: Int) -> String {
        guard width > 0 else { return "" }
        if DisplayWidth.of(text) <= width { return text }
        if let phrase = phraseStarts(text).last(where: { DisplayWidth.of($0) <= width }) { return phrase }
        var best = ""
        var prefix = ""
        for c in text {
            if c == " ", !prefix.isEmpty, DisplayWidth.of(prefix) + 1 <= width { best = prefix }
            prefix.append(c)
        }
        return best.isEmpty ? truncate(text, width: width) : best + "…"
    }

    /// The starts of `text` that end where a phrase ends (shortest first), without the
    /// separator: `a: b (c)` → `a`, `a: b`.
    static func phraseStarts(_ text: String) -> [String] {
        let characters = Array(text)
        var starts: [String] = []
        var depth = 0
        for (i, c) in characters.enumerated() {
            // A Chinese title's phrases end at full-width punctuation, with no space after it,
            // or before a full-width bracket.
            let cjkCut = depth == 0 && i > 0 && i + 1 < characters.count && "：，；（".contains(c)
            if "([{（".contains(c) { depth += 1 }
            if ")]}）".contains(c) { depth = max(0, depth - 1) }
            guard cjkCut || depth == 0, i > 0, i + 1 < characters.count else { continue }
            let next = characters[i + 1]
            let cut: Bool
            switch c {
            case ":", ",", ";": cut = next == " "
            case " ": cut = next == " " || next == "(" || next == "—"
            default: cut = cjkCut
            }
            guard cut else { continue }
            let start = String(characters[..<i]).trimmingTrailing()
            if !start.isEmpty, starts.last != start { starts.append(start) }
        }
        return starts
    }

    private static let noLineStart = Set("，。、：；！？）」』》〉】…,.;:!?)]}”’")
    private static let noLineEnd = Set("（「『《〈【([{“‘")

    private enum Token {
        case space(Int)
        case word(String, Int)
    }

    /// Words, space runs and single wide characters (with the punctuation that sticks to them).
    private static func tokens(_ paragraph: [Character]) -> [Token] {
        var tokens: [Token] = []
        var word = "", wordWidth = 0, endsWide = false, spaces = 0
        func flushWord() {
            if !word.isEmpty { tokens.append(.word(word, wordWidth)) }
            word = ""; wordWidth = 0; endsWide = false
        }
        for c in paragraph {
            if c == " " || c == "\t" {
                flushWord()
                spaces += 1
                continue
            }
            if spaces > 0 { tokens.append(.space(spaces)); spaces = 0 }
            let w = DisplayWidth.of(c)
            let glued = noLineStart.contains(c) || word.last.map { noLineEnd.contains($0) } ?? false
            if !glued, w == 2 || endsWide { flushWord() }
            word.append(c)
            wordWidth += w
            endsWide = w == 2
        }
        flushWord()
        return tokens
    }

    private static func wrapParagraph(_ paragraph: [Character], width: Int) -> [String] {
        var lines: [String] = []
        var line = "", lineWidth = 0, pendingSpaces = 0, atStart = true
        func breakLine() {
            lines.append(line)
            line = ""; lineWidth = 0
        }
        for token in tokens(paragraph) {
            switch token {
            case .space(let n):
                if atStart {
                    let kept = min(n, width)
                    line = String(repeating: " ", count: kept); lineWidth = kept
                } else {
                    pendingSpaces = n
                }
            case .word(let text, let w):
                if lineWidth + pendingSpaces + w <= width {
                    line += String(repeating: " ", count: pendingSpaces) + text
                    lineWidth += pendingSpaces + w
                } else {
                    if lineWidth > 0 { breakLine() }
                    if w <= width {
                        line = text; lineWidth = w
                    } else {
                        for c in text {
                            let cw = DisplayWidth.of(c)
                            if cw > width { continue }
                            if lineWidth + cw > width {
                                // Closing punctuation never starts a line: the characters
                                // before it go down with it.
                                var carried = ""
                                while noLineStart.contains(carried.first ?? c), line.count > 1, let last = line.last,
                                      DisplayWidth.of(carried) + DisplayWidth.of(last) + cw <= width {
                                    line.removeLast()
                                    carried.insert(last, at: carried.startIndex)
                                }
                                breakLine()
                                line = carried; lineWidth = DisplayWidth.of(carried)
                            }
                            line.append(c); lineWidth += cw
                        }
                    }
                }
                pendingSpaces = 0
            }
            atStart = false
        }
        lines.append(line)
        return lines
    }
}

extension TextWrap {
    /// The closing punctuation no line may start with (Chinese line-breaking rules, kinsoku):
    /// `wrap` keeps it with the character before it.
    public static let closingPunctuation: Set<Character> = Set("，。、：；！？）」』》〉】…”’")

    /// Whether a wrapped line breaks the rule: it starts (after its indentation) with closing
    /// punctuation.
    public static func startsWithClosingPunctuation(_ line: String) -> Bool {
        line.drop { $0 == " " }.first.map { closingPunctuation.contains($0) } ?? false
    }
}

extension String {
    /// Without trailing spaces and the punctuation a cut title should not end on.
    func trimmingTrailing() -> String {
        var s = Substring(self)
        while let last = s.last, " :,;—：，；".contains(last) { s.removeLast() }
        return String(s)
    }
}
