import CellGrid
import Lessons
import RNNCore

/// Presentation mode for projectors: only the panels the current sub-step is about, drawn
/// with every unit two cells wide and two rows tall, the formula, and a large narration.
struct PresentScreen {
    let session: LessonSession
    let frame: Frame

    func render(width: Int, height: Int) -> CellGrid {
        var grid = CellGrid(width: width, height: height)
        let layout = Layout(width: width, height: height)
        grid.fill(layout.header, with: Cell(" ", style: Theme.header))
        grid.put(" rnnscope  lesson \(session.lesson.id): \(session.lesson.title)", x: 0, y: 0, style: Theme.header, maxWidth: width)
        Timeline(frame: frame).draw(in: Rect(x: 0, y: 1, width: width, height: 2), on: &grid, boxed: false, highlighted: false)

        let explanation = frame.explanation
        let context = StepContext(trace: frame.trace, t: frame.t, unit: frame.unit, subStep: frame.subStep) { _, _ in .nan }
        let panels = frame.cell.walkthrough.vectorPanels(context, lit: explanation.panels).filter(\.lit)
        let formulaHeight = 7
        // Panels are 7 rows; keep at least 8 rows for the narration.
        let room = max(1, (height - 1 - 3 - formulaHeight - 8) / 7)
        var y = 3
        for panel in panels.prefix(room) {
            let rect = Rect(x: 0, y: y, width: width, height: 7)
            let inner = Box.draw(title: panel.title, in: rect, on: &grid, highlighted: true)
            Self.drawEnlarged(panel.values, scale: panel.scale, selected: panel.selected, in: Rect(x: inner.x, y: inner.y, width: inner.width, height: 4), on: &grid)
            Legend.draw(panel.scale, in: Rect(x: inner.x, y: inner.y + 4, width: inner.width, height: 1), on: &grid)
            y += 7
        }
        if panels.isEmpty || explanation.panels.contains(.softmax) && panels.count < room {
            let rect = Rect(x: 0, y: y, width: width, height: 9)
            SoftmaxPanel(step: frame.trace.step(frame.t), vocabulary: frame.trace.config.vocabulary)
                .draw(in: rect, on: &grid, boxed: true, highlighted: explanation.panels.contains(.softmax))
            y += 9
        }
        FormulaPanel(frame: frame, explanation: explanation)
            .draw(in: Rect(x: 0, y: y, width: width, height: formulaHeight), on: &grid, boxed: true)
        y += formulaHeight
        NarrationPanel(session: session, frame: frame).draw(in: Rect(x: 0, y: y, width: width, height: height - 1 - y), on: &grid)
        ExplorerScreen.drawStatus(frame, layout: layout, on: &grid)
        return grid
    }

    /// A vector heatmap with each cell magnified to 2×2, wrapped to fit `rect`.
    static func drawEnlarged(_ values: [Float], scale: ColorScale, selected: Int?, in rect: Rect, on grid: inout CellGrid) {
        // As few rows as fit the width, then split evenly (64 units → 2 rows of 32).
        let widest = max(1, min(values.count, rect.width / 2))
        let rows = min(max(1, rect.height / 2), (values.count + widest - 1) / widest)
        let perRowFitting = max(1, (values.count + rows - 1) / rows)
        var small = CellGrid(width: perRowFitting, height: (values.count + perRowFitting - 1) / perRowFitting)
        VectorHeatmap.draw(values, scale: scale, selected: selected, in: small.bounds, on: &small)
        for sy in 0..<small.height {
            for sx in 0..<small.width {
                let cell = small[sx, sy]
                let blank = Cell(" ", style: cell.style, intensity: cell.intensity)
                for dy in 0..<2 {
                    for dx in 0..<2 where rect.x + 2 * sx + dx < rect.maxX && rect.y + 2 * sy + dy < rect.maxY {
                        grid[rect.x + 2 * sx + dx, rect.y + 2 * sy + dy] = dx == 0 && dy == 0 ? cell : blank
                    }
                }
            }
        }
    }
}
