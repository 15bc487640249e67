import CellGrid
import Lessons
import Localization

/// The lesson's narration for the current step: Markdown with live values, wrapped to the
/// panel (CJK-aware), scrollable with { and }.
struct NarrationPanel {
    let session: LessonSession
    let frame: Frame

    /// A run of text in one style.
    struct Run {
        var text: String
        var style: Style
    }

    func draw(in rect: Rect, on grid: inout CellGrid) {
        let strings = frame.strings
        let title = strings("lesson.narration.title", ["step": "\(session.stepIndex + 1)", "count": "\(session.stepCount)", "title": session.step.title])
        let hint = rect.width >= 70 ? strings["lesson.narration.keys"] : strings["lesson.narration.keys.short"]
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
        Self.drawFooter(hint: hint, scroll: scroll, maxScroll: maxScroll, in: rect, on: &grid, strings: strings)
    }

    /// The bottom border: the keys, the scroll position, and `more ↓` in bold while text
    /// lies below the panel (the keys go first when the border is too short for all).
    static let moreMarker = "more ↓"

    static func drawFooter(hint: String, scroll: Int, maxScroll: Int, in rect: Rect, on grid: inout CellGrid, strings: Strings = Strings(.en)) {
        let moreMarker = strings["lesson.narration.more"]
        let position = maxScroll > 0 ? (rect.width >= 70 ? "  " + strings("lesson.narration.scroll", ["scroll": "\(scroll)", "max": "\(maxScroll)"]) : "  {}") : ""
        let marker = scroll < maxScroll ? "  " + moreMarker : ""
        let room = rect.width - 3
        let parts = [" \(hint)\(position)\(marker) ", " \(hint)\(marker) ", marker.isEmpty ? "" : " } \(moreMarker) "]
        guard let footer = parts.first(where: { !$0.isEmpty && DisplayWidth.of($0) <= room }) else { return }
        var x = rect.maxX - 1 - DisplayWidth.of(footer)
        let plain = marker.isEmpty ? footer : String(footer.dropLast(moreMarker.count + 1))
        x += grid.put(plain, x: x, y: rect.maxY - 1, style: Theme.dim)
        if !marker.isEmpty { grid.put(moreMarker + " ", x: x, y: rect.maxY - 1, style: Theme.emphasis) }
    }

    /// The narration as styled runs, paragraphs separated by empty lines ("\n" runs).
    func runs() -> [Run] {
        var runs: [Run] = []
        if let question = session.step.question {
            runs.append(Run(text: "? ", style: Theme.emphasis))
            runs += spans(question.question)
            // Once answered, only the right choice (and a wrong pick) stay, so that the verdict
            // and its explanation fit under them at 80×24 without scrolling.
            for (index, choice) in question.choices.enumerated() {
                let picked = session.chosen == index + 1, right = index + 1 == question.answer
                if session.questionRevealed && !right && !picked { continue }
                let mark = !session.questionRevealed ? "" : right ? "  ✓" : picked ? "  ✗" : ""
                runs.append(Run(text: "\n  \(index + 1). \(choice)\(mark)",
                                style: session.questionRevealed && right ? Theme.target : picked ? Theme.wrong : Theme.numbers))
            }
            guard session.questionRevealed else {
                runs.append(Run(text: "\n\n" + QuestionWords(strings: frame.strings).prompt(question.choices.count), style: Theme.dim))
                return runs
            }
            let verdict = QuestionWords(strings: frame.strings).verdict(chosen: session.chosen, answer: question.answer)
            runs.append(Run(text: "\n" + verdict, style: Theme.emphasis))
            runs += spans(question.explain)
            runs.append(Run(text: "\n\n", style: Theme.numbers))
        }
        for (index, block) in session.step.narration.enumerated() {
            if index > 0 {
                let previous = session.step.narration[index - 1]
                let tight = block.kind == .code && previous.kind == .code || block.kind == .bullet && previous.kind == .bullet
                runs.append(Run(text: tight ? "\n" : "\n\n", style: Theme.numbers))
            }
            if block.kind == .bullet { runs.append(Run(text: "• ", style: Theme.emphasis)) }
            if block.kind == .code { runs.append(Run(text: "  ", style: Theme.numbers)) }
            runs += spans(block.spans)
        }
        return runs
    }

    /// Inline spans as runs, live values filled in.
    func spans(_ spans: [NarrationSpan]) -> [Run] {
        spans.map { span in
            switch span {
            case .text(let text, let style): return Run(text: text, style: Self.style(style))
            case .value(let placeholder, _): return Run(text: PlaceholderValues.text(for: placeholder, in: frame), style: Theme.liveValue)
            }
        }
    }

    static func style(_ style: NarrationStyle) -> Style {
        switch style {
        case .plain: return Theme.numbers
        case .bold: return Theme.emphasis
        case .code: return Theme.code
        case .math: return Theme.formula
        }
    }

    /// Word-wraps styled runs. Words are broken at spaces (a word may change style midway, so
    /// "9," stays together); wide (CJK) characters may break anywhere, except that closing
    /// punctuation never starts a line: it takes the word or character before it along.
    static func wrap(_ runs: [Run], width: Int) -> [[Run]] {
        var lines: [[StyledCharacter]] = [[]]
        var column = 0
        func newLine() {
            while let last = lines[lines.count - 1].last, last.character == " " { lines[lines.count - 1].removeLast() }
            lines.append([])
            column = 0
        }
        for token in tokens(runs) {
            if token.count == 1, token[0].character == "\n" { newLine(); continue }
            if token.count == 1, token[0].character == " " {
                if column > 0 && column < width {
                    lines[lines.count - 1].append(token[0])
                    column += 1
                }
                continue
            }
            let w = token.reduce(0) { $0 + DisplayWidth.of($1.character) }
            if column + w > width, column > 0 {
                // Closing punctuation takes the word before it (or one wide character) along.
                var carried: [StyledCharacter] = []
                if token.count == 1, closingPunctuation.contains(token[0].character) {
                    var line = lines[lines.count - 1]
                    while let last = line.last, last.character != " " {
                        carried.insert(line.removeLast(), at: 0)
                        if DisplayWidth.of(last.character) == 2 { break }
                    }
                    if line.isEmpty { carried = [] } else { lines[lines.count - 1] = line }
                }
                newLine()
                lines[lines.count - 1] = carried
                column = carried.reduce(0) { $0 + DisplayWidth.of($1.character) }
            }
            for item in token {
                let cw = DisplayWidth.of(item.character)
                if column + cw > width, column > 0 { newLine() }  // a word longer than the line
                lines[lines.count - 1].append(item)
                column += cw
            }
        }
        return lines.map(runs(of:))
    }

    struct StyledCharacter {
        let character: Character
        let style: Style
    }

    static let closingPunctuation: Set<Character> = ["，", "。", "、", "；", "：", "？", "！", "）", "」", "』", "》", "”", "’", "…"]

    /// Words (runs of narrow characters, across style changes), single spaces, newlines, and
    /// each wide character on its own.
    static func tokens(_ runs: [Run]) -> [[StyledCharacter]] {
        var tokens: [[StyledCharacter]] = []
        var word: [StyledCharacter] = []
        for run in runs {
            for character in run.text {
                let item = StyledCharacter(character: character, style: run.style)
                if character == " " || character == "\n" || DisplayWidth.of(character) == 2 {
                    if !word.isEmpty { tokens.append(word); word = [] }
                    tokens.append([item])
                } else {
                    word.append(item)
                }
            }
        }
        if !word.isEmpty { tokens.append(word) }
        return tokens
    }

    /// Characters back into runs of one style.
    static func runs(of line: [StyledCharacter]) -> [Run] {
        var runs: [Run] = []
        for item in line {
            if let last = runs.last, last.style == item.style {
                runs[runs.count - 1].text.append(item.character)
            } else {
                runs.append(Run(text: String(item.character), style: item.style))
            }
        }
        return runs
    }
}

/// The words around a lesson's question, in the interface's language.
struct QuestionWords {
    let strings: Strings

    init(strings: Strings) { self.strings = strings }
    /// The words in a lesson's language (`lang:` en or zh).
    init(lang: String) { strings = Strings(Language(rawValue: lang) ?? .en) }

    /// What to press while the question waits.
    func prompt(_ choices: Int) -> String { strings("lesson.question.prompt", ["count": "\(choices)"]) }

    /// "Right. ", "Not quite: it is 3. " or, revealed without answering, "The answer: 3. ".
    func verdict(chosen: Int?, answer: Int) -> String {
        guard let chosen else { return strings("lesson.question.revealed", ["answer": "\(answer)"]) }
        if chosen == answer { return strings["lesson.question.right"] }
        return strings("lesson.question.wrong", ["answer": "\(answer)"])
    }
}
