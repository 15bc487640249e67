import CellGrid
import Lessons
import RNNCore
import ScopeNames

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
        let rect = narrationRect(view: frame.view, layout: layout)
        if frame.view == .step {
            var grid = ExplorerScreen.render(frame, width: width, height: height, belowMinimumAllowed: false)
            grid.fill(rect)
            NarrationPanel(session: session, frame: frame).draw(in: rect, on: &grid)
            drawMessage(frame, layout: layout, on: &grid)
            return grid
        }
        // Other views keep their own layout above the narration.
        let upper = ExplorerScreen.render(frame, width: width, height: rect.y, belowMinimumAllowed: true)
        var grid = CellGrid(width: width, height: height)
        for y in 0..<min(upper.height, height) {
            for x in 0..<width { grid[x, y] = upper[x, y] }
        }
        grid.fill(rect)
        NarrationPanel(session: session, frame: frame).draw(in: rect, on: &grid)
        drawMessage(frame, layout: layout, on: &grid)
        return grid
    }

    /// Where the narration panel goes outside presentation mode. The step view, full layout:
    /// the loss and training panels' place across the width; compact: the left column below
    /// h_t (the scores and gradient bars), so the formula and its numbers stay visible on the
    /// right. Other views keep their own layout above a band of 7–12 rows.
    static func narrationRect(view: ScreenView, layout: Layout) -> Rect {
        if view == .step {
            return layout.isFull
                ? Rect(x: 0, y: layout.lossCurve.y, width: layout.width, height: layout.status.y - layout.lossCurve.y)
                : Rect(x: 0, y: layout.vectorSlot(4).y, width: layout.leftWidth, height: layout.status.y - layout.vectorSlot(4).y)
        }
        let narrationHeight = min(12, max(7, layout.height / 3))
        return Rect(x: 0, y: max(0, layout.height - narrationHeight), width: layout.width, height: min(layout.height, narrationHeight))
    }

    /// Where the narration panel of `session` goes on a `width`×`height` screen (nil below the
    /// minimum size, where none is drawn).
    static func narrationRect(_ session: LessonSession, frame: Frame, width: Int, height: Int) -> Rect? {
        let layout = Layout(width: width, height: height)
        guard layout.fitsMinimum else { return nil }
        if session.present, frame.view == .step { return PresentScreen.narrationRect(width: width, height: height) }
        return narrationRect(view: frame.view, layout: layout)
    }

    /// A message (what `x` exported, the end of the lesson…) or the line being typed goes over
    /// the narration's bottom border, which covers the explorer's message line.
    static func drawMessage(_ frame: Frame, layout: Layout, on grid: inout CellGrid) {
        guard frame.ui.message != nil || frame.ui.editing != nil else { return }
        ExplorerScreen.drawMessage(frame, layout: layout, on: &grid)
    }
}
