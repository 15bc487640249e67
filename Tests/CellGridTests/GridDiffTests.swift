import Testing
import CellGrid

/// `GridDiff`: the output that turns one grid into another on a terminal (recordings).
@Suite struct GridDiffTests {
    let esc = "\u{1B}["

    /// Replays `frames` (the first drawn whole, each next one as a diff) and returns the screen.
    func replay(_ frames: [CellGrid]) -> TerminalDecoder {
        var terminal = TerminalDecoder(width: frames[0].width, height: frames[0].height)
        terminal.feed(GridDiff.fullScreen(frames[0]))
        for (old, new) in zip(frames, frames.dropFirst()) { terminal.feed(GridDiff.changes(from: old, to: new)) }
        return terminal
    }

    func sample() -> CellGrid {
        var grid = CellGrid(width: 12, height: 3)
        grid.put("loss 0.25", x: 0, y: 0, style: Style(foreground: .palette(196), bold: true))
        grid.put("  ", x: 2, y: 1, style: Style(background: .palette(21)))
        grid.put("你好x", x: 5, y: 1, style: Style(foreground: .palette(3)))
        grid.put("end", x: 9, y: 2, style: Style(dim: true, underline: true, reverse: true))
        return grid
    }

    @Test func fullScreenClearsThenDrawsOnlyWhatIsNotBlank() {
        var grid = CellGrid(width: 6, height: 2)
        grid.put("ab", x: 3, y: 1, style: Style(foreground: .palette(9)))
        #expect(GridDiff.fullScreen(grid) == "\(esc)0m\(esc)H\(esc)2J\(esc)2;4H\(esc)0;38;5;9mab\(esc)0m")
    }

    @Test func replayingTheFullScreenGivesTheGrid() {
        let terminal = replay([sample()])
        #expect(terminal.problems.isEmpty, "\(terminal.problems)")
        #expect(terminal.grid == TerminalDecoder.visible(sample()))
    }

    @Test func unchangedGridsGiveNothing() {
        #expect(GridDiff.changes(from: sample(), to: sample()).isEmpty)
        // Intensity is not drawn in colour: a changed intensity alone is no change.
        var other = sample()
        other[2, 1].intensity = 0.5
        #expect(GridDiff.changes(from: sample(), to: other).isEmpty)
    }

    @Test func oneChangedCellIsOneCursorMoveAndOneGlyph() {
        var new = sample()
        new.put("7", x: 8, y: 0, style: Style(foreground: .palette(196), bold: true))
        #expect(GridDiff.changes(from: sample(), to: new) == "\(esc)1;9H\(esc)0;1;38;5;196m7\(esc)0m")
    }

    @Test func styleIsSetOnlyWhereItChanges() {
        let old = CellGrid(width: 10, height: 1)
        var new = old
        new.put("abc", x: 0, y: 0, style: Style(foreground: .palette(2)))
        new.put("de", x: 3, y: 0)
        let out = GridDiff.changes(from: old, to: new)
        #expect(out == "\(esc)1;1H\(esc)0;38;5;2mabc\(esc)0mde")
    }

    @Test func nearbyChangesShareARunDistantOnesMoveTheCursor() {
        let old = CellGrid(width: 20, height: 1)
        var near = old
        near.put("a", x: 0, y: 0)
        near.put("b", x: 1 + GridDiff.maxGap, y: 0)
        #expect(GridDiff.changes(from: old, to: near) == "\(esc)1;1Ha    b")
        var far = old
        far.put("a", x: 0, y: 0)
        far.put("b", x: 2 + GridDiff.maxGap, y: 0)
        #expect(GridDiff.changes(from: old, to: far) == "\(esc)1;1Ha\(esc)1;7Hb")
    }

    @Test func aWideCharacterIsRewrittenWholeWhenEitherHalfChanges() {
        var old = CellGrid(width: 6, height: 1)
        old.put("你", x: 1, y: 0)
        var restyled = old
        restyled[1, 0].style = Style(foreground: .palette(4))
        #expect(GridDiff.changes(from: old, to: restyled) == "\(esc)1;2H\(esc)0;38;5;4m你\(esc)0m")
        var hidden = old
        hidden[2, 0].style = Style(foreground: .palette(4))  // a continuation is never drawn
        #expect(GridDiff.changes(from: old, to: hidden).isEmpty)
        var narrowed = old
        narrowed.put("ab", x: 1, y: 0)
        #expect(GridDiff.changes(from: old, to: narrowed) == "\(esc)1;2Hab")
        var shifted = old
        shifted.put("好", x: 2, y: 0)  // blanks 你's lead, takes its continuation
        let terminal = replay([old, shifted])
        #expect(terminal.problems.isEmpty, "\(terminal.problems)")
        #expect(terminal.grid == TerminalDecoder.visible(shifted))
    }

    @Test func controlCharactersNeverReachTheTerminal() {
        let old = CellGrid(width: 4, height: 1)
        var new = old
        new.put("a\u{1B}b", x: 0, y: 0)  // the grid drops zero-width controls when putting…
        new[3, 0] = Cell("\u{7}")  // …but a cell set directly could hold one
        let out = GridDiff.changes(from: old, to: new)
        #expect(!out.contains("\u{7}"))
        #expect(out.filter { $0 == "\u{1B}" }.count == 1, "only the cursor move escapes")
    }

    @Test func aSequenceOfFramesReplaysToTheLastOne() {
        var frames = [sample()]
        var grid = sample()
        for step in 0..<6 {
            grid.put("loss 0.\(step)\(step)", x: 0, y: 0, style: Style(foreground: .palette(UInt8(16 + step)), bold: step % 2 == 0))
            grid.put(step % 2 == 0 ? "好" : "ab", x: 6, y: 1, style: Style(background: .palette(UInt8(52 + step))))
            grid.put(String(repeating: "█", count: step), x: 0, y: 2, style: Style(foreground: .palette(160), background: .palette(17)))
            frames.append(grid)
        }
        let terminal = replay(frames)
        #expect(terminal.problems.isEmpty, "\(terminal.problems)")
        #expect(terminal.grid == TerminalDecoder.visible(grid))
    }

    @Test func gridsOfDifferentSizesAreRedrawnWhole() {
        let small = CellGrid(width: 4, height: 2)
        #expect(GridDiff.changes(from: small, to: sample()) == GridDiff.fullScreen(sample()))
    }

    @Test func everyOutputEndsInThePlainStyle() {
        var new = CellGrid(width: 5, height: 1)
        new.put("x", x: 4, y: 0, style: Style(reverse: true))
        #expect(GridDiff.changes(from: CellGrid(width: 5, height: 1), to: new).hasSuffix("\(esc)0m"))
    }
}
