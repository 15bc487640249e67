import CellGrid
import RNNCore

/// The current sub-step: its name, its formula in the notes' notation and the inspector's
/// numbers for the selected unit.
struct FormulaPanel {
    let explorer: Explorer
    let explanation: StepExplanation

    func draw(in rect: Rect, on grid: inout CellGrid, boxed: Bool, highlighted: Bool) {
        let (index, count) = explorer.subStep.position
        let title = "\(explorer.phase.rawValue) \(index + 1)/\(count): \(explanation.title)"
        let inner = PanelFrame.draw(title, in: rect, on: &grid, boxed: boxed, highlighted: false)
        var y = inner.y
        func write(_ text: String, _ style: Style) {
            for line in TextWrap.wrap(text, width: inner.width) where y < inner.maxY {
                grid.put(line, x: inner.x, y: y, style: style, maxWidth: inner.width)
                y += 1
            }
        }
        write(explanation.formula, Theme.formula)
        if boxed, y < inner.maxY { y += 1 }
        for line in explanation.inspector { write(line, Theme.numbers) }
        if y < inner.maxY {
            grid.put("unit \(explorer.unit) (↑/↓)", x: inner.x, y: inner.maxY - 1, style: Theme.dim, maxWidth: inner.width)
        }
    }
}
