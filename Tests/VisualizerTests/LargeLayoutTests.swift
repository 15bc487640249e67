import CellGrid
import Lessons
import ScopeNames
import Testing
@testable import Visualizer
import RNNCore

/// Big screens and projectors: the large layout (160×48 and up) must use the room, and
/// presentation mode must draw the formula large enough to read from the back of a room.
@Suite("Large layout and presentation")
struct LargeLayoutTests {
    func explorer(_ keys: String, cell: CellKind = .rnn, hidden: Int = SeedNotes.hidden, present: Bool = false) throws -> Explorer {
        let spec = ModelSpec(text: SeedNotes.text, window: SeedNotes.window, cell: cell, hidden: hidden).withInteractiveStride()
        let explorer = try Explorer(spec: spec)
        explorer.presenting = present
        for key in try UserKey.parse(keys) { explorer.handle(key) }
        return explorer
    }

    func plain(_ explorer: Explorer, _ width: Int, _ height: Int) -> String {
        ExplorerScreen.render(explorer, width: width, height: height).degraded(to: .monochrome).plainText()
    }

    /// Cells painted by heatmaps: every heatmap cell carries the intensity its colour stands
    /// for (the legends' ramps do too, and count alike at both sizes).
    static func heatmapCells(_ grid: CellGrid) -> Int {
        grid.cells.filter { $0.intensity != nil }.count
    }

    @Test("At 200×60 the step view paints at least twice the heatmap cells of 120×40", arguments: [CellKind.rnn, .gru, .lstm])
    func heatmapArea(cell: CellKind) throws {
        for keys in ["ll<space><space><space>", "bhhhhhhh<space>"] {
            let explorer = try explorer(keys, cell: cell)
            let small = Self.heatmapCells(ExplorerScreen.render(explorer, width: 120, height: 40))
            let large = Self.heatmapCells(ExplorerScreen.render(explorer, width: 200, height: 60))
            #expect(small > 0)
            #expect(Double(large) >= 2 * Double(small), "\(cell) \(keys): \(large) cells at 200×60, \(small) at 120×40")
        }
    }

    @Test("The large layout: vectors two rows tall and two cells per unit at 200×60; not below 160×48")
    func layoutThresholds() {
        let large = Layout(width: 200, height: 60, hidden: 64)
        #expect(large.isLarge && large.isFull)
        #expect(large.rowHeight == 2)
        #expect(large.leftWidth == 3 + 64 * 2)
        #expect(large.rightWidth >= Layout.largeRightMinimum)
        #expect(!Layout(width: 159, height: 60).isLarge)
        #expect(!Layout(width: 200, height: 47).isLarge)
        let at160 = Layout(width: 160, height: 48, hidden: 64)
        #expect(at160.isLarge && at160.leftWidth == Layout.fullLeftWidth)
        // Every panel of the step view inside the screen, none overlapping the status lines.
        for layout in [large, at160, Layout(width: 160, height: 48, hidden: 128), Layout(width: 300, height: 90, hidden: 16)] {
            for rect in (0..<Layout.vectorSlots).map(layout.vectorSlot) + [layout.unrolled, layout.softmax, layout.formula, layout.gradientBars, layout.lossCurve, layout.trainingSummary] {
                #expect(rect.x >= 0 && rect.maxX <= layout.width && rect.y >= 1 && rect.maxY <= layout.height - 2 && rect.height >= 3, "\(rect) in \(layout.width)×\(layout.height)")
            }
        }
    }

    @Test("Snapshots of the large layout at 200×60: the step view and the other views")
    func largeSnapshots() throws {
        assertSnapshot(plain(try explorer("ll<space><space><space>"), 200, 60), named: "large/forward-preactivation")
        assertSnapshot(plain(try explorer("bhhhhhhh<space><space>"), 200, 60), named: "large/backward-dHidden")
        assertSnapshot(plain(try explorer("ll<space><space>", cell: .gru), 200, 60), named: "large/gru-forward")
        assertSnapshot(plain(try explorer("lll<tab>"), 200, 60), named: "large/through-time")
        assertSnapshot(plain(try explorer("<tab><tab>"), 200, 60), named: "large/training")
        assertSnapshot(plain(try explorer("jjj<tab><tab><tab>"), 200, 60), named: "large/w-hh")
        assertSnapshot(plain(try explorer("<btab><btab><btab><btab>"), 200, 60), named: "large/gradients")
        assertSnapshot(plain(try explorer("<btab><btab><btab>"), 200, 60), named: "large/compare")
        assertSnapshot(plain(try explorer("ll<space><space><space>"), 160, 48), named: "large/forward-160x48")
    }

    @Test("explore --present: the classroom layout with the formula's numbers in big glyphs")
    func present() throws {
        let explorer = try explorer("ll<space><space><space>", present: true)
        let screen = plain(explorer, 200, 60)
        assertSnapshot(screen, named: "large/present-forward")
        assertSnapshot(plain(try self.explorer("bhhhhhhh<space><space>", present: true), 120, 40), named: "large/present-120x40-backward")
        // Fewer panels: the unrolled state, loss and training panels are gone.
        #expect(!screen.contains("unrolled") && !screen.contains("loss per epoch"))
        // The inspector's result, a_t[0] = … = 0.21, is drawn in big glyphs: the big "0.21" is
        // in the grid as half blocks at least three rows tall.
        let numbers = try #require(explorer.frame().explanation.inspector.first)
        let result = try #require(numbers.components(separatedBy: " = ").last)
        #expect(BigTextTests.rendered(result).height >= 3)
        #expect(BigTextTests.contains(ExplorerScreen.render(explorer, width: 200, height: 60), bigText: result))
    }

    @Test("lesson --present draws the same big formula")
    func lessonPresent() throws {
        let session = try LessonSession(lesson: LessonLibrary.find("1", lang: "en"), present: true)
        var found = false
        for index in 0..<session.stepCount {
            if index > 0 { session.next() }
            // A pending question poses itself instead of the formula: answer it first.
            if let question = session.step.question { session.answer(question.answer) }
            let frame = session.frame()
            guard frame.view == .step, let numbers = frame.explanation.inspector.first,
                  let result = numbers.components(separatedBy: " = ").last, BigText.width(result) < 100 else { continue }
            let grid = LessonScreen.render(session, width: 200, height: 60)
            #expect(BigTextTests.contains(grid, bigText: result), "step \(index + 1): \(result)")
            if !found { assertSnapshot(grid.degraded(to: .monochrome).plainText(), named: "large/lesson-present") }
            found = true
        }
        #expect(found)
    }
}

@Suite("Big glyphs")
struct BigTextTests {
    /// `text` in big glyphs (scale 1 or 2) on its own grid, trimmed to what was drawn.
    static func rendered(_ text: String, scale: Int = 1) -> CellGrid {
        var grid = CellGrid(width: BigText.width(text, scale: scale), height: BigText.height(scale: scale))
        BigText.draw(text, x: 0, y: 0, style: .plain, clip: grid.bounds, scale: scale, on: &grid)
        return grid
    }

    /// Whether `text` in big glyphs (1× or 2×, ignoring style and blanks) appears in `grid`.
    static func contains(_ grid: CellGrid, bigText text: String) -> Bool {
        for pattern in [rendered(text), rendered(text, scale: 2)] where pattern.width <= grid.width {
            for y in 0...max(0, grid.height - pattern.height) {
                for x in 0...(grid.width - pattern.width) {
                    if (0..<pattern.height).allSatisfy({ dy in (0..<pattern.width).allSatisfy { dx in
                        pattern[dx, dy].glyph == " " || grid[x + dx, y + dy].glyph == pattern[dx, dy].glyph } }) { return true }
                }
            }
        }
        return false
    }

    @Test("Digits, letters, operators and the notes' symbols are three rows of half blocks; subscripts stay text")
    func glyphs() {
        for character in "0123456789.−-+=×()[]/σΣ⊙‖ŷabcdefghiklmnoprstuvwxyzEHLSTW" {
            let grid = Self.rendered(String(character))
            let drawn = grid.cells.filter { "▀▄█".contains($0.glyph) }
            #expect(!drawn.isEmpty, "\(character) has no glyph")
            #expect(grid.height == 3)
        }
        // h_{t-1}: a big h, then t-1 as normal text on the bottom row.
        let h = Self.rendered("h_{t-1}")
        #expect(h.line(2).contains("t-1"))
        #expect(!h.line(0).contains("t"))
        // A character the font lacks falls back to normal text on the middle row.
        #expect(Self.rendered("∂").line(1).contains("∂"))
        // 0 and 8 differ, so do 1 and 7, 5 and 6.
        for (a, b) in [("0", "8"), ("1", "7"), ("5", "6"), ("-", "="), ("x", "×")] {
            #expect(Self.rendered(a).plainText() != Self.rendered(b).plainText(), "\(a) and \(b) look alike")
        }
        #expect(Self.rendered("0.21", scale: 2).height == 6)
    }

    @Test("Big lines break before = where the rest fits")
    func wrapping() {
        let text = "a_t[0] = 0.05 + 0.03 + 0.18 + (-0.05) = 0.21"
        let lines = BigText.lines(text, width: 100)
        #expect(lines.count > 1)
        #expect(lines.allSatisfy { BigText.width($0) <= 100 })
        #expect(lines.joined(separator: " ") == text)
    }
}
