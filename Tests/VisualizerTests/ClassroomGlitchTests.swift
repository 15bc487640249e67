import CellGrid
import Foundation
import RNNCore
import ScopeNames
import Testing
@testable import Lessons
import Localization
@testable import Visualizer

/// Issue 12's glitches: titles shortened at a phrase, axis labels that never touch, status
/// hints that stay put, `more ↓` wherever narration or a formula does not fit, and a packed
/// unrolled map that says which steps share ▶'s row.
@Suite("Classroom glitches")
struct ClassroomGlitchTests {
    static let sizes = [(120, 40), (80, 24), (200, 60)]

    func explorer(_ keys: String, cell: CellKind = .rnn, text: String = SeedNotes.text, window: Int = SeedNotes.window,
                  hidden: Int = SeedNotes.hidden) throws -> Explorer {
        let spec = ModelSpec(text: text, window: window, cell: cell, hidden: hidden).withInteractiveStride()
        let explorer = try Explorer(spec: spec)
        for key in try UserKey.parse(keys) { explorer.handle(key) }
        return explorer
    }

    func lines(_ explorer: Explorer, _ width: Int, _ height: Int) -> [String] {
        ExplorerScreen.render(explorer, width: width, height: height).plainText().components(separatedBy: "\n")
    }

    // MARK: titles

    @Test("A title that does not fit is cut before a phrase or after a word, never mid-word")
    func shortenedTitles() {
        let title = "W_hh [96×32] blocks r,z,n: row i = unit i's input from h_{t-1}"
        #expect(TextWrap.shorten(title, width: 40) == "W_hh [96×32] blocks r,z,n")
        #expect(TextWrap.shorten("gradient check for W_hz[3,4] (▶▲, ↑/↓ moves)", width: 36) == "gradient check for W_hz[3,4]")
        #expect(TextWrap.shorten("one two three four", width: 12) == "one two…")
        #expect(PanelFrame.heading(title, note: "(averaged to fit)", shortNote: "(averaged)", width: 40)
            == ("W_hh [96×32] blocks r,z,n", "(averaged)"))
        #expect(PanelFrame.heading("‖dL/dh_t‖ (log)", note: "t=1 gets 1/160 of t=10", width: 60) == ("‖dL/dh_t‖ (log)", "t=1 gets 1/160 of t=10"))
    }

    @Test("No view's panel title ends in a cut word, for any cell, at 120×40, 80×24 and 200×60",
          arguments: [CellKind.rnn, .gru, .lstm])
    func noCutTitles(cell: CellKind) throws {
        for (width, height) in Self.sizes {
            for view in 0..<ScreenView.allCases.count {
                for phase in ["", "b"] {
                    let keys = String(repeating: "<tab>", count: view) + phase
                    for line in lines(try explorer(keys, cell: cell), width, height) {
                        // A box title is "╭─ title ─…": a cut one ended in "… ─".
                        #expect(line.range(of: #"[^ .]… ─"#, options: .regularExpression) == nil,
                                "\(cell) \(keys) at \(width)×\(height): \(line)")
                    }
                }
            }
        }
    }

    @Test("W_hh's title says the weights were averaged, shorter where the full wording does not fit")
    func weightsTitle() throws {
        let compact = lines(try explorer("<tab><tab><tab>"), 80, 24)[1]
        #expect(compact.contains("W_hh [64×64]") && compact.contains("(averaged to fit)") && !compact.contains("…"), "\(compact)")
        let wide = lines(try explorer("<tab><tab><tab>", cell: .gru, hidden: 32), 120, 40)[1]
        #expect(wide.contains("W_hh [96×32] blocks r,z,n: row i"), "\(wide)")
    }

    // MARK: axis labels

    @Test("Step labels under the log bars never touch, for T = 10…1000 at several widths")
    func barLabels() {
        for count in [10, 39, 50, 200, 1000] {
            for width in [20, 34, 48, 60, 118, 198] {
                let values = (0..<count).map { Float(pow(1.1, Double($0))) }
                let labels = (1...count).map(String.init)
                for highlight in [0, count / 3, count - 1] {
                    var grid = CellGrid(width: width, height: 6)
                    LogBars.draw(values, labels: labels, highlight: highlight, in: Rect(x: 0, y: 0, width: width, height: 6),
                                 on: &grid, color: .palette(4))
                    let row = grid.plainText().components(separatedBy: "\n")[5]
                    let tokens = row.split(separator: " ").map(String.init)
                    let numbers = tokens.compactMap(Int.init)
                    let context = "T=\(count) width \(width) highlight \(highlight + 1): \"\(row)\""
                    // Run-together labels ("123456789") read as numbers beyond T or out of order.
                    #expect(numbers.count == tokens.count, "\(context)")
                    #expect(numbers.allSatisfy { (1...count).contains($0) }, "\(context)")
                    #expect(numbers.sorted() == numbers && Set(numbers).count == numbers.count, "\(context)")
                    #expect(numbers.contains(highlight + 1), "the current step's label is shown: \(context)")
                    if width >= 48 { #expect(numbers.count >= 3, "\(context)") }
                }
            }
        }
    }

    @Test("The 200-step gradients view labels its bars with round step numbers")
    func longBarLabels() throws {
        let screen = lines(try explorer("<tab><tab><tab><tab>", text: LongText.text, window: 200, hidden: 32), 120, 40)
        #expect(screen.contains { $0.contains(" 1 ") && $0.contains(" 10 ") && $0.contains(" 100 ") && $0.contains(" 190 ") })
    }

    @Test("The line plot's x row keeps its first index, label and last index apart")
    func linePlotRow() {
        for count in [10, 39, 50, 200, 1000] {
            for width in [12, 20, 40, 80] {
                var grid = CellGrid(width: width, height: 6)
                LinePlot.draw([LinePlot.Series(values: (0..<count).map { Float($0 + 1) }, color: .palette(4))], logScale: true,
                              in: Rect(x: 0, y: 0, width: width, height: 6), on: &grid, xLabel: "k")
                let row = grid.plainText().components(separatedBy: "\n")[5]
                let tokens = row.split(separator: " ").map(String.init)
                #expect(tokens.first == "└1", "T=\(count) width \(width): \(row)")
                #expect(tokens.allSatisfy { $0 == "└1" || $0 == "k" || $0 == String(count) }, "T=\(count) width \(width): \(row)")
            }
        }
    }

    // MARK: status bar

    @Test("The status bar's key hints stay in one place whatever the text beside them", arguments: [CellKind.rnn, .gru, .lstm])
    func fixedHints(cell: CellKind) throws {
        for (width, height) in Self.sizes {
            let hint = KeyMap.hints(full: Layout(width: width, height: height).isFull, strings: Strings(.en))
            var columns = Set<Int>()
            for keys in ["", "<space><space><space>", "jjjjjjjjjjjj", "b", "b<space><space>", "bhhhhhhh<space><space><space>",
                         "t", "T", "a", "x", "llll<space><space><space><space><space>"] {
                let status = lines(try explorer(keys, cell: cell), width, height)[height - 1]
                let range = try #require(status.range(of: hint.trimmingCharacters(in: .whitespaces)), "\(keys) at \(width)×\(height): \(status)")
                columns.insert(DisplayWidth.of(String(status[..<range.lowerBound])))
                // The text beside the hints is cut at a field, never inside a number.
                #expect(!status.contains("loss") || status.range(of: #"loss [0-9.e+-]+ "#, options: .regularExpression) != nil)
            }
            #expect(columns == [width - DisplayWidth.of(hint)], "\(cell) at \(width)×\(height): hints at columns \(columns.sorted())")
        }
    }

    // MARK: narration

    // "Every shipped lesson step shows more ↓ exactly where its narration does not fit" is
    // checked on LessonRenderingTests.everyStep's walk through every lesson
    // (`expectNarrationMarker`), which already renders each step at 120×40 and 80×24: walking
    // and training the lessons twice was most of both suites' time (issue 17).

    // MARK: formula panel

    /// Every formula and number line of the sub-step on screen, or `more ↓`; `all` when every
    /// one must be on screen.
    func expectFormulaReachable(_ frame: Frame, screen: String, width: Int, height: Int, all: Bool = false,
                                sourceLocation: SourceLocation = #_sourceLocation) {
        let layout = Layout(width: width, height: height)
        let inner = layout.isFull ? layout.formula.width - 2 : layout.formula.width
        let (_, formula, numbers) = FormulaPanel(frame: frame, explanation: frame.explanation).lines(width: inner)
        let missing = (formula + numbers).map(\.0).filter { !$0.isEmpty && !screen.contains($0) }
        // The narration's footer ("Enter/] next … more ↓") is not the formula's marker.
        let marked = screen.components(separatedBy: "\n").contains { $0.contains(FormulaPanel.moreMarker) && !$0.contains("next") }
        #expect(missing.isEmpty || marked && !all, "\(width)×\(height): not on screen and no marker: \(missing)", sourceLocation: sourceLocation)
        if missing.isEmpty { #expect(!marked, "\(width)×\(height): a marker with nothing cut", sourceLocation: sourceLocation) }
    }

    @Test("The gated cells' dL/d(gates) lines are all on screen or marked more ↓", arguments: [CellKind.gru, .lstm])
    func gatesFormula(cell: CellKind) throws {
        let index = try #require(SubStep.sequence(.backward, cell: cell).firstIndex { SubStepNames.name($0, cell: cell) == "dL/d(gates)" })
        let explorer = try explorer("bhhhhhhh" + String(repeating: "<space>", count: index), cell: cell)
        for (width, height) in Self.sizes {
            let screen = ExplorerScreen.render(explorer, width: width, height: height).plainText()
            expectFormulaReachable(explorer.frame(), screen: screen, width: width, height: height, all: width == 200)
        }
        // 120×40: the panel grows into the gradient bars, so more than the first gate's numbers show.
        let screen = ExplorerScreen.render(explorer, width: 120, height: 40).plainText()
        let gates = cell == .gru ? ["ñ", "z̃", "r̃"] : ["ĩ", "f̃"]
        for gate in gates { #expect(screen.contains("dL/d\(gate)[0]"), "\(cell) gate \(gate) at 120×40") }
        #expect(screen.contains("‖dL/dh_t‖"), "the gradient bars stay")
    }

    @Test("Every sub-step's formula lines are reachable in every cell at 120×40 and 80×24", arguments: [CellKind.rnn, .gru, .lstm])
    func everyFormula(cell: CellKind) throws {
        for phase in [Phase.forward, .backward] {
            // One explorer walks the sub-steps with space (linear), instead of a new one
            // replaying "ll" and `index` spaces for each sub-step.
            let explorer = try explorer(phase == .backward ? "bhhhhhhh" : "ll", cell: cell)
            for index in SubStep.sequence(phase, cell: cell).indices {
                if index > 0 { for key in try UserKey.parse("<space>") { explorer.handle(key) } }
                #expect(explorer.subStep == SubStep.sequence(phase, cell: cell)[index])
                for (width, height) in [(120, 40), (80, 24)] {
                    let screen = ExplorerScreen.render(explorer, width: width, height: height).plainText()
                    expectFormulaReachable(explorer.frame(), screen: screen, width: width, height: height)
                }
            }
        }
    }

    @Test("Lesson 6's loss step shows the sequence's loss line at 120×40 and marks more ↓ at 80×24")
    func lessonLossStep() throws {
        let path = try #require(LessonRenderingTests.files("en").first { $0.hasSuffix("06-exploding-gradients.md") })
        let session = try LessonSession(lesson: LessonParser.load(path))
        var found = false
        for index in 0..<session.stepCount {
            if index > 0 { session.next() }
            let frame = session.frame()
            guard frame.view == .step, frame.explanation.inspector.joined().contains("loss of the sequence") else { continue }
            found = true
            for (width, height) in [(120, 40), (80, 24)] {
                let screen = LessonScreen.render(session, width: width, height: height).plainText()
                expectFormulaReachable(session.frame(), screen: screen, width: width, height: height, all: width == 120)
            }
        }
        #expect(found)
    }

    // MARK: packed unrolled rows

    @Test("A step key on a map that packs several steps per row says which steps share ▶'s row")
    func packedRows() throws {
        let long = try explorer("b<home>" + String(repeating: "l", count: 36), text: LongText.text, window: 200, hidden: 32)
        #expect(long.t == 37)
        for (keys, view) in [("", "step"), ("<tab>", "through time")] {
            for key in try UserKey.parse(keys) { long.handle(key) }
            var ranges: [String] = []
            for _ in 0..<3 {
                let screen = lines(long, 120, 40)
                let title = try #require(screen.first { $0.contains("▶ row holds t=") }, "\(view) at t=\(long.t)")
                let match = try #require(title.range(of: #"t=([0-9]+)…([0-9]+)"#, options: .regularExpression, range: title.range(of: "▶ row holds")!.lowerBound..<title.endIndex))
                let bounds = title[match].dropFirst(2).split(separator: "…").compactMap { Int($0) }
                #expect(bounds.count == 2 && bounds[0] < long.t + 1 && long.t <= bounds[1] && bounds[1] - bounds[0] >= 2,
                        "\(view): t=\(long.t) in \(title)")
                ranges.append(String(title[match]))
                long.handle(.right)
            }
            #expect(Set(ranges).count == 1, "t=37…39 share one row: \(ranges)")
        }
        // Two steps per row (half-blocks) is the ordinary map: no note.
        let short = try explorer("lll")
        #expect(!lines(short, 120, 40).contains { $0.contains("row holds") })
        for key in try UserKey.parse("<tab>") { short.handle(key) }
        #expect(!lines(short, 120, 40).contains { $0.contains("row holds") })
    }
}
