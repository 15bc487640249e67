import CellGrid
import Lessons
import Localization
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
        grid.put(" rnnscope  " + frame.strings("lesson.present.header", ["id": "\(session.lesson.id)", "title": session.lesson.title]), x: 0, y: 0, style: Theme.header, maxWidth: width)
        let narration = Self.narrationRect(width: width, height: height)
        let top = Rect(x: 0, y: 1, width: width, height: narration.y - 1)
        if session.questionPending, let question = session.step.question {
            // The question, large, where the panels will be: readable from the back of a room.
            drawQuestion(question, in: top, on: &grid)
        } else {
            ClassroomView(frame: frame).draw(in: top, on: &grid)
        }
        NarrationPanel(session: session, frame: frame).draw(in: narration, on: &grid)
        ExplorerScreen.drawStatus(frame, layout: layout, on: &grid)
        return grid
    }

    /// The narration: at least 8 rows, a third of the screen when it is tall, above the status line.
    static func narrationRect(width: Int, height: Int) -> Rect {
        let narrationHeight = max(8, (height - 2) / 3)
        let top = Rect(x: 0, y: 1, width: width, height: height - 2 - narrationHeight)
        return Rect(x: 0, y: top.maxY, width: width, height: height - 1 - top.maxY)
    }

    /// The question in large glyphs, its choices below it.
    func drawQuestion(_ question: LessonQuestion, in rect: Rect, on grid: inout CellGrid) {
        let inner = Box.draw(title: frame.strings("lesson.present.question", ["count": "\(question.choices.count)"]), in: rect, on: &grid, highlighted: true)
        let text = question.question.map { span -> String in
            switch span {
            case .text(let text, _): return text
            case .value: return "…"
            }
        }.joined()
        var y = inner.y
        let scale = BigText.lines(text, width: inner.width, scale: 2).count * BigText.height(scale: 2) <= inner.height / 2 ? 2 : 1
        for line in BigText.lines(text, width: inner.width, scale: scale) where y + BigText.height(scale: scale) <= inner.maxY {
            _ = BigText.draw(line, x: inner.x, y: y, style: Theme.formula, clip: inner, scale: scale, on: &grid)
            y += BigText.height(scale: scale) + 1
        }
        for (index, choice) in question.choices.enumerated() where y < inner.maxY {
            grid.put("\(index + 1). \(choice)", x: inner.x + 2, y: y, style: Theme.numbers, maxWidth: inner.width - 2)
            y += 1
        }
    }
}
