import CellGrid
import Lessons
import RNNCore
import ScopeNames
import Testing
@testable import Visualizer

/// Readable on light terminals: in both the dark and the light theme, every letter and digit
/// on screen has a WCAG contrast ratio of at least 4.5:1 against what it is drawn on.
@Suite("Themes")
struct ThemeContrastTests {
    /// The theme's terminal: the default background is black for dark and white for light,
    /// and the default foreground the opposite.
    static func terminal(_ theme: ThemeName) -> (foreground: UInt8, background: UInt8) {
        theme == .light ? (16, 231) : (231, 16)
    }

    /// Every letter or digit cell whose text colour has less than 4.5:1 contrast with its
    /// background, as "x,y 'c' fg/bg ratio".
    static func unreadable(_ grid: CellGrid, theme: ThemeName) -> [String] {
        let (defaultForeground, defaultBackground) = terminal(theme)
        var found: [String] = []
        for y in 0..<grid.height {
            for x in 0..<grid.width {
                let cell = grid[x, y]
                guard !cell.isContinuation, cell.glyph.isLetter || cell.glyph.isNumber else { continue }
                func index(_ color: Color, _ fallback: UInt8) -> UInt8 {
                    if case .palette(let i) = color { return i }
                    return fallback
                }
                var foreground = index(cell.style.foreground, defaultForeground)
                var background = index(cell.style.background, defaultBackground)
                if cell.style.reverse { swap(&foreground, &background) }
                let ratio = Palette.contrastRatio(foreground, background)
                if ratio < 4.5 {
                    found.append("\(x),\(y) '\(cell.glyph)' \(foreground)/\(background) \(String(format: "%.2f", ratio))")
                }
            }
        }
        return found
    }

    static let themes: [ThemeName] = [.dark, .light]
    static let cells: [CellKind] = [.rnn, .gru]

    static func explorer(_ cell: CellKind, theme: ThemeName) throws -> Explorer {
        var spec = ModelSpec.notes
        spec.cell = cell
        let explorer = try Explorer(spec: spec)
        explorer.lab.train(epochs: 2)
        explorer.setTheme(theme)
        return explorer
    }

    @Test("Every view, in both themes, for the RNN and a gated cell", arguments: themes, cells)
    func everyView(theme: ThemeName, cell: CellKind) throws {
        let explorer = try Self.explorer(cell, theme: theme)
        // The step view in both phases and with a message line; then every other view.
        let screens: [(String, String)] = [
            ("step forward", "lll  "), ("step backward", "b  "), ("message", "x"), ("typing", "e"),
        ]
        for (name, keys) in screens {
            for key in try UserKey.parse(keys) { explorer.handle(key) }
            let grid = ExplorerScreen.render(explorer, width: 120, height: 40)
            let bad = Self.unreadable(grid, theme: theme)
            #expect(bad.isEmpty, "\(theme) \(cell) \(name): \(bad.prefix(8))")
            if explorer.ui.editing != nil { explorer.handle(.escape) }
        }
        for view in ScreenView.allCases {
            explorer.setView(view)
            for size in [(120, 40), (80, 24)] {
                let grid = ExplorerScreen.render(explorer, width: size.0, height: size.1)
                let bad = Self.unreadable(grid, theme: theme)
                #expect(bad.isEmpty, "\(theme) \(cell) \(view) \(size): \(bad.prefix(8))")
            }
        }
    }

    @Test("The help overlay, in both themes", arguments: themes)
    func help(theme: ThemeName) throws {
        let explorer = try Self.explorer(.rnn, theme: theme)
        explorer.handle(.character("?"))
        let grid = ExplorerScreen.render(explorer, width: 120, height: 40)
        #expect(grid.plainText().contains("theme auto → dark → light → mono"))
        let bad = Self.unreadable(grid, theme: theme)
        #expect(bad.isEmpty, "\(theme) help: \(bad.prefix(8))")
    }

    @Test("Lesson screens, in both themes", arguments: themes)
    func lesson(theme: ThemeName) throws {
        for present in [false, true] {
            let session = try LessonSession(lesson: LessonLibrary.find("1", lang: "en"), present: present)
            session.explorer.setTheme(theme)
            for index in 0..<min(session.stepCount, 6) {
                if index > 0 { session.next() }
                let grid = LessonScreen.render(session, width: 120, height: 40)
                let bad = Self.unreadable(grid, theme: theme)
                #expect(bad.isEmpty, "\(theme) lesson 1 step \(index + 1) present \(present): \(bad.prefix(8))")
            }
        }
    }

    @Test("The theme survives replaying a lesson")
    func lessonReplayKeepsTheTheme() throws {
        let session = try LessonSession(lesson: LessonLibrary.find("1", lang: "en"))
        session.explorer.setTheme(.light)
        session.next()
        session.replay(to: 0)
        #expect(session.explorer.ui.theme == .light)
    }

    @Test("v cycles auto → dark → light → mono → auto, and the screen follows")
    func cycle() throws {
        let explorer = try Explorer(spec: .notes)
        explorer.setTheme(.auto, auto: .light)
        #expect(explorer.ui.resolvedTheme == .light)
        var seen: [ThemeName] = []
        var colours: [Set<Color>] = []
        for _ in 0..<4 {
            explorer.handle(.character("v"))
            seen.append(explorer.ui.theme)
            let grid = ExplorerScreen.render(explorer, width: 120, height: 40)
            colours.append(Set(grid.cells.flatMap { [$0.style.foreground, $0.style.background] }))
        }
        #expect(seen == [.dark, .light, .mono, .auto])
        #expect(colours[0] != colours[1], "dark and light draw differently")
        #expect(colours[2] == [.terminalDefault], "mono draws no colour")
        #expect(explorer.ui.message?.hasPrefix("theme: auto (light here") == true)
    }

    @Test("Text on the terminal's default background uses the default foreground")
    func defaultForeground() throws {
        // Numbers (formula values, the input characters) have no colour of their own, so
        // they read on any background even when the theme guessed wrong.
        #expect(ThemePalette.dark.numbers.foreground == .terminalDefault)
        #expect(ThemePalette.light.numbers.foreground == .terminalDefault)
    }

    @Test("In 8 colours, small positive values never take the highlight marker's colour", arguments: themes)
    func eightColourHighlight(theme: ThemeName) {
        guard case .palette(let highlight) = ThemePalette.of(theme).highlight else {
            Issue.record("the highlight is a palette colour")
            return
        }
        let marker = Palette.nearestBasic(highlight)
        let scale = ColorScale.diverging(limit: 1)
        for step in 1...200 {
            let value = Float(step) / 200
            guard case .palette(let index) = scale.color(for: value) else { continue }
            #expect(Palette.nearestBasic(index) != marker, "\(theme): +\(value) → \(index) shares the highlight's basic colour")
        }
    }

    @Test("The dark theme on a white background fails the check (issue 12's report)")
    func darkOnWhiteFails() throws {
        let explorer = try Self.explorer(.rnn, theme: .dark)
        let grid = ExplorerScreen.render(explorer, width: 120, height: 40)
        #expect(Self.unreadable(grid, theme: .dark).isEmpty)
        #expect(Self.unreadable(grid, theme: .light).count > 20)
    }

    @Test("The contrast check catches unreadable text")
    func checkerFails() {
        var grid = CellGrid(width: 3, height: 1)
        grid.put("a", x: 0, y: 0, style: Style(foreground: .palette(229)))  // pale yellow
        grid.put("b", x: 1, y: 0, style: Style(foreground: .palette(16), background: .palette(231), reverse: true))
        #expect(Self.unreadable(grid, theme: .dark).isEmpty)
        #expect(Self.unreadable(grid, theme: .light).count == 1)
    }
}
