import CellGrid
import Foundation
import ScopeNames
import Testing

@testable import Visualizer

/// The RGB a widget colour stands for (the default colour counts as black).
private func rgb(_ color: Color) -> (r: Double, g: Double, b: Double) {
    guard case .palette(let index) = color else { return (0, 0, 0) }
    return Palette.rgb(of: index)
}

/// A grid filled with a sentinel, to prove widgets draw nothing outside their rect.
private func sentinelGrid(width: Int = 40, height: Int = 14) -> CellGrid {
    var grid = CellGrid(width: width, height: height)
    grid.fill(grid.bounds, with: Cell("§"))
    return grid
}

private func cellsOutside(_ rect: Rect, in grid: CellGrid) -> [Cell] {
    var cells: [Cell] = []
    for y in 0..<grid.height {
        for x in 0..<grid.width where !rect.holds(x, y) { cells.append(grid[x, y]) }
    }
    return cells
}

/// Every widget, drawn with awkward data into `rect`.
private let awkward: [Float] = [0, -1, 1, .nan, .infinity, -.infinity, 1e-30, 3e38, -0.0, 0.5]
private let widgetNames = ["box", "vector", "legend", "legend-seq", "matrix", "lines", "lines-linear", "bars", "bars-many"]

/// Draws widget `name` with awkward data into `rect`.
private func drawWidget(_ name: String, in r: Rect, on g: inout CellGrid) {
    switch name {
    case "box":
        Box.draw(title: "隐藏状态 h_t with a long title", in: r, on: &g, highlighted: true)
    case "vector":
        VectorHeatmap.draw(awkward + awkward, scale: .diverging(fitting: awkward), selected: 3, in: r, on: &g)
    case "legend":
        Legend.draw(.diverging(limit: 0.87), in: r, on: &g)
    case "legend-seq":
        Legend.draw(.probability, in: r, on: &g)
    case "matrix":
        let rows: [[Float]] = [awkward, awkward.reversed(), [1, 2], []] + Array(repeating: awkward, count: 40)
        MatrixHeatmap.draw(rows, scale: .diverging(limit: 1), in: r, on: &g, highlightRow: 2, highlightColumn: 9)
    case "lines":
        let series: [LinePlot.Series] = [.init(values: awkward, color: .red, label: "loss"),
                                         .init(values: [2, 1], color: .blue, label: "val")]
        LinePlot.draw(series, logScale: true, in: r, on: &g, xLabel: "epoch")
    case "lines-linear":
        let values: [Float] = awkward + (0..<300).map { Float($0) }
        LinePlot.draw([.init(values: values, color: .red)], logScale: false, in: r, on: &g, xLabel: "epoch")
    case "bars":
        LogBars.draw(awkward, labels: ["a", "bb", "隐藏"], highlight: 2, in: r, on: &g, color: .cyan)
    case "bars-many":
        let values: [Float] = (0..<500).map { Float($0) }
        LogBars.draw(values, labels: nil, highlight: 250, in: r, on: &g, color: .cyan)
    default:
        Issue.record("unknown widget \(name)")
    }
}

@Suite("Widgets")
struct WidgetTests {
    // MARK: Colour scales

    @Test("Diverging: 0 is the near-white centre, positive reddish, negative bluish")
    func divergingColours() {
        let scale = ColorScale.diverging(limit: 2)
        #expect(scale.color(for: 0) == Color.rgb(247, 247, 247))
        #expect(scale.color(for: 0) == scale.color(atPosition: 0.5))
        for v: Float in [0.6, 1, 2, 50] {
            let c = rgb(scale.color(for: v))
            #expect(c.r > c.b + 30, "value \(v) should be red, got \(c)")
        }
        for v: Float in [-0.6, -1, -2, -50] {
            let c = rgb(scale.color(for: v))
            #expect(c.b > c.r + 30, "value \(v) should be blue, got \(c)")
        }
        #expect(scale.intensity(for: 1) == 0.5)
        #expect(scale.intensity(for: -4) == -1)
        #expect(scale.intensity(for: 0) == 0)
    }

    @Test("Sequential: viridis from dark purple to yellow, clamped outside its range")
    func viridisEnds() {
        let scale = ColorScale.probability
        #expect(scale.color(for: 0) == Color.rgb(68, 1, 84))
        #expect(scale.color(for: 1) == Color.rgb(253, 231, 37))
        #expect(scale.color(for: -3) == scale.color(for: 0))
        #expect(scale.color(for: 7) == scale.color(for: 1))
        let low = rgb(scale.color(for: 0)), high = rgb(scale.color(for: 1))
        #expect(low.b > low.g && low.r > low.g)  // purple
        #expect(high.r > 200 && high.g > 200 && high.b < 100)  // yellow
        #expect(scale.intensity(for: 0.25) == 0.25)
        #expect(ColorScale.sequential(low: 2, high: 4).intensity(for: 3) == 0.5)
    }

    @Test("NaN and ±Inf are magenta with a NaN intensity; degenerate scales do not trap")
    func nonFiniteColours() {
        for scale in [ColorScale.diverging(limit: 1), .probability, .diverging(limit: 0), .diverging(limit: .nan),
                      .diverging(limit: -1), .diverging(limit: .infinity), .sequential(low: 1, high: 1),
                      .sequential(low: .nan, high: .infinity), .sequential(low: 1, high: 0)] {
            for v: Float in [.nan, .infinity, -.infinity] {
                #expect(scale.color(for: v) == WidgetPalette.nonFinite)
                #expect(scale.intensity(for: v).isNaN)
            }
            for v: Float in [0, 1, -1, 3e38, -3e38, .leastNonzeroMagnitude] {
                let i = scale.intensity(for: v)
                #expect(i >= -1 && i <= 1)
                #expect(scale.color(for: v) != WidgetPalette.nonFinite)
            }
        }
        #expect(ColorScale.sequential(low: 1, high: 0).color(for: 1) == ColorScale.probability.color(for: 0))
    }

    @Test("diverging(fitting:) takes the largest finite magnitude, at least 1e-12")
    func divergingFitting() {
        #expect(ColorScale.diverging(fitting: [0.2, -0.7, .nan, .infinity, 0.5]) == .diverging(limit: 0.7))
        #expect(ColorScale.diverging(fitting: []) == .diverging(limit: 1e-12))
        #expect(ColorScale.diverging(fitting: [0, .nan]) == .diverging(limit: 1e-12))
        #expect(ColorScale.sequential(fitting: [0.1, 0.6, .nan]) == .sequential(low: 0.1, high: 0.6))
    }

    /// The limit is found on bit patterns, 16 at a time (the weights view's 4M-value tensors):
    /// it must be the very Float the value-by-value maximum gives, wherever the largest sits.
    @Test("diverging(fitting:) on bit patterns gives the value-by-value maximum, bit for bit")
    func divergingFittingBitForBit() {
        var generator = SystemRandomNumberGenerator()
        let specials: [Float] = [.nan, .infinity, -.infinity, -0.0, .leastNonzeroMagnitude, -.greatestFiniteMagnitude, 1e-39]
        for count in [1, 15, 16, 17, 33, 100, 1000] {
            for _ in 0..<20 {
                var values = (0..<count).map { _ in Float.random(in: -3...3, using: &generator) * Float(pow(10, Double.random(in: -8...8))) }
                for _ in 0..<Int.random(in: 0...3) { values[Int.random(in: 0..<count)] = specials.randomElement()! }
                // The whole array, and a slice not starting at a 16-value boundary.
                for slice in [values[...], values[(count / 2)...]] {
                    let expected = slice.reduce(Float(0)) { largest, v in max(largest, v.isFinite ? abs(v) : 0) }
                    #expect(ColorScale.diverging(fitting: slice) == .diverging(limit: max(expected, 1e-12)), "\(Array(slice))")
                }
            }
        }
    }

    // MARK: Numbers

    @Test("Compact numbers")
    func numbers() {
        #expect(NumberFormat.compact(0.314) == "0.31")
        #expect(NumberFormat.compact(-0.2) == "-0.20")
        #expect(NumberFormat.compact(0.0000123) == "1.2e-05")
        #expect(NumberFormat.compact(31415) == "3.1e+04")
        #expect(NumberFormat.compact(0) == "0.00")
        #expect(NumberFormat.compact(-0.0) == "0.00")
        #expect(NumberFormat.compact(.nan) == "NaN")
        #expect(NumberFormat.compact(.infinity) == "+Inf")
        #expect(NumberFormat.compact(-.infinity) == "-Inf")
        #expect(NumberFormat.compact(0.87654, digits: 3) == "0.877")
        #expect(NumberFormat.signed(-0.54) == "(-0.54)")
        #expect(NumberFormat.signed(0.54) == "0.54")
        #expect(NumberFormat.signed(-.infinity) == "(-Inf)")
        #expect(NumberFormat.decade(-3) == "1e-3")
    }

    // MARK: Vector heatmap

    @Test("Every one of 64 units gets a coloured cell with its intensity")
    func sixtyFourUnits() {
        let values = (0..<64).map { Float($0 - 32) / 32 }
        let scale = ColorScale.diverging(fitting: values)
        var grid = CellGrid(width: 20, height: 10)
        let rect = Rect(x: 2, y: 1, width: 16, height: 8)
        #expect(VectorHeatmap.rowsNeeded(count: 64, width: 16) == 4)
        #expect(VectorHeatmap.draw(values, scale: scale, selected: nil, in: rect, on: &grid) == 4)
        for (i, v) in values.enumerated() {
            let cell = grid[2 + i % 16, 1 + i / 16]
            #expect(cell.style.background == scale.color(for: v))
            #expect(cell.intensity == scale.intensity(for: v))
        }
        #expect(grid[2, 5] == .blank)
    }

    @Test("The selected unit is a bold ◆ that survives monochrome; NaN shows ×, Inf shows !")
    func selectedAndNonFinite() {
        var grid = CellGrid(width: 8, height: 2)
        let values: [Float] = [0.9, -0.9, .nan, .infinity, 0.1]
        VectorHeatmap.draw(values, scale: .diverging(limit: 1), selected: 1, in: grid.bounds, on: &grid)
        #expect(grid.line(0) == " ◆×!    ")
        #expect(grid[1, 0].style.bold)
        #expect(grid[1, 0].style.foreground == Color.palette(231))  // white on dark blue
        let mono = grid.degraded(to: .monochrome)
        #expect(mono.line(0).prefix(4) == "▓◆××" || mono.line(0).prefix(4) == "█◆×!")
        #expect(mono.line(0).contains("◆") && mono.line(0).contains("×") && mono.line(0).contains("!"))
    }

    @Test("Values that do not fit end in …")
    func vectorOverflow() {
        var grid = CellGrid(width: 4, height: 2)
        #expect(VectorHeatmap.draw(Array(repeating: 0.5, count: 20), scale: .probability, selected: nil,
                                   in: grid.bounds, on: &grid) == 2)
        #expect(grid.line(1) == "   …")
        #expect(VectorHeatmap.rowsNeeded(count: 0, width: 4) == 0)
        #expect(VectorHeatmap.rowsNeeded(count: 5, width: 0) == 0)
        #expect(VectorHeatmap.rowsNeeded(count: Int.max, width: 1) == Int.max)
    }

    // MARK: Matrix heatmap

    @Test("Half blocks: row 2k is the foreground, row 2k+1 the background; an odd last row has none")
    func halfBlocks() {
        let m: [[Float]] = [[1, -1], [-1, 1], [0.5, 0]]
        let scale = ColorScale.diverging(limit: 1)
        var grid = CellGrid(width: 4, height: 4)
        MatrixHeatmap.draw(m, scale: scale, in: grid.bounds, on: &grid)
        #expect(grid.line(0) == "▀▀  " && grid.line(1) == "▀▀  ")
        #expect(grid[0, 0].style.foreground == scale.color(for: 1))
        #expect(grid[0, 0].style.background == scale.color(for: -1))
        #expect(grid[0, 0].intensity == 0)
        #expect(grid[0, 1].style.background == .terminalDefault)
        #expect(grid[0, 1].intensity == 0.5)
        #expect(MatrixHeatmap.size(rowCount: 3, columnCount: 2, highlightRow: true) == (3, 2))
    }

    @Test("Wide matrices are averaged into the rect; NaN is never averaged away")
    func matrixCompression() {
        var row = [Float](repeating: 1, count: 100)
        row[57] = .nan
        var grid = CellGrid(width: 12, height: 3)
        MatrixHeatmap.draw([row, row.map { -$0 }, row, row, row, row, row, row], scale: .diverging(limit: 1),
                           in: Rect(x: 1, y: 0, width: 10, height: 2), on: &grid)
        #expect(grid.line(0) == " ▀▀▀▀▀×▀▀▀▀ ")
        #expect(grid.line(1) == " ▀▀▀▀▀×▀▀▀▀ ")
        // 8 rows into 4 pixels: the top pixel averages the +1 and -1 rows.
        #expect(grid[1, 0].style.foreground == ColorScale.diverging(limit: 1).color(for: 0))
        #expect(grid[1, 0].intensity == 0.5)
        #expect(grid[1, 1].intensity == 1)
    }

    @Test("Row and column highlights are markers in a reserved margin")
    func matrixHighlights() {
        var grid = CellGrid(width: 6, height: 4)
        let m = (0..<4).map { r in (0..<4).map { Float(r * 4 + $0) / 16 } }
        MatrixHeatmap.draw(m, scale: .probability, in: grid.bounds, on: &grid, highlightRow: 3, highlightColumn: 2)
        #expect(grid.line(0) == " ▀▀▀▀ ")
        #expect(grid.line(1) == "▶▀▀▀▀ ")
        #expect(grid.line(2) == "   ▲  ")
    }

    // MARK: Log bars

    @Test("A value 10× bigger gets a taller bar; zero shows ·, NaN ×")
    func logBars() {
        var grid = CellGrid(width: 20, height: 8)
        LogBars.draw([1e-3, 1e-2, 1e-1, 0, .nan], labels: ["1", "2", "3", "4", "5"], highlight: 1,
                     in: grid.bounds, on: &grid, color: .cyan)
        func height(_ x: Int) -> Int { (0..<7).filter { grid[x, $0].glyph != " " && grid[x, $0].glyph != "▼" }.count }
        let x0 = 5  // "1e-1┤" then bars every 3 columns
        #expect(height(x0) < height(x0 + 3) && height(x0 + 3) < height(x0 + 6))
        #expect(grid[x0 + 9, 6].glyph == "·")
        #expect(grid[x0 + 12, 6].glyph == "×")
        #expect(grid[x0 + 3, 6].style.foreground == WidgetPalette.highlight && grid[x0 + 3, 6].style.bold)
        #expect(grid[x0, 6].style.foreground == .cyan)
        #expect(grid.line(0).hasPrefix("1e-1┤"))
        #expect(grid.line(6).hasPrefix("1e-3┤"))
    }

    @Test("More values than columns: one column per group, showing its largest value")
    func logBarsCompressed() {
        var grid = CellGrid(width: 15, height: 5)
        var values = [Float](repeating: 1e-4, count: 1000)
        values[10] = 1  // falls in the first column's group
        LogBars.draw(values, labels: nil, highlight: nil, in: grid.bounds, on: &grid, color: .cyan)
        #expect(grid.line(0) == " 1e0┤█         ")
        #expect(grid.line(4) == "1e-4┤█▁▁▁▁▁▁▁▁▁")
    }

    // MARK: Line plot

    @Test("A falling curve: braille dots high on the left, low on the right, labelled axes")
    func linePlot() {
        var grid = CellGrid(width: 30, height: 8)
        let values: [Float] = (0..<200).map { 3 * exp(-Float($0) / 40) }
        LinePlot.draw([.init(values: values, color: .red, label: "loss")], logScale: false, in: grid.bounds,
                      on: &grid, xLabel: "epoch")
        #expect(grid.line(0).hasSuffix("━ loss"))
        func isBraille(_ x: Int, _ y: Int) -> Bool {
            let v = grid[x, y].glyph.unicodeScalars.first!.value
            return v > 0x2800 && v <= 0x28FF
        }
        #expect(grid.line(1).hasPrefix("3.00┤"))
        #expect(isBraille(5, 1) && !isBraille(29, 1))  // starts top left
        #expect(isBraille(29, 6) && !isBraille(5, 6))  // ends bottom right
        #expect((1...6).allSatisfy { y in (5..<30).contains { isBraille($0, y) } })  // joined: every row crossed
        #expect(grid[29, 6].style.foreground == .red)
    }

    @Test("Log scale labels decades and skips non-positive points; odd series do not trap")
    func linePlotLog() {
        var grid = CellGrid(width: 30, height: 8)
        LinePlot.draw([.init(values: [10, 1, 0, -1, 0.1, 0.01], color: .green)], logScale: true, in: grid.bounds, on: &grid)
        let axis = (0..<7).map { grid.line($0).prefix(4) }.joined(separator: "|")
        #expect(axis.contains("1e1") && axis.contains("1e-2"))
        for series in [[Float](), [5], [2, 2, 2], [.nan, .nan], [1, .infinity, 3], (0..<10_000).map { Float($0 % 7) }] {
            var g = CellGrid(width: 30, height: 8)
            LinePlot.draw([.init(values: series, color: .green)], logScale: false, in: g.bounds, on: &g)
            LinePlot.draw([.init(values: series, color: .green)], logScale: true, in: g.bounds, on: &g)
        }
    }

    // MARK: Box and text

    @Test("Box: rounded corners, clipped CJK title, inner rect; highlighted is bold yellow")
    func box() {
        var grid = CellGrid(width: 12, height: 3)
        let inner = Box.draw(title: "隐藏状态向量", in: grid.bounds, on: &grid, highlighted: true)
        #expect(inner == Rect(x: 1, y: 1, width: 10, height: 1))
        #expect(grid.line(0) == "╭─ 隐藏… ──╮")  // a third wide character would not fit
        #expect(grid.line(1) == "│          │")
        #expect(grid.line(2) == "╰──────────╯")
        #expect(grid[0, 0].style.foreground == WidgetPalette.highlight && grid[0, 0].style.bold)
        #expect(Box.draw(title: "x", in: Rect(x: 0, y: 0, width: 1, height: 5), on: &grid).isEmpty)
    }

    @Test("Wrapping never exceeds the width, breaks Chinese anywhere and keeps punctuation attached")
    func wrapping() {
        #expect(TextWrap.wrap("the hidden state carries memory", width: 10) == ["the hidden", "state", "carries", "memory"])
        #expect(TextWrap.wrap("隐藏状态把过去的信息带到现在。", width: 8) == ["隐藏状态", "把过去的", "信息带到", "现在。"])
        #expect(TextWrap.wrap("RNN的隐藏状态h_t", width: 7) == ["RNN的隐", "藏状态", "h_t"])
        #expect(TextWrap.wrap("a\n\nb", width: 5) == ["a", "", "b"])
        #expect(TextWrap.wrap("", width: 5) == [""])
        #expect(TextWrap.wrap("supercalifragilistic", width: 6) == ["superc", "alifra", "gilist", "ic"])
        #expect(TextWrap.wrap("  indented text", width: 20) == ["  indented text"])
        #expect(TextWrap.wrap("x", width: 0) == [])
        #expect(TextWrap.truncate("隐藏状态", width: 5) == "隐藏…")
        let samples = ["Backpropagation through time multiplies W_hh again and again, 梯度会逐步消失。",
                       "词表大小 V=28，隐藏维度 H=64；softmax 输出下一个字符的概率。", String(repeating: "长", count: 50),
                       "tab\tseparated\r\nlines and    many   spaces", "e\u{301}te\u{301} ✓ 🙂🙂"]
        for text in samples {
            for width in 1...30 {
                for line in TextWrap.wrap(text, width: width) {
                    #expect(DisplayWidth.of(line) <= width, "\"\(line)\" is wider than \(width)")
                }
            }
        }
    }

    // MARK: Clipping

    @Test("No widget draws outside its rect, whatever the rect", arguments: widgetNames)
    func staysInside(_ name: String) {
        let rects = [Rect(x: 3, y: 2, width: 30, height: 9), Rect(x: 5, y: 5, width: 7, height: 3),
                     Rect(x: 1, y: 1, width: 1, height: 1), Rect(x: 2, y: 2, width: 0, height: 4),
                     Rect(x: -5, y: -2, width: 20, height: 6), Rect(x: 30, y: 10, width: 30, height: 30),
                     Rect(x: 4, y: 4, width: 3, height: 9), Rect(x: 0, y: 0, width: 40, height: 2)]
        for rect in rects {
            var grid = sentinelGrid()
            drawWidget(name, in: rect, on: &grid)
            #expect(cellsOutside(rect, in: grid).allSatisfy { $0.glyph == "§" }, "\(name) in \(rect)")
        }
    }

    @Test("Hostile rects and sizes never trap", arguments: widgetNames)
    func hostileRects(_ name: String) {
        var negative = Rect(x: 2, y: 2, width: 5, height: 5)
        negative.width = -7  // fields can be set past the initialiser's clamp
        negative.height = -1
        let huge = [Rect(x: Int.max - 3, y: Int.max - 3, width: 10, height: 10),
                    Rect(x: Int.min, y: Int.min, width: Int.max, height: Int.max),
                    Rect(x: 0, y: 0, width: Int.max, height: Int.max)]
        var grid = sentinelGrid()
        drawWidget(name, in: negative, on: &grid)
        #expect(grid == sentinelGrid())
        for rect in huge {
            var g = sentinelGrid()
            drawWidget(name, in: rect, on: &g)
        }
        var empty = CellGrid(width: 0, height: 0)
        drawWidget(name, in: Rect(x: 0, y: 0, width: 10, height: 10), on: &empty)
        #expect(TextWrap.wrap("a b", width: .max) == ["a b"])
        #expect(NumberFormat.compact(1, digits: .max) == "1.000000000")
        #expect(NumberFormat.compact(1, digits: .min) == "1.0")
        #expect(VectorHeatmap.rowsNeeded(count: .max, width: .max) == 1)
    }

    // MARK: Snapshots

    @Test("Snapshot: hidden state, its legend and a softmax row (monochrome shading)")
    func snapshotHeatmaps() {
        var grid = CellGrid(width: 34, height: 7)
        let h: [Float] = (0..<48).map { i in
            let x = Float(i)
            return sin(x * 0.4) * x / 48
        }
        let scale = ColorScale.diverging(fitting: h)
        let rows = VectorHeatmap.draw(h, scale: scale, selected: 5, in: Rect(x: 1, y: 0, width: 32, height: 3), on: &grid)
        Legend.draw(scale, in: Rect(x: 1, y: rows, width: 32, height: 1), on: &grid)
        let p: [Float] = [0.01, 0.02, 0.6, 0.05, 0.3, 0.02, .nan]
        VectorHeatmap.draw(p, scale: .probability, selected: 2, in: Rect(x: 1, y: 4, width: 32, height: 1), on: &grid)
        Legend.draw(.probability, in: Rect(x: 1, y: 5, width: 32, height: 1), on: &grid)
        assertSnapshot(grid.degraded(to: .monochrome).plainText(), named: "widgets/heatmaps-mono")
    }

    @Test("Snapshot: both legends with their xterm-256 colours (ANSI)")
    func snapshotLegendColours() {
        var grid = CellGrid(width: 30, height: 2)
        Legend.draw(.diverging(limit: 0.5), in: Rect(x: 0, y: 0, width: 30, height: 1), on: &grid)
        Legend.draw(.probability, in: Rect(x: 0, y: 1, width: 30, height: 1), on: &grid)
        assertSnapshot(grid.ansiText(), named: "widgets/legends-ansi")
    }

    @Test("Snapshot: a weight matrix in half blocks (monochrome shading)")
    func snapshotMatrix() {
        var grid = CellGrid(width: 18, height: 5)
        let m: [[Float]] = (0..<7).map { r in (0..<16).map { c in cos(Float(r) * 0.7 + Float(c) * 0.3) } }
        MatrixHeatmap.draw(m, scale: .diverging(limit: 1), in: grid.bounds, on: &grid, highlightRow: 4, highlightColumn: 3)
        assertSnapshot(grid.plainText() + "--- monochrome ---\n" + grid.degraded(to: .monochrome).plainText(),
                       named: "widgets/matrix")
    }

    @Test("Snapshot: loss curves in braille")
    func snapshotLinePlot() {
        var grid = CellGrid(width: 40, height: 10)
        let train: [Float] = (0..<500).map { 3.3 * exp(-Float($0) / 60) + 0.05 }
        let val: [Float] = (0..<500).map { 3.3 * exp(-Float($0) / 90) + 0.3 }
        LinePlot.draw([.init(values: train, color: .red, label: "train"), .init(values: val, color: .blue, label: "val")],
                      logScale: true, in: grid.bounds, on: &grid, xLabel: "epoch")
        assertSnapshot(grid.plainText(), named: "widgets/lineplot-log")
    }

    @Test("Snapshot: vanishing gradients as log bars, inside a box with wrapped text")
    func snapshotBars() {
        var grid = CellGrid(width: 40, height: 12)
        let inner = Box.draw(title: "‖∂L/∂h_t‖ per step", in: grid.bounds, on: &grid)
        let norms: [Float] = (1...10).map { pow(Float(0.35), Float(10 - $0)) }
        LogBars.draw(norms, labels: (1...10).map(String.init), highlight: 9,
                     in: Rect(x: inner.x, y: inner.y, width: inner.width, height: 8), on: &grid, color: .cyan)
        for (i, line) in TextWrap.wrap("梯度每退一步乘以 W_hh 和 tanh′，逐渐消失。", width: inner.width).prefix(2).enumerated() {
            grid.put(line, x: inner.x, y: inner.y + 8 + i)
        }
        assertSnapshot(grid.plainText(), named: "widgets/logbars-box")
    }
}
