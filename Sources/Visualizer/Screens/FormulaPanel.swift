import CellGrid
import Localization
import RNNCore

/// The current sub-step: where it is in its phase, its name, its formula in the notes'
/// notation and the inspector's numbers for the selected unit.
struct FormulaPanel {
    let frame: Frame
    let explanation: StepExplanation

    func draw(in rect: Rect, on grid: inout CellGrid, boxed: Bool) {
        let (index, count) = SubStepNames.position(frame.subStep, cell: frame.cell)
        let strings = frame.strings
        // The status bar's words for the phase, so both name it alike.
        let phase = frame.phase == .forward ? strings["chrome.phase.forward"] : strings["chrome.phase.backward"]
        let inner = PanelFrame.draw("\(phase) \(index + 1)/\(count)", note: strings("formula.unit", ["unit": String(frame.unit)]),
                                    in: rect, on: &grid, boxed: boxed, highlighted: false)
        guard !frame.ui.concealed else {
            grid.put(strings["formula.concealed"], x: inner.x, y: inner.y, style: Theme.dim, maxWidth: inner.width)
            return
        }
        let (name, formula, numbers) = lines(width: inner.width)
        // A blank line between formula and numbers when there is room for it; when even the
        // numbers would not fit, the name goes (the status line has it too).
        let needed = name.count + formula.count + numbers.count
        let gap = needed < inner.height ? [("", Theme.numbers)] : []
        let shown = (needed > inner.height ? [] : name) + formula + gap + numbers
        // Still too many: `more ↓` on the bottom border (boxed) or the last row says so.
        let cut = shown.count > inner.height
        let more = strings["formula.more"]
        let marker = boxed ? " \(more) " : " \(more)"
        for (row, (text, style)) in shown.prefix(max(0, inner.height)).enumerated() {
            // Beside the marker, whole words only: a cut number would read as another number.
            let last = cut && !boxed && row == inner.height - 1
            grid.put(last ? Self.words(text, width: inner.width - DisplayWidth.of(marker)) : text,
                     x: inner.x, y: inner.y + row, style: style, maxWidth: inner.width)
        }
        if cut {
            let y = boxed ? rect.maxY - 1 : inner.maxY - 1
            let x = (boxed ? rect.maxX - 2 : inner.maxX) - DisplayWidth.of(marker)
            if x > rect.x + 1 { grid.put(marker, x: x, y: y, style: Theme.emphasis) }
        }
    }

    static let moreMarker = "more ↓"

    /// The words of `text` that fit `width` columns (spaces kept). Chinese has no spaces: a
    /// line may also end before a wide character, or after one.
    static func words(_ text: String, width: Int) -> String {
        if DisplayWidth.of(text) <= width { return text }
        var best = "", prefix = ""
        for c in text {
            let wideBoundary = DisplayWidth.of(c) == 2 || prefix.last.map { DisplayWidth.of($0) == 2 } ?? false
            if c == " " || wideBoundary, DisplayWidth.of(prefix) <= width { best = prefix }
            prefix.append(c)
        }
        return best
    }

    /// The panel's lines at `width` columns: the sub-step's name, its formula and the numbers.
    func lines(width: Int) -> (name: [(String, Style)], formula: [(String, Style)], numbers: [(String, Style)]) {
        (TextWrap.wrap(explanation.title, width: width).map { ($0, Theme.emphasis) },
         MathWrap.lines(explanation.formula, width: width).map { ($0, Theme.formula) },
         explanation.inspector.flatMap { MathWrap.lines($0, width: width) }.map { ($0, Theme.numbers) })
    }

    /// The rows inside the boxed panel that show every line (the blank line between formula
    /// and numbers not counted).
    func neededRows(width: Int) -> Int {
        let (name, formula, numbers) = lines(width: width)
        return name.count + formula.count + numbers.count
    }
}

/// Line breaking for formulas: side-by-side formulas (three spaces apart) go on separate
/// lines; an expression breaks before ` = ` where the rest fits, else by words; continuation
/// lines are indented; prose (anything with `: `, or without ` = `) wraps by words.
enum MathWrap {
    static func lines(_ text: String, width: Int) -> [String] {
        guard DisplayWidth.of(text) > width, width > 8 else { return TextWrap.wrap(text, width: width) }
        let formulas = text.components(separatedBy: "   ")
        if formulas.count > 1 {
            return pack(formulas, width: width).flatMap { lines($0, width: width) }
        }
        if text.contains(": ") || text.contains("：") || !text.contains(" = ") { return TextWrap.wrap(text, width: width) }
        return expression(text, width: width)
    }

    /// Formulas side by side while they fit, three spaces apart.
    static func pack(_ formulas: [String], width: Int) -> [String] {
        var out: [String] = []
        for formula in formulas {
            if let last = out.last, DisplayWidth.of(last + "   " + formula) <= width {
                out[out.count - 1] = last + "   " + formula
            } else {
                out.append(formula)
            }
        }
        return out
    }

    /// `a = b + c = d`: each `= …` part goes on a fresh indented line when it does not fit on
    /// the current one but fits alone; otherwise its words flow on.
    static func expression(_ text: String, width: Int) -> [String] {
        let indent = "  "
        var out: [String] = []
        var line = ""
        var isBlank: Bool { line.isEmpty || line == indent }
        func joined(_ piece: String) -> String { isBlank ? line + piece : line + " " + piece }
        func fits(_ text: String) -> Bool { DisplayWidth.of(text) <= width }
        func newLine() { out.append(line); line = indent }
        for (index, part) in text.components(separatedBy: " = ").enumerated() {
            let piece = index == 0 ? part : "= " + part
            if fits(joined(piece)) {
                line = joined(piece)
                continue
            }
            if !isBlank, fits(indent + piece) {
                newLine()
                line += piece
                continue
            }
            for word in piece.split(separator: " ").map(String.init) {
                if !isBlank, !fits(joined(word)) { newLine() }
                line = joined(word)
            }
        }
        return (out + [line]).flatMap { fits($0) ? [$0] : TextWrap.wrap($0, width: width) }
    }
}
