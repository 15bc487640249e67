import CellGrid
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import RNNCore
import ScopeNames
import Testing
@testable import Lessons
@testable import Visualizer

/// What one cell looks like, as the SVG draws it and as the grid says it should look: the
/// colours of its upper and lower half, and what is drawn over them (a character with its
/// colour and attributes, a block shape, braille dots). A space, `█`, `▀` and `▄` are colours
/// only, so they compare by their halves.
struct Look: Equatable, CustomStringConvertible {
    var top: String
    var bottom: String
    var glyph: Character = " "
    var ink: String?
    var bold = false
    var underline = false

    var description: String {
        "[\(top)/\(bottom) '\(glyph)' \(ink ?? "-")\(bold ? " bold" : "")\(underline ? " underline" : "")]"
    }
}

/// Decodes an SVG written by `SVGRenderer` back into cell looks, by its geometry alone:
/// colour rectangles paint the halves of the cells they cover, block rectangles and braille
/// circles become the glyphs whose shapes they are, text characters land on the cell of their x.
final class SVGDecoder: NSObject, XMLParserDelegate {
    let width: Int, height: Int
    var looks: [[Look]]
    var group = ""
    var textAttributes: [String: String]?
    var textContent = ""
    var title = ""
    var inTitle = false
    var viewBox = ""
    var blockRects: [Int: [(x: Int, y: Int, w: Int, h: Int, fill: String, opacity: String?)]] = [:]
    var dots: [Int: (bits: UInt8, fill: String)] = [:]
    var failure: String?

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        looks = Array(repeating: Array(repeating: Look(top: "", bottom: ""), count: width), count: height)
    }

    static func decode(_ svg: String, width: Int, height: Int) throws -> SVGDecoder {
        let decoder = SVGDecoder(width: width, height: height)
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = decoder
        guard parser.parse() else { throw DecodeError(message: "not XML: \(parser.parserError.map { "\($0)" } ?? "?") at line \(parser.lineNumber)") }
        if let failure = decoder.failure { throw DecodeError(message: failure) }
        decoder.finishBlocks()
        return decoder
    }

    struct DecodeError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        func int(_ key: String) -> Int { Int(attributes[key] ?? "") ?? -1 }
        switch name {
        case "svg": viewBox = attributes["viewBox"] ?? ""
        case "title": inTitle = true
        case "g": group = attributes["class"] ?? ""
        case "rect":
            let fill = attributes["fill"] ?? ""
            if group == "" {
                // The background of the whole picture.
                for y in 0..<height { for x in 0..<width { looks[y][x].top = fill; looks[y][x].bottom = fill } }
            } else if group == "fills" {
                let (x, y, w, h) = (int("x"), int("y"), int("width"), int("height"))
                guard x % 8 == 0, w % 8 == 0, y % 8 == 0, h == 8 || h == 16 else { failure = "unaligned fill rect \(attributes)"; return }
                for column in x / 8..<(x + w) / 8 {
                    if y % 16 == 0 { looks[y / 16][column].top = fill }
                    if h == 16 || y % 16 == 8 { looks[y / 16][column].bottom = fill }
                }
            } else if group == "blocks" {
                let (x, y) = (int("x"), int("y"))
                let cell = (y / 16) * width + x / 8
                blockRects[cell, default: []].append((x % 8, y % 16, int("width"), int("height"), fill, attributes["fill-opacity"]))
            } else {
                failure = "rect in group '\(group)'"
            }
        case "circle":
            guard let cx = Double(attributes["cx"] ?? ""), let cy = Double(attributes["cy"] ?? "") else { failure = "bad circle"; return }
            let (column, row) = (Int(cx) / 8, Int(cy) / 16)
            let (dx, dy) = (Int(cx) % 8, Int(cy) % 16)
            // Dots 1-3 and 7 on the left, 4-6 and 8 on the right, rows 4 units apart.
            let bits: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]
            let bit = bits[dx < 4 ? 0 : 1][min(3, dy / 4)]
            let cell = row * width + column
            dots[cell] = ((dots[cell]?.bits ?? 0) | bit, attributes["fill"] ?? "")
        case "text":
            textAttributes = attributes
            textContent = ""
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inTitle { title += string }
        if textAttributes != nil { textContent += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "title" { inTitle = false }
        guard name == "text", let attributes = textAttributes else { return }
        textAttributes = nil
        let xs = (attributes["x"] ?? "").split(separator: " ").compactMap { Int($0) }
        let characters = Array(textContent)
        guard xs.count == characters.count, let y = Int(attributes["y"] ?? "") else {
            failure = "text with \(characters.count) characters and \(xs.count) x positions: \(textContent)"
            return
        }
        for (x, character) in zip(xs, characters) where character != " " {
            let row = (y - SVGRenderer.baseline) / 16
            looks[row][x / 8].glyph = character
            looks[row][x / 8].ink = attributes["fill"]
            looks[row][x / 8].bold = attributes["font-weight"] == "bold"
            looks[row][x / 8].underline = attributes["text-decoration"] == "underline"
        }
    }

    /// Block rectangles and dots back to glyphs, by shape.
    func finishBlocks() {
        for (cell, rects) in blockRects {
            let (x, y) = (cell % width, cell / width)
            var glyph: Character = "?"
            if rects.count == 1 {
                let r = rects[0]
                switch (r.x, r.y, r.w, r.h, r.opacity) {
                case (0, 0, 8, 16, "0.25"?): glyph = "░"
                case (0, 0, 8, 16, "0.5"?): glyph = "▒"
                case (0, 0, 8, 16, "0.75"?): glyph = "▓"
                case (0, let top, 8, let h, nil) where top + h == 16 && h % 2 == 0: glyph = Character(Unicode.Scalar(0x2580 + UInt32(h / 2))!)
                case (0, 0, let w, 16, nil) where w < 8: glyph = Character(Unicode.Scalar(0x2590 - UInt32(w))!)
                case (4, 0, 4, 16, nil): glyph = "▐"
                default: break
                }
            }
            looks[y][x].glyph = glyph
            looks[y][x].ink = rects[0].fill
        }
        for (cell, dot) in dots {
            looks[cell / width][cell % width].glyph = Character(Unicode.Scalar(0x2800 + UInt32(dot.bits))!)
            looks[cell / width][cell % width].ink = dot.fill
        }
    }
}

enum ExpectedLook {
    /// How `grid` should look, from its cells and the colours alone.
    static func of(_ grid: CellGrid, colors: GridColors) -> [[Look]] {
        (0..<grid.height).map { y in
            (0..<grid.width).map { x in
                var cell = grid[x, y]
                if cell.isContinuation, x > 0 { cell = Cell(" ", style: grid[x - 1, y].style) }
                let (fg, bg) = colors.resolve(cell.style)
                switch cell.glyph {
                case " ": return Look(top: bg, bottom: bg)
                case "█": return Look(top: fg, bottom: fg)
                case "▀": return Look(top: fg, bottom: bg)
                case "▄": return Look(top: bg, bottom: fg)
                default:
                    let text = SVGRenderer.isText(cell)
                    return Look(top: bg, bottom: bg, glyph: cell.printableGlyph, ink: fg,
                                bold: text && cell.style.bold, underline: text && cell.style.underline)
                }
            }
        }
    }
}

/// Checks that the SVG of `grid` parses and decodes back to the grid's looks; returns the decoder.
@discardableResult
func expectSVGRoundTrip(_ grid: CellGrid, colors: GridColors, title: String = "screen", _ what: String,
                        sourceLocation: SourceLocation = #_sourceLocation) throws -> SVGDecoder {
    let svg = SVGRenderer.render(grid, colors: colors, title: title)
    let decoded = try SVGDecoder.decode(svg, width: grid.width, height: grid.height)
    #expect(decoded.viewBox == "0 0 \(grid.width * 8) \(grid.height * 16)", sourceLocation: sourceLocation)
    let expected = ExpectedLook.of(grid, colors: colors)
    var mismatches: [String] = []
    for y in 0..<grid.height {
        for x in 0..<grid.width where decoded.looks[y][x] != expected[y][x] {
            mismatches.append("(\(x),\(y)): svg \(decoded.looks[y][x]) grid \(expected[y][x])")
        }
    }
    #expect(mismatches.isEmpty, "\(what): \(mismatches.count) cells differ, first \(mismatches.prefix(3))", sourceLocation: sourceLocation)
    return decoded
}

/// The text of an HTML export's `<pre>`, parsed as XML.
func preText(_ html: String) throws -> String {
    guard let start = html.range(of: "<pre"), let end = html.range(of: "</pre>") else { throw SVGDecoder.DecodeError(message: "no <pre>") }
    final class Collector: NSObject, XMLParserDelegate {
        var text = ""
        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
    }
    let collector = Collector()
    let parser = XMLParser(data: Data(html[start.lowerBound..<end.upperBound].utf8))
    parser.delegate = collector
    guard parser.parse() else { throw SVGDecoder.DecodeError(message: "the <pre> is not well-formed: \(parser.parserError.map { "\($0)" } ?? "?")") }
    return collector.text
}

@Suite("SVG and HTML export")
struct ExportTests {
    static func explorer(_ keys: String, epochs: Int = 0, theme: ThemeName = .dark) throws -> Explorer {
        let explorer = try Explorer(spec: .notes)
        explorer.setTheme(theme)
        if epochs > 0 { explorer.lab.train(epochs: epochs) }
        for key in try UserKey.parse(keys) { explorer.handle(key) }
        return explorer
    }

    /// Every view, each at a point where it draws its heatmaps, plots and bars.
    static let views: [(name: String, keys: String, epochs: Int)] = [
        ("step", "lll<space><space><space>", 0), ("step-backward", "b<space><space>", 3), ("time", "lll<tab>", 0),
        ("training", "<tab><tab>", 20), ("weights", "<tab><tab><tab>", 0), ("gradients", "<tab><tab><tab><tab>", 0),
        ("compare", "<btab><btab><btab>", 0), ("help", "?", 0),
    ]

    @Test("Every view's SVG parses and decodes back to its cells, in dark and light", arguments: views.map(\.name))
    func everyView(name: String) throws {
        let view = try #require(Self.views.first { $0.name == name })
        for theme in [ThemeName.dark, .light] {
            let explorer = try Self.explorer(view.keys, epochs: view.epochs, theme: theme)
            let grid = ExplorerScreen.render(explorer, width: 120, height: 40)
            let decoded = try expectSVGRoundTrip(grid, colors: ScreenExport.colors(for: theme), title: ScreenExport.title(explorer.frame()), "\(name) \(theme)")
            #expect(decoded.title.contains("view, t="), "\(decoded.title)")
        }
    }

    @Test("A plot's braille dots become circles; mono shading and half blocks stay decodable")
    func plotsAndShading() throws {
        let explorer = try Self.explorer("<tab><tab>", epochs: 20)
        let grid = ExplorerScreen.render(explorer, width: 120, height: 40)
        let braille = grid.cells.filter { ($0.glyph.unicodeScalars.first?.value).map { (0x2801...0x28FF).contains($0) } ?? false }
        #expect(!braille.isEmpty, "the training view plots its loss in braille")
        let svg = SVGRenderer.render(grid, colors: .dark, title: "training")
        #expect(svg.contains("<circle"))
        explorer.setTheme(.mono)
        let mono = ExplorerScreen.render(explorer, width: 120, height: 40)
        try expectSVGRoundTrip(mono, colors: .dark, "training, mono")
    }

    @Test("A CJK lesson step: wide characters take two cells and decode back")
    func chineseLesson() throws {
        let lesson = try LessonParser.load(LessonRenderingTests.files("zh")[0])
        let session = try LessonSession(lesson: lesson)
        session.explorer.setTheme(.light)
        let grid = LessonScreen.render(session, width: 120, height: 40)
        #expect(grid.cells.contains { DisplayWidth.of($0.glyph) == 2 })
        let decoded = try expectSVGRoundTrip(grid, colors: .light, "zh lesson step 1")
        // The first wide character's x is two cells before the next character's.
        let svg = SVGRenderer.render(grid, colors: .light, title: lesson.title)
        #expect(svg.contains(MarkupText.escape(lesson.steps[0].title)))
        #expect(!decoded.title.isEmpty)
    }

    @Test("A screen of NaN and Inf decodes back, marks included")
    func nonFinite() throws {
        var parameters = Parameters.initialized(shape: ModelShape(vocabSize: 28, hidden: 64), seed: 0)
        parameters.storage[parameters.shape.offset(of: .weightHH) + 5] = .nan
        parameters.storage[parameters.shape.offset(of: .embedding) + 3] = .infinity
        let explorer = try Explorer(spec: .notes, parameters: parameters)
        for view in [ScreenView.step, .gradients] {
            explorer.setView(view)
            let grid = ExplorerScreen.render(explorer, width: 120, height: 40)
            #expect(grid.plainText().contains("×"))
            try expectSVGRoundTrip(grid, colors: .dark, "NaN \(view)")
        }
    }

    @Test("Escaping: markup characters and control characters never reach the file raw")
    func escaping() throws {
        var grid = CellGrid(width: 24, height: 3)
        grid.put("a<b>&\"c'd", x: 0, y: 0, style: Style(foreground: .palette(196), bold: true, underline: true))
        grid[12, 0] = Cell("\u{1B}")
        grid[13, 0] = Cell("\u{7}")
        grid.put("学习", x: 0, y: 1)
        grid.put("▁▂▃▅▆▇▏▎▍▌▋▊▉▐░▒▓⣿⡇", x: 0, y: 2, style: Style(foreground: .palette(33), background: .palette(236)))
        let title = "t<1> & \"q\" \u{1B}[31m"
        let svg = SVGRenderer.render(grid, colors: .dark, title: title)
        #expect(!svg.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(svg.contains("a&lt;b&gt;&amp;&quot;c&#39;d"))
        let decoded = try expectSVGRoundTrip(grid, colors: .dark, title: title, "escaping")
        #expect(decoded.title == "t<1> & \"q\" \u{FFFD}[31m")
        #expect(decoded.looks[0][12].glyph == "\u{FFFD}")
        let html = HTMLRenderer.page(grid, colors: .dark, title: title)
        #expect(!html.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(try preText(html) == grid.plainText())
    }

    @Test("GridColors: palette colours by the xterm table, defaults by theme, reverse swaps")
    func colors() {
        #expect(GridColors.dark.resolve(Style(foreground: .palette(196))).foreground == "#ff0000")
        #expect(GridColors.dark.resolve(.plain) == ("#d0d0d0", "#000000"))
        #expect(GridColors.light.resolve(.plain) == ("#000000", "#ffffff"))
        #expect(GridColors.light.resolve(Style(background: .palette(24), reverse: true)) == ("#005f87", "#000000"))
        #expect(GridColors.hex(244) == "#808080")
    }

    @Test("HTML: parses, no script, no external URL, its text is the grid's text", arguments: [ThemeName.dark, .light, .mono])
    func html(theme: ThemeName) throws {
        let explorer = try Self.explorer("lll<space>", theme: theme)
        let grid = ExplorerScreen.render(explorer, width: 120, height: 40)
        let html = HTMLRenderer.page(grid, colors: ScreenExport.colors(for: theme), title: ScreenExport.title(explorer.frame()))
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("http"))
        if theme != .mono { #expect(html.contains("<span style=\"color: ")) }
        let text = try preText(html)
        let trimmed = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            String(line.reversed().drop { $0 == " " }.reversed())
        }.joined(separator: "\n")
        #expect(trimmed == grid.plainText())
        if theme == .mono { #expect(trimmed == ScreenExport.plainText(grid)) }
    }

    // MARK: The x key

    static func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "rnnscope-export-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test("x writes rnnscope-<view>-t<t>-<time>.svg and .txt, and never overwrites")
    func exportKey() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let explorer = try Self.explorer("ll")
        #expect(KeyMap.command(for: .character("x")) == .export)
        explorer.handle(.character("x"))
        #expect(explorer.exportRequested)
        let date = Date(timeIntervalSince1970: 1_790_000_000)
        let base = ScreenExport.baseName(view: .step, t: 3, date: date, timeZone: TimeZone(identifier: "UTC")!)
        #expect(base == "rnnscope-step-t3-20260921-141320")
        // A file already holding the first name is left alone; the export takes -2, then -3.
        let name = ScreenExport.baseName(view: .step, t: 3, date: date)
        try Data("mine".utf8).write(to: URL(fileURLWithPath: folder + "/" + name + ".txt"))
        let grid = ExplorerScreen.render(explorer, width: 120, height: 40)
        explorer.exportScreen(grid, directory: folder, date: date)
        #expect(!explorer.exportRequested)
        #expect(explorer.ui.message == "exported \(folder)/\(name)-2.svg and .txt beside it")
        explorer.exportScreen(grid, directory: folder, date: date)
        #expect(explorer.ui.message?.contains("\(name)-3.svg") == true)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(files == ["\(name)-2.svg", "\(name)-2.txt", "\(name)-3.svg", "\(name)-3.txt", "\(name).txt"])
        #expect(try String(contentsOfFile: folder + "/" + name + ".txt", encoding: .utf8) == "mine")
        #expect(try String(contentsOfFile: folder + "/\(name)-2.txt", encoding: .utf8) == ScreenExport.plainText(grid))
        let svg = try String(contentsOfFile: folder + "/\(name)-2.svg", encoding: .utf8)
        #expect(svg == SVGRenderer.render(grid, colors: .dark, title: ScreenExport.title(explorer.frame())))
    }

    @Test("An export into a folder that cannot be written says so on the message line")
    func exportFailure() throws {
        let explorer = try Self.explorer("")
        explorer.exportScreen(ExplorerScreen.render(explorer, width: 80, height: 24), directory: "/nonexistent-\(UUID().uuidString)")
        #expect(explorer.ui.message?.hasPrefix("cannot export to /nonexistent-") == true)
    }

    // MARK: Handouts

    @Test("A handout: one section per step, every value filled, inline SVGs that parse, zh line breaking", arguments: ["en", "zh"])
    func handout(lang: String) throws {
        let lesson = try LessonParser.load(LessonRenderingTests.files(lang)[0])
        let session = try LessonSession(lesson: lesson)
        // 80×24 screens keep the test fast; the command's are 120×40.
        let html = try Handout.html(session, width: 80, height: 24)
        #expect(html.components(separatedBy: "<section class=\"step\"").count - 1 == lesson.steps.count)
        #expect(!html.contains("{{"))
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("http"))
        #expect(html.contains("break-after: page"))
        #expect(html.contains("<html lang=\"\(lang)\">"))
        #expect(html.contains("line-break: strict; word-break: normal"))
        for (index, step) in lesson.steps.enumerated() {
            #expect(html.contains("<h2>\(index + 1)/\(lesson.steps.count). \(MarkupText.escape(step.title))</h2>"))
        }
        var rest = Substring(html)
        var svgs = 0
        while let start = rest.range(of: "<svg "), let end = rest.range(of: "</svg>") {
            let svg = String(rest[start.lowerBound..<end.upperBound]).replacingOccurrences(of: "<svg ", with: "<svg xmlns=\"http://www.w3.org/2000/svg\" ")
            _ = try SVGDecoder.decode(svg, width: 80, height: 24)
            svgs += 1
            rest = rest[end.upperBound...]
        }
        #expect(svgs == lesson.steps.count)
    }
}
