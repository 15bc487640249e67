import Testing
@testable import CellGrid

@Suite struct PutTests {
    @Test func writesTextAndReturnsColumns() {
        var grid = CellGrid(width: 10, height: 2)
        let used = grid.put("abc", x: 1, y: 0)
        #expect(used == 3)
        #expect(grid.line(0) == " abc      ")
    }

    @Test func clipsAtTheGridAndMaxWidth() {
        var grid = CellGrid(width: 5, height: 1)
        grid.put("abcdefgh", x: 2, y: 0)
        #expect(grid.line(0) == "  abc")
        grid.put("xyz", x: 0, y: 0, maxWidth: 2)
        #expect(grid.line(0) == "xyabc")
        grid.put("12345", x: -3, y: 0)
        #expect(grid.line(0) == "45abc")
        grid.put("zzz", x: 0, y: 7)
        grid.put("zzz", x: 0, y: -1)
        grid.put("zzz", x: .max, y: 0)
        grid.put("zzz", x: 0, y: 0, maxWidth: .min)
        #expect(grid.line(0) == "45abc")
    }

    @Test func wideCharactersTakeTwoCells() {
        var grid = CellGrid(width: 6, height: 1)
        let used = grid.put("你a好", x: 0, y: 0)
        #expect(used == 5)
        #expect(grid[0, 0].glyph == "你")
        #expect(grid[1, 0].isContinuation)
        #expect(grid[2, 0].glyph == "a")
        #expect(grid[3, 0].glyph == "好")
        #expect(grid[4, 0].isContinuation)
        #expect(grid.line(0) == "你a好 ")
    }

    @Test func wideCharacterNeverSplitByMaxWidth() {
        var grid = CellGrid(width: 6, height: 1)
        #expect(grid.put("a你", x: 0, y: 0, maxWidth: 2) == 1)
        #expect(grid.line(0) == "a     ")
    }

    @Test func wideCharacterCutByTheEdgeBecomesSpace() {
        var grid = CellGrid(width: 4, height: 1)
        grid.put("abc你", x: 0, y: 0)
        #expect(grid.line(0) == "abc ")
        #expect(!grid[3, 0].isContinuation)
        grid.put("你b", x: -1, y: 0)
        #expect(grid.line(0) == " bc ")
        #expect(!grid[0, 0].isContinuation)
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var grid = CellGrid(width: 6, height: 1)
        grid.put("你好", x: 0, y: 0)
        grid.put("x", x: 1, y: 0)  // right half of 你
        #expect(grid.line(0) == " x好  ")
        grid.put("y", x: 2, y: 0)  // left half of 好
        #expect(grid.line(0) == " xy   ")
        #expect(!grid.cells.contains { $0.isContinuation })
        grid.put("漢字", x: 0, y: 0)
        grid.put("字", x: 1, y: 0)  // straddles both
        #expect(grid.line(0) == " 字   ")
        #expect(grid[2, 0].isContinuation)
        #expect(grid.cells.filter(\.isContinuation).count == 1)
    }

    @Test func fillAndRestyleClipAnyRectangle() {
        var grid = CellGrid(width: 3, height: 2)
        grid.fill(Rect(x: -1, y: -1, width: 3, height: 2), with: Cell("#"))
        #expect(grid.plainText() == "##\n\n")
        var odd = Rect(x: 1, y: 1, width: 1, height: 1)
        odd.width = -5
        odd.height = -5
        grid.fill(odd, with: Cell("!"))
        grid.restyle(odd) { $0.bold = true }
        grid.restyle(Rect(x: 2, y: 0, width: 100, height: 100)) { $0.bold = true }
        #expect(grid.plainText() == "##\n\n")
        #expect(grid[2, 1].style.bold && !grid[1, 1].style.bold)
    }

    @Test func outOfRangeSubscriptIsBlankAndIgnored() {
        var grid = CellGrid(width: 2, height: 2)
        grid[5, 5] = Cell("x")
        #expect(grid[5, 5] == .blank)
        #expect(grid[-1, 0] == .blank)
        #expect(CellGrid(width: -3, height: 2).cells.isEmpty)
    }

    @Test func controlCharactersAreNeverPrinted() {
        #expect(Cell("\u{1B}").printableGlyph == "\u{FFFD}")
        #expect(Cell("\n").printableGlyph == "\u{FFFD}")
        #expect(Cell("\u{9B}").printableGlyph == "\u{FFFD}")
        #expect(Cell("é").printableGlyph == "é")
        #expect(Cell(Cell.continuationGlyph).printableGlyph == Cell.continuationGlyph)
    }
}
