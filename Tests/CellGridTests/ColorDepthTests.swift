import Testing
@testable import CellGrid

@Suite struct ColorDepthTests {
    /// A grid with colours of every kind: text, backgrounds, half-blocks, heatmap cells.
    static func colourful() -> CellGrid {
        var grid = CellGrid(width: 8, height: 3)
        grid.put("Hi", x: 0, y: 0, style: Style(foreground: .palette(196), background: .palette(236), bold: true))
        grid.put("好", x: 2, y: 0, style: Style(foreground: .palette(46)))
        grid[4, 0] = Cell("▀", style: Style(foreground: .palette(21), background: .palette(226)))
        for (i, v) in [Float(-1), -0.5, 0, 0.5, 1].enumerated() {
            grid[i, 1] = Cell(" ", style: Style(background: .palette(UInt8(196 + i))), intensity: v)
        }
        grid.put("u", x: 0, y: 2, style: Style(foreground: .palette(93), underline: true, reverse: true))
        return grid
    }

    static func colors(of grid: CellGrid) -> [Color] {
        grid.cells.flatMap { [$0.style.foreground, $0.style.background] }
    }

    @Test func color256IsUnchanged() {
        let grid = Self.colourful()
        #expect(grid.degraded(to: .color256) == grid)
    }

    @Test func color8UsesOnlyBasicColoursAndKeepsHue() {
        let grid = Self.colourful().degraded(to: .color8)
        for color in Self.colors(of: grid) {
            if case .palette(let index) = color { #expect(index < 8) }
        }
        #expect(grid[0, 0].style.foreground == .red)  // 196 bright red
        #expect(grid[2, 0].style.foreground == .green)  // 46 bright green
        #expect(grid[4, 0].style.foreground == .blue)  // 21 blue
        #expect(grid[4, 0].style.background == .yellow)  // 226 yellow
        #expect(grid[0, 0].style.bold)
        #expect(grid[0, 0].glyph == "H")
        #expect(grid[3, 0].isContinuation)
    }

    @Test func color8KeepsTextReadableWhenColoursCollapse() {
        var grid = CellGrid(width: 3, height: 1)
        // Dark red text on bright red: both become basic red.
        grid.put("ab", x: 0, y: 0, style: Style(foreground: .palette(88), background: .palette(196)))
        grid[2, 0] = Cell("▀", style: Style(foreground: .palette(88), background: .palette(196)))
        let shown = grid.degraded(to: .color8)
        #expect(shown[0, 0].style.background == .red)
        #expect(shown[0, 0].style.foreground == .white)
        // Half-blocks draw colour, not text: left alone.
        #expect(shown[2, 0].style.foreground == .red)
        // Identical colours on purpose (invisible text) stay identical.
        var same = CellGrid(width: 1, height: 1)
        same.put("x", x: 0, y: 0, style: Style(foreground: .palette(196), background: .palette(196)))
        #expect(same.degraded(to: .color8)[0, 0].style.foreground == .red)
    }

    @Test func color8PicksBlackOnLightBackgrounds() {
        var grid = CellGrid(width: 1, height: 1)
        grid.put("x", x: 0, y: 0, style: Style(foreground: .palette(250), background: .palette(255)))
        #expect(grid.degraded(to: .color8)[0, 0].style.foreground == .black)
    }

    @Test func monochromeLeavesNoColour() {
        let grid = Self.colourful().degraded(to: .monochrome)
        #expect(Self.colors(of: grid).allSatisfy { $0 == .terminalDefault })
    }

    @Test func monochromeKeepsTheSignInTheGlyphs() {
        // Plain text shows no reverse video: negatives need their own glyphs.
        let grid = Self.colourful().degraded(to: .monochrome)
        #expect(grid.line(1).prefix(5) == "■= ▒█")
        #expect((0..<5).allSatisfy { !grid[$0, 1].style.reverse })
        #expect(grid.plainText().split(separator: "\n")[1].hasPrefix("■= ▒█"))
    }

    @Test func shadeBins() {
        let magnitudes = [0, 0.1, 0.2, 0.39, 0.4, 0.6, 0.79, 0.8, 1, 7]
        #expect(String(magnitudes.map { ColorDegrader.shade($0) }) == "  ░░▒▓▓███")
        #expect(String(magnitudes.map { ColorDegrader.shade($0, negative: true) }) == "  --=≡≡■■■")
        #expect(ColorDegrader.shade(.nan) == " ")
        #expect(Set(ColorDegrader.shades.dropFirst()).isDisjoint(with: ColorDegrader.negativeShades.dropFirst()))
    }

    @Test func color8KeepsPaleOrangeRedAndYellowYellow() {
        // ColorBrewer's pale orange for small positive values must not become the yellow of
        // the highlight marker.
        #expect(Palette.nearestBasic(Palette.nearestIndex(r: 244, g: 165, b: 130)) == 1)
        #expect(Palette.nearestBasic(217) == 1)
        #expect(Palette.nearestBasic(11) == 3 && Palette.nearestBasic(220) == 3 && Palette.nearestBasic(172) == 3)
        #expect(Palette.nearestBasic(114) == 2)
        #expect(Palette.nearestBasic(Palette.nearestIndex(r: 33, g: 102, b: 172)) == 4)
        #expect(Palette.nearestBasic(231) == 7 && Palette.nearestBasic(238) == 7 && Palette.nearestBasic(16) == 0)
    }

    @Test func wcagContrastOfThePalette() {
        #expect(abs(Palette.contrastRatio(16, 231) - 21) < 0.01)
        #expect(abs(Palette.contrastRatio(231, 231) - 1) < 1e-9)
        // 244 (grey 128) is about 5.3:1 on black and 3.9:1 on white.
        #expect(Palette.contrastRatio(244, 16) > 4.5 && Palette.contrastRatio(244, 231) < 4.5)
    }

    @Test func monochromeClearsReverseOnNonNegativeIntensity() {
        var grid = CellGrid(width: 2, height: 1)
        grid[0, 0] = Cell(" ", style: Style(reverse: true), intensity: 0.9)
        grid[1, 0] = Cell(" ", style: Style(), intensity: .infinity)
        let shown = grid.degraded(to: .monochrome)
        #expect(shown[0, 0].glyph == "█" && !shown[0, 0].style.reverse)
        #expect(shown[1, 0].glyph == "█")
    }

    @Test func monochromeMarksNaNBoldAndKeepsItsGlyph() {
        var grid = CellGrid(width: 1, height: 1)
        grid[0, 0] = Cell("?", style: Style(background: .palette(201)), intensity: .nan)
        let shown = grid.degraded(to: .monochrome)
        #expect(shown[0, 0].glyph == "?" && shown[0, 0].style.bold)
    }

    @Test func monochromeShadesHalfBlocksByMeanLuminance() {
        var grid = CellGrid(width: 4, height: 1)
        grid[0, 0] = Cell("▀", style: Style(foreground: .palette(231), background: .palette(231)))  // white/white
        grid[1, 0] = Cell("▄", style: Style(foreground: .palette(16), background: .palette(16)))  // black/black
        grid[2, 0] = Cell("▀", style: Style(foreground: .palette(231), background: .palette(16)))  // mean 0.5
        grid[3, 0] = Cell("▀", style: Style(foreground: .palette(231)))  // one colour: kept
        #expect(grid.degraded(to: .monochrome).line(0) == "█ ▒▀")
    }

    @Test func monochromeKeepsTextAndAttributes() {
        let grid = Self.colourful().degraded(to: .monochrome)
        #expect(grid.line(0).hasPrefix("Hi好"))
        #expect(grid[0, 0].style.bold)
        #expect(grid[0, 2].glyph == "u" && grid[0, 2].style.underline && grid[0, 2].style.reverse)
    }
}
