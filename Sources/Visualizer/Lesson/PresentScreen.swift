import CellGrid
import Lessons
import RNNCore

/// Presentation mode for projectors: the classroom layout (`ClassroomView`: the sequence,
/// only the panels the current sub-step is about with big cells, the formula and its numbers
/// in large glyphs) above a large narration.
struct PresentScreen {
    let session: LessonSession
    let frame: Frame

    func render(width: Int, height: Int) -> CellGrid {
        var grid = CellGrid(width: width, height: height)
        let layout = Layout(width: width, height: height)
        grid.fill(layout.header, with: Cell(" ", style: Theme.header))
        grid.put(" rnnscope  lesson \(session.lesson.id): \(session.lesson.title)", x: 0, y: 0, style: Theme.header, maxWidth: width)
        // The narration keeps at least 8 rows, a third of the screen when it is tall.
        let narrationHeight = max(8, (height - 2) / 3)
        let top = Rect(x: 0, y: 1, width: width, height: height - 2 - narrationHeight)
        ClassroomView(frame: frame).draw(in: top, on: &grid)
        NarrationPanel(session: session, frame: frame).draw(in: Rect(x: 0, y: top.maxY, width: width, height: height - 1 - top.maxY), on: &grid)
        ExplorerScreen.drawStatus(frame, layout: layout, on: &grid)
        return grid
    }
}
