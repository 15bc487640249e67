import CellGrid
import Lessons
import RNNCore

/// A lesson on screen: the explorer's view with the narration panel, or in presentation
/// mode fewer, larger panels for a projector.
public enum LessonScreen {
    public static func render(_ session: LessonSession, width: Int, height: Int) -> CellGrid {
        let frame = session.frame()
        return Theme.drawing(frame.ui.resolvedTheme) { render(session, frame: frame, width: width, height: height) }
    }

    static func render(_ session: LessonSession, frame: Frame, width: Int, height: Int) -> CellGrid {
        let layout = Layout(width: width, height: height)
        guard layout.fitsMinimum else { return ExplorerScreen.render(frame, width: width, height: height, belowMinimumAllowed: false) }
        if session.present, frame.view == .step {
            return PresentScreen(session: session, frame: frame).render(width: width, height: height)
        }
        if frame.view == .step {
            // Full layout: the narration takes the loss and training panels' place across the
            // width. Compact: the left column below h_t (the scores and gradient bars), so the
            // formula and its numbers stay visible on the right.
            var grid = ExplorerScreen.render(frame, width: width, height: height, belowMinimumAllowed: false)
            let rect = layout.isFull
                ? Rect(x: 0, y: layout.lossCurve.y, width: width, height: layout.status.y - layout.lossCurve.y)
                : Rect(x: 0, y: layout.vectorSlot(4).y, width: layout.leftWidth, height: layout.status.y - layout.vectorSlot(4).y)
            grid.fill(rect)
            NarrationPanel(session: session, frame: frame).draw(in: rect, on: &grid)
            drawMessage(frame, layout: layout, on: &grid)
            return grid
        }
        // Other views keep their own layout above the narration.
        let narrationHeight = min(12, max(7, height / 3))
        let upper = ExplorerScreen.render(frame, width: width, height: height - narrationHeight, belowMinimumAllowed: true)
        var grid = CellGrid(width: width, height: height)
        for y in 0..<min(upper.height, height) {
            for x in 0..<width { grid[x, y] = upper[x, y] }
        }
        let top = min(upper.height, height - narrationHeight)
        let rect = Rect(x: 0, y: top, width: width, height: height - top)
        grid.fill(rect)
        NarrationPanel(session: session, frame: frame).draw(in: rect, on: &grid)
        drawMessage(frame, layout: layout, on: &grid)
        return grid
    }

    /// A message (what `x` exported, the end of the lesson…) or the line being typed goes over
    /// the narration's bottom border, which covers the explorer's message line.
    static func drawMessage(_ frame: Frame, layout: Layout, on grid: inout CellGrid) {
        guard frame.ui.message != nil || frame.ui.editing != nil else { return }
        ExplorerScreen.drawMessage(frame, layout: layout, on: &grid)
    }
}
