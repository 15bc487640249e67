import CellGrid
import Lessons
import RNNCore

/// A lesson on screen: the explorer's view with the narration panel, or in presentation
/// mode fewer, larger panels for a projector.
public enum LessonScreen {
    public static func render(_ session: LessonSession, width: Int, height: Int) -> CellGrid {
        let layout = Layout(width: width, height: height)
        guard layout.fitsMinimum else { return ExplorerScreen.render(session.explorer, width: width, height: height) }
        if session.present, session.explorer.view == .step {
            return PresentScreen(session: session).render(width: width, height: height)
        }
        let explorer = session.explorer
        if explorer.view == .step {
            // The narration takes the place of the bottom panels (loss and training in the
            // full layout, the unrolled state and gradient bars in the compact one).
            var grid = ExplorerScreen.render(explorer, width: width, height: height)
            let top = layout.isFull ? layout.lossCurve.y : layout.unrolled.y
            let rect = Rect(x: 0, y: top, width: width, height: layout.messageLine.y - top + (layout.isFull ? 1 : 0))
            grid.fill(rect)
            NarrationPanel(session: session).draw(in: rect, on: &grid)
            return grid
        }
        // Other views keep their own layout above the narration.
        let narrationHeight = min(12, max(7, height / 3))
        let upper = ExplorerScreen.render(explorer, width: width, height: max(Layout.minimumHeight, height - narrationHeight))
        var grid = CellGrid(width: width, height: height)
        for y in 0..<min(upper.height, height) {
            for x in 0..<width { grid[x, y] = upper[x, y] }
        }
        let top = min(upper.height, height - narrationHeight)
        NarrationPanel(session: session).draw(in: Rect(x: 0, y: top, width: width, height: height - top), on: &grid)
        return grid
    }
}
