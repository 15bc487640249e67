import CellGrid
import Lessons

/// The lesson's narration for the current step: Markdown with live values, wrapped to the
/// panel (CJK-aware), scrollable with { and }.
struct NarrationPanel {
    let session: LessonSession

    /// A run of text in one style.
    struct Run {
        var text: String
        var style: Style
    }

    func draw(in rect: Rect, on grid: inout CellGrid) {
        let title = "step \(session.stepIndex + 1)/\(session.stepCount): \(session.step.title)"
        let hint = "Enter/] next  [ back  = script"
        let inner = Box.draw(title: title, in: rect, on: &grid, highlighted: true)
        guard inner.height >= 1, inner.width >= 4 else { return }
        let lines = Self.wrap(runs(), width: inner.width)
        let visible = inner.height
        let maxScroll = max(0, lines.count - visible)
        let scroll = min(session.narrationScroll, maxScroll)
        for (row, line) in lines.dropFirst(scroll).prefix(visible).enumerated() {
            var x = inner.x
            for run in line { x += grid.put(run.text, x: x, y: inner.y + row, style: run.style, maxWidth: inner.maxX - x) }
        }
        let more = maxScroll > 0 ? "  { } scroll \(scroll)/\(maxScroll)" : ""
        let footer = " \(hint)\(more) "
        let x = rect.maxX - 1 - DisplayWidth.of(footer)
        if x > rect.x + 1 { grid.put(footer, x: x, y: rect.maxY - 1, style: Theme.dim) }
    }

    /// The narration as styled runs, paragraphs separated by empty lines ("\n" runs).
    func runs() -> [Run] {
        var runs: [Run] = []
        for (index, block) in session.step.narration.enumerated() {
            if index > 0 {
                let previous = session.step.narration[index - 1]
                let tight = block.kind == .code && previous.kind == .code || block.kind == .bullet && previous.kind == .bullet
                runs.append(Run(text: tight ? "\n" : "\n\n", style: Theme.numbers))
            }
            if block.kind == .bullet { runs.append(Run(text: "• ", style: Theme.emphasis)) }
            if block.kind == .code { runs.append(Run(text: "  ", style: Theme.numbers)) }
            for span in block.spans {
                switch span {
                case .text(let text, let style):
                    runs.append(Run(text: text, style: Self.style(style)))
                case .value(let placeholder, _):
                    runs.append(Run(text: PlaceholderValues.text(for: placeholder, in: session.explorer), style: Theme.liveValue))
                }
            }
        }
        return runs
    }

    static func style(_ style: NarrationStyle) -> Style {
        switch style {
        case .plain: return Theme.numbers
        case .bold: return Theme.emphasis
        case .code: return Theme.code
        case .math: return Theme.formula
        }
    }

    /// Word-wraps styled runs: breaks at spaces, or between any two wide (CJK) characters.
    static func wrap(_ runs: [Run], width: Int) -> [[Run]] {
        var lines: [[Run]] = [[]]
        var column = 0
        func append(_ text: String, _ style: Style) {
            if let last = lines[lines.count - 1].last, last.style == style {
                lines[lines.count - 1][lines[lines.count - 1].count - 1].text += text
            } else {
                lines[lines.count - 1].append(Run(text: text, style: style))
            }
            column += DisplayWidth.of(text)
        }
        func newLine() {
            lines.append([])
            column = 0
        }
        for run in runs {
            for token in tokens(run.text) {
                if token == "\n" { newLine(); continue }
                let w = DisplayWidth.of(token)
                if token == " " {
                    if column > 0 && column < width { append(" ", run.style) }
                    continue
                }
                if column + w > width, column > 0 { newLine() }
                if w > width {
                    // A word longer than the line: hard-break it.
                    for character in token {
                        if column + DisplayWidth.of(character) > width { newLine() }
                        append(String(character), run.style)
                    }
                } else {
                    append(token, run.style)
                }
            }
        }
        return lines.map { line in
            var trimmed = line
            while let last = trimmed.last, last.text.allSatisfy({ $0 == " " }) { trimmed.removeLast() }
            return trimmed
        }
    }

    /// Words, single spaces, newlines, and each wide character on its own.
    static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var word = ""
        for character in text {
            if character == " " || character == "\n" || DisplayWidth.of(character) == 2 {
                if !word.isEmpty { tokens.append(word); word = "" }
                tokens.append(String(character))
            } else {
                word.append(character)
            }
        }
        if !word.isEmpty { tokens.append(word) }
        return tokens
    }
}
