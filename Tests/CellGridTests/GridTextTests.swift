import Testing
import CellGrid

@Suite struct GridTextTests {
    @Test func plainTextTrimsAndPrintsWideCharactersOnce() {
        var grid = CellGrid(width: 8, height: 3)
        grid.put("ab  c", x: 0, y: 0)
        grid.put("你好", x: 1, y: 2)
        #expect(grid.plainText() == "ab  c\n\n 你好\n")
    }

    @Test func emptyGridIsEmptyText() {
        #expect(CellGrid(width: 0, height: 0).plainText() == "")
        #expect(CellGrid(width: 3, height: 0).ansiText() == "")
        #expect(CellGrid(width: 0, height: 2).plainText() == "\n\n")
    }

    @Test func ansiTextEscapesOnlyOnStyleChanges() {
        var grid = CellGrid(width: 8, height: 2)
        let red = Style(foreground: .palette(196), bold: true)
        grid.put("ab", x: 0, y: 0, style: red)
        grid.put("c", x: 2, y: 0)
        grid.put("d", x: 3, y: 0, style: Style(background: .palette(21), dim: true, underline: true, reverse: true))
        grid.put("é", x: 0, y: 1, style: red)
        let esc = "\u{1B}["
        #expect(grid.ansiText() == "\(esc)0;1;38;5;196mab\(esc)0mc\(esc)0;2;4;7;48;5;21md\(esc)0m\n"
            + "\(esc)0;1;38;5;196mé\(esc)0m\n")
    }

    @Test func ansiTextKeepsTrailingSpacesThatShow() {
        var grid = CellGrid(width: 4, height: 2)
        grid.put("a ", x: 0, y: 0, style: Style(background: .palette(22)))
        grid.put("b", x: 0, y: 1)
        grid.put("  ", x: 1, y: 1, style: Style(bold: true))  // bold spaces look blank
        #expect(grid.ansiText() == "\u{1B}[0;48;5;22ma \u{1B}[0m\nb\n")
    }

    @Test func ansiTextOfWideCharacters() {
        var grid = CellGrid(width: 4, height: 1)
        grid.put("漢x", x: 0, y: 0, style: Style(foreground: .palette(3)))
        #expect(grid.ansiText() == "\u{1B}[0;38;5;3m漢x\u{1B}[0m\n")
    }

    @Test func textNeverCarriesControlCharacters() {
        var grid = CellGrid(width: 3, height: 1)
        grid[0, 0] = Cell("\u{1B}")
        grid[1, 0] = Cell("\n")
        #expect(grid.plainText() == "\u{FFFD}\u{FFFD}\n")
    }
}
