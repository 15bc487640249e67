import CellGrid
import Localization
import RNNCore

/// Presentation mode (`explore --present`, `lesson --present`): a classroom layout for a
/// projector. The sequence, only the vectors the current sub-step is about, each unit a block
/// of 2–4 × 2–3 cells, and the sub-step's formula with its numbers in large glyphs
/// (`BigText`, three rows tall) readable from the back of a room.
struct ClassroomView {
    let frame: Frame

    /// Draws into `rect`; the formula takes the rows its big lines need (up to 60% of the
    /// rect), the panels share the rest.
    func draw(in rect: Rect, on grid: inout CellGrid) {
        guard rect.width >= 20, rect.height >= 8 else { return }
        Timeline(frame: frame).draw(in: Rect(x: rect.x, y: rect.y, width: rect.width, height: 2), on: &grid, boxed: false, highlighted: false)
        let below = Rect(x: rect.x, y: rect.y + 2, width: rect.width, height: rect.height - 2)
        let explanation = frame.explanation
        // Glyphs twice as large when they leave the panels the rows they need (at least one
        // panel); the formula sits right under the panels and takes the rest.
        let panelsNeeded = min(drawPanels(in: Rect(x: below.x, y: below.y, width: below.width, height: 0), on: &grid, measuring: true), below.height - 9)
        let large = BigFormula(frame: frame, explanation: explanation, scale: 2)
        let formula = large.height(width: below.width) <= below.height - max(panelsNeeded, 9) ? large : BigFormula(frame: frame, explanation: explanation, scale: 1)
        let formulaHeight = max(below.height - panelsNeeded, min(formula.height(width: below.width), max(9, below.height * 3 / 5)))
        let panelsRect = Rect(x: below.x, y: below.y, width: below.width, height: below.height - formulaHeight)
        drawPanels(in: panelsRect, on: &grid)
        formula.draw(in: Rect(x: below.x, y: panelsRect.maxY, width: below.width, height: formulaHeight), on: &grid)
    }

    /// The lit vector panels, enlarged, then the softmax when it is lit and there is room.
    /// `measuring`: draws nothing and returns the rows all of them would take.
    @discardableResult
    func drawPanels(in rect: Rect, on grid: inout CellGrid, measuring: Bool = false) -> Int {
        let explanation = frame.explanation
        let context = frame.stepContext
        let panels = frame.cell.walkthrough.vectorPanels(context, lit: explanation.panels).filter(\.lit)
        var y = rect.y
        for panel in panels {
            let size = Self.blockSize(count: panel.values.count, width: rect.width - 2)
            let height = 3 + size.rows * size.cellHeight
            if measuring { y += height; continue }
            guard y + height <= rect.maxY else { break }
            let box = Rect(x: rect.x, y: y, width: rect.width, height: height)
            let inner = Box.draw(title: panel.title, in: box, on: &grid, highlighted: true)
            let cells = VectorPanel.stretch(panel.values, by: size.cellWidth)
            let width = VectorPanel.rowWidth(count: cells.count, available: inner.width)
            VectorPanel.drawTall(cells, scale: panel.scale, selected: panel.selected.map { $0 * size.cellWidth + size.cellWidth / 2 },
                                 in: Rect(x: inner.x, y: inner.y, width: width, height: inner.height - 1), rowHeight: size.cellHeight, on: &grid)
            Legend.draw(panel.scale, in: Rect(x: inner.x, y: inner.maxY - 1, width: min(inner.width, 61), height: 1), on: &grid)
            y += height
        }
        let softmaxHeight = 10
        let showSoftmax = panels.isEmpty || explanation.panels.contains(.softmax)
        if measuring { return y - rect.y + (showSoftmax ? softmaxHeight : 0) }
        if showSoftmax, y + softmaxHeight <= rect.maxY {
            SoftmaxPanel(step: frame.step, vocabulary: frame.trace.config.vocabulary, rowHeight: 2, strings: frame.strings)
                .draw(in: Rect(x: rect.x, y: y, width: rect.width, height: softmaxHeight), on: &grid, boxed: true,
                      highlighted: explanation.panels.contains(.softmax))
            y += softmaxHeight
        }
        return y - rect.y
    }

    /// Each value as a block `cellWidth` × `cellHeight` cells: as wide as fits on one row (2–4),
    /// else 2 wide over several rows; 3 rows tall on one row, 2 when it wraps.
    static func blockSize(count: Int, width: Int) -> (cellWidth: Int, cellHeight: Int, rows: Int) {
        guard count > 0, width > 0 else { return (1, 1, 1) }
        let cellWidth = max(2, min(4, width / count))
        let rows = VectorHeatmap.rowsNeeded(count: count * cellWidth, width: width)
        return (cellWidth, rows == 1 ? 3 : 2, rows)
    }
}

/// The formula panel of presentation mode: the sub-step's name, its formula and the inspector's
/// numbers for the selected unit, in large glyphs where they fit.
struct BigFormula {
    let frame: Frame
    let explanation: StepExplanation
    /// 1: glyphs three rows tall; 2: six.
    var scale = 1

    /// The formula in a mid blue and the numbers in the terminal's own text colour: both read
    /// on a dark and a light projector background.
    // The theme's formula colour: readable on the theme's background (checked by ThemeContrastTests).
    static var formulaStyle: Style { Theme.formula }
    static let numbersStyle = Style(bold: true)

    /// Big lines for the formula and the numbers, wrapped to `width`.
    func bigLines(width: Int) -> [(String, Style)] {
        let formula = explanation.formula.components(separatedBy: "   ").first ?? explanation.formula
        return BigText.lines(formula, width: width, scale: scale).map { ($0, Self.formulaStyle) }
            + explanation.inspector.flatMap { BigText.lines($0, width: width, scale: scale) }.map { ($0, Self.numbersStyle) }
    }

    /// Rows the panel needs: its box, the name line, and four rows per big line.
    func height(width: Int) -> Int {
        2 + 1 + bigLines(width: width - 2).count * (BigText.height(scale: scale) + 1)
    }

    func draw(in rect: Rect, on grid: inout CellGrid) {
        let (index, count) = SubStepNames.position(frame.subStep, cell: frame.cell)
        let strings = frame.strings
        let phase = frame.phase == .forward ? strings["chrome.phase.forward"] : strings["chrome.phase.backward"]
        let inner = PanelFrame.draw("\(phase) \(index + 1)/\(count)", note: strings("formula.unit", ["unit": String(frame.unit)]),
                                    in: rect, on: &grid, boxed: true, highlighted: false)
        guard inner.height >= 1 else { return }
        grid.put(explanation.title, x: inner.x, y: inner.y, style: Theme.emphasis, maxWidth: inner.width)
        var y = inner.y + 1
        var lines = bigLines(width: inner.width)
        // Without room for every big line, the symbolic formula goes first (the numbers matter
        // most), as normal text on the name's line.
        let lineHeight = BigText.height(scale: scale)
        let room = (inner.maxY - y + 1) / (lineHeight + 1)
        if lines.count > room, let first = lines.first, first.1 == Self.formulaStyle {
            let formula = lines.prefix { $0.1 == Self.formulaStyle }.map(\.0).joined(separator: " ")
            let x = inner.x + DisplayWidth.of(explanation.title) + 3
            grid.put(formula, x: x, y: inner.y, style: Self.formulaStyle, maxWidth: inner.maxX - x)
            lines.removeAll { $0.1 == Self.formulaStyle }
        }
        for (text, style) in lines {
            guard y + lineHeight <= inner.maxY else { break }
            BigText.draw(text, x: inner.x, y: y, style: style, clip: inner, scale: scale, on: &grid)
            y += lineHeight + 1
        }
    }
}
