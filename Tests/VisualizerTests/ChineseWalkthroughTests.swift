import CellGrid
import Foundation
import Localization
import ScopeNames
import Testing
@testable import RNNCore
@testable import Visualizer

/// The walk-through in Chinese: every sub-step of the forward pass and of BPTT, for each cell,
/// at 120×40 and 80×24. What the step view's own panels show (timeline, vector slots, softmax,
/// formula, gradient bars, unrolled state, accumulators) must hold no English word but the
/// allow-list's symbols and names, no line may start with closing punctuation, and no
/// double-width character may be cut in half.
@Suite("Chinese walk-through")
struct ChineseWalkthroughTests {
    static let sizes = [(120, 40), (80, 24)]

    static func explorer(_ cell: CellKind, language: Language = .zh, lossMode: LossMode = .last) throws -> Explorer {
        var spec = ModelSpec.notes
        spec.cell = cell
        spec.lossMode = lossMode
        let explorer = try Explorer(spec: spec)
        explorer.ui.language = language
        return explorer
    }

    /// The step view as plain text, the header and status bar included; the loss and
    /// training panels (whose prompts quote the model's English training text) blanked.
    static func stepPanels(_ explorer: Explorer, width: Int, height: Int) -> (text: String, grid: CellGrid) {
        let grid = ExplorerScreen.render(explorer, width: width, height: height)
        var masked = grid
        let layout = Layout(width: width, height: height, hidden: explorer.trace.config.hidden)
        let blanked = layout.isFull ? [layout.lossCurve, layout.trainingSummary] : []
        for rect in blanked { masked.fill(rect, with: .blank) }
        return (masked.degraded(to: .monochrome).plainText(), grid)
    }

    /// Every problem a Chinese student would see on this screen.
    static func problems(_ explorer: Explorer, width: Int, height: Int) -> [String] {
        let (text, grid) = stepPanels(explorer, width: width, height: height)
        let vocabulary = explorer.trace.config.vocabulary
        let symbols = String((0..<vocabulary.count).map { Character(vocabulary.symbol(at: $0)) })
        var found = ChineseText.englishWords(in: text, vocabulary: symbols).map { "English word \"\($0)\"" }
        found += ChineseText.linesStartingWithClosingPunctuation(text).map { "line starts with closing punctuation: \($0)" }
        found += ChineseText.halfCutWideCharacters(grid).map { "half a wide character at \($0)" }
        return found
    }

    /// Walks the forward pass at t=3 (at both sizes) and BPTT from t=T down to t=1, checking
    /// every sub-step of t=T at 120×40 and of t=1 (where BPTT ends) at 80×24, as a student
    /// presses space. Returns the screens checked.
    func walk(_ cell: CellKind) throws -> Int {
        let e = try Self.explorer(cell)
        var screens = 0
        func check(_ label: String, sizes: [(Int, Int)]) {
            for (width, height) in sizes {
                for problem in Self.problems(e, width: width, height: height) {
                    Issue.record("\(cell) \(width)×\(height) t=\(e.t) \(e.subStep) \(label): \(problem)")
                }
                screens += 1
            }
        }
        for key in try UserKey.parse("ll") { e.handle(key) }
        for _ in cell.walkthrough.sequence(.forward) {
            check("forward", sizes: Self.sizes)
            e.handle(.character(" "))
        }
        e.handle(.character("b"))
        let T = e.trace.length
        for _ in 0..<200 {
            if e.t == T { check("backward", sizes: [(120, 40)]) }
            if e.t == 1 { check("backward", sizes: [(80, 24)]) }
            if e.t == 1, e.subStep == cell.walkthrough.sequence(.backward).last { break }
            e.handle(.character(" "))
        }
        return screens
    }

    @Test("Every sub-step of each cell, forward and backward, reads as Chinese at 120×40 and 80×24",
          arguments: [CellKind.rnn, .gru, .lstm])
    func everySubStep(_ cell: CellKind) throws {
        let screens = try walk(cell)
        #expect(screens == 2 * cell.walkthrough.sequence(.forward).count + 2 * cell.walkthrough.sequence(.backward).count,
                "walked \(screens) screens")
    }

    @Test("The checker catches English, closing punctuation at a line start and a cut wide character")
    func checkerCatches() {
        #expect(ChineseText.englishWords(in: "│x_t  memory in  dL/dh_t tanh(0.5) W_hh", vocabulary: "") == ["memory", "in"])
        #expect(ChineseText.englishWords(in: "│gradient", vocabulary: "") == ["gradient"])
        #expect(ChineseText.englishWords(in: "abcdef", vocabulary: " !abcdefgh") == [])
        #expect(ChineseText.linesStartingWithClosingPunctuation("│第一行\n│，第二行\n").count == 1)
        #expect(ChineseText.linesStartingWithClosingPunctuation("│（第一行）\n").isEmpty)
        var grid = CellGrid(width: 4, height: 1)
        grid.put("中文", x: 0, y: 0)
        #expect(ChineseText.halfCutWideCharacters(grid).isEmpty)
        grid[1, 0] = Cell("x")
        #expect(!ChineseText.halfCutWideCharacters(grid).isEmpty)
    }

    /// Formulas and numbers are the same in both languages: each sub-step has as many lines a
    /// student can recompute in Chinese as in English, and every one of them recomputes. The
    /// explanation's words are Chinese at every step, in both loss modes (each words the loss
    /// and the steps without a target its own way).
    @Test("Every formula line checks by hand in Chinese too", arguments: [CellKind.rnn, .gru, .lstm])
    func arithmeticInChinese(_ cell: CellKind) throws {
        for mode in [LossMode.last, .every] {
            let e = try Self.explorer(cell, lossMode: mode)
            let trace = e.trace
            let vocabulary = trace.config.vocabulary
            let symbols = String((0..<vocabulary.count).map { Character(vocabulary.symbol(at: $0)) })
            let H = trace.config.hidden, T = trace.length
            for t in [1, T / 2, T] {
                for unit in [0, H - 1] {
                    for phase in [Phase.forward, .backward] {
                        for subStep in cell.walkthrough.sequence(phase) {
                            let english = StepExplanation(subStep: subStep, trace: trace, t: t, unit: unit, strings: Strings(.en))
                            let chinese = StepExplanation(subStep: subStep, trace: trace, t: t, unit: unit, strings: Strings(.zh))
                            func checked(_ lines: [String]) -> Int { lines.filter { HandCheck.check($0) == .checked }.count }
                            for line in chinese.inspector {
                                if case .wrong(let expression, let computed, let shown) = HandCheck.check(line) {
                                    Issue.record("\(cell) \(mode) t=\(t) unit \(unit) \(subStep): \(expression) gives \(computed), the screen says \(shown)")
                                }
                            }
                            #expect(checked(chinese.inspector) == checked(english.inspector), "\(cell) \(mode) t=\(t) \(subStep): \(chinese.inspector)")
                            #expect(chinese.formula.isEmpty == english.formula.isEmpty)
                            #expect(chinese.panels == english.panels)
                            let words = ChineseText.englishWords(in: ([chinese.title, chinese.formula] + chinese.inspector).joined(separator: "\n"),
                                                                 vocabulary: symbols)
                            #expect(words.isEmpty, "\(cell) \(mode) t=\(t) \(subStep): \(words)")
                        }
                    }
                }
            }
        }
    }

    @Test("The formula panel wraps Chinese prose without a line starting with closing punctuation, at every width")
    func formulaWrapping() throws {
        for cell in [CellKind.rnn, .gru, .lstm] {
            let e = try Self.explorer(cell)
            let trace = e.trace
            for phase in [Phase.forward, .backward] {
                for subStep in cell.walkthrough.sequence(phase) {
                    let explanation = StepExplanation(subStep: subStep, trace: trace, t: 1, unit: 5, strings: Strings(.zh))
                    for width in [30, 47, 50, 64] {
                        let lines = TextWrap.wrap(explanation.title, width: width)
                            + MathWrap.lines(explanation.formula, width: width)
                            + explanation.inspector.flatMap { MathWrap.lines($0, width: width) }
                        for line in lines {
                            #expect(DisplayWidth.of(line) <= width, "\(cell) \(subStep) width \(width): \(line)")
                            if let first = line.first { #expect(!ChineseText.closing.contains(first), "\(cell) \(subStep) width \(width): \(line)") }
                        }
                    }
                }
            }
        }
    }

    @Test("Beside the compact formula panel's more marker, a Chinese line is cut between characters, an English one between words")
    func cutBesideMarker() {
        #expect(FormulaPanel.words("第二项是细胞状态的高速通路", width: 9) == "第二项是")
        #expect(FormulaPanel.words("到达 h_t 的梯度", width: 12) == "到达 h_t 的")
        #expect(FormulaPanel.words("dL/dh_t[0] = -0.0453 + 0 = -0.0453", width: 16) == "dL/dh_t[0] =")
    }

    /// English screens keep every word: the same explorer in English shows the English
    /// captions (the snapshots hold them byte for byte).
    @Test("Switching the language changes the walk-through's words, and back")
    func toggles() throws {
        let e = try Self.explorer(.lstm)
        for key in try UserKey.parse("ll<space><space>") { e.handle(key) }
        let chinese = Self.stepPanels(e, width: 120, height: 40).text
        #expect(chinese.contains("遗忘门"))
        e.ui.language = .en
        let english = Self.stepPanels(e, width: 120, height: 40).text
        #expect(english.contains("forget gate") && !english.contains("遗忘门"))
    }

    @Test("Chinese step view snapshots: RNN forward, LSTM backward, 120×40 and 80×24")
    func snapshots() throws {
        let rnn = try Self.explorer(.rnn)
        for key in try UserKey.parse("ll<space><space><space><space>") { rnn.handle(key) }
        assertSnapshot(Self.stepPanels(rnn, width: 120, height: 40).text, named: "zh/walk-rnn-forward-activation-120x40")
        assertSnapshot(Self.stepPanels(rnn, width: 80, height: 24).text, named: "zh/walk-rnn-forward-activation-80x24")
        let lstm = try Self.explorer(.lstm)
        for key in try UserKey.parse("b<space><space><space>") { lstm.handle(key) }
        assertSnapshot(Self.stepPanels(lstm, width: 120, height: 40).text, named: "zh/walk-lstm-backward-dcell-120x40")
        assertSnapshot(Self.stepPanels(lstm, width: 80, height: 24).text, named: "zh/walk-lstm-backward-dcell-80x24")
    }
}

/// What a Chinese screen may and may not show. (A copy of the chrome harness's allow-list
/// check, for the walk-through; the lead merges the two.)
enum ChineseText {
    /// Closing punctuation no line may start with.
    static let closing = Set("，。、；：？！）》」』】〉")

    /// Letter runs allowed on a Chinese screen: formula symbols and functions, cell names,
    /// key names, the program's name.
    static let allowed: Set<String> = [
        "RNN", "GRU", "LSTM", "BPTT", "rnnscope",
        "tanh", "relu", "ReLU", "softmax", "exp", "log", "logsumexp", "max", "onehot", "diag", "logits",
        "dL", "dh", "da", "dc", "dz", "dW", "dE", "db", "dlogits",
        "ms", "Enter", "Esc", "Tab", "tab", "space", "PgUp", "PgDn", "Home", "End",
    ]

    /// ASCII letter runs of two or more that are not allowed. A run inside an identifier with
    /// an underscore (W_hh, h_t, b_ih, logits_t) is a formula symbol; a run that is part of the
    /// vocabulary written out (the softmax panel's character row) is the model's text.
    static func englishWords(in text: String, vocabulary: String) -> [String] {
        var words: [String] = []
        var token = ""
        func flush() {
            defer { token = "" }
            guard !token.contains("_") else { return }
            for run in token.split(whereSeparator: { !$0.isASCII || !$0.isLetter }) where run.count >= 2 {
                let word = String(run)
                if !allowed.contains(word), !vocabulary.contains(word) { words.append(word) }
            }
        }
        for c in text {
            if c.isASCII, c.isLetter || c.isNumber || c == "_" { token.append(c) } else { flush() }
        }
        flush()
        return words
    }

    /// Lines (or the text right after a box's left border) that start with closing punctuation.
    static func linesStartingWithClosingPunctuation(_ text: String) -> [String] {
        text.components(separatedBy: "\n").filter { line in
            line.components(separatedBy: "│").contains { segment in
                segment.first { $0 != " " }.map { closing.contains($0) } ?? false
            }
        }
    }

    /// Cells where a double-width character lost its right half, or a right half its character.
    static func halfCutWideCharacters(_ grid: CellGrid) -> [String] {
        var cut: [String] = []
        for y in 0..<grid.height {
            for x in 0..<grid.width {
                let cell = grid[x, y]
                if cell.isContinuation {
                    if x == 0 || DisplayWidth.of(grid[x - 1, y].glyph) != 2 { cut.append("(\(x),\(y)) orphan right half") }
                } else if DisplayWidth.of(cell.glyph) == 2 {
                    if x + 1 >= grid.width || !grid[x + 1, y].isContinuation { cut.append("(\(x),\(y)) \(cell.glyph)") }
                }
            }
        }
        return cut
    }
}
