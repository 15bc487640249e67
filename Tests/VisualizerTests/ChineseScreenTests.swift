import CellGrid
import Foundation
import Lessons
import Localization
import RNNCore
import ScopeNames
import Testing
@testable import Visualizer

/// Finds English left on a screen drawn in Chinese: ASCII letter runs of two or more letters,
/// less what stays the same in every language (formula symbols, parameter names, key names,
/// cell names, `rnnscope`, tanh/relu/softmax, units) and less the model's own text (quoted).
enum ChineseScreen {
    /// Words that are the same in a Chinese interface: names of cells, functions, optimizers,
    /// keys, themes (the `--theme` values), units, file kinds, the program and its commands.
    /// (The list and the finder live in Localization's `EnglishWords`, shared with the command line's tests.)
    static let allowed: Set<String> = EnglishWords.allowed

    /// Words the walk-through's own strings still show in these screens (sub-step names in
    /// the status bar, the Jacobian bars' title, the gate path and reading, the unrolled and
    /// gradient-bar panels of `UnrolledPanel.swift`): another engineer translates them (issue
    /// 18, the `Walk`/`StepPanels` areas). Once that is merged this should give nothing, and
    /// the tests below can drop it.
    static func walkthroughWords(_ cell: CellKind) -> Set<String> {
        let walkthrough = cell.walkthrough
        var texts = [walkthrough.jacobianTitle, walkthrough.gatePath, walkthrough.keepGateReading ?? "", walkthrough.scoresName]
        texts += walkthrough.gates.map(\.title)
        texts += (walkthrough.sequence(.forward) + walkthrough.sequence(.backward)).map { SubStepNames.name($0, cell: cell) }
        // GradientBarsPanel and UnrolledPanel (UnrolledPanel.swift).
        texts += ["unrolled: down, units across, row holds", "BPTT computes these (b starts it)", "nothing reaches t=1 gets of", "log"]
        return Set(englishWords(in: texts.joined(separator: " ")))
    }

    /// The English words in `text` (each once, sorted), outside `allowed` and `also`.
    static func englishWords(in text: String, also: Set<String> = []) -> [String] {
        EnglishWords.find(in: text, also: also)
    }

    /// An explorer on the notes' text in Chinese, after `keys`.
    static func explorer(cell: CellKind = .rnn, keys: String = "") throws -> Explorer {
        let spec = ModelSpec(text: SeedNotes.text, window: SeedNotes.window, cell: cell, hidden: SeedNotes.hidden).withInteractiveStride()
        let explorer = try Explorer(spec: spec)
        explorer.setLanguage(.zh)
        for key in try UserKey.parse(keys) { explorer.handle(key) }
        return explorer
    }

    static func screen(_ explorer: Explorer, width: Int = 120, height: Int = 40) -> String {
        ExplorerScreen.render(explorer, width: width, height: height).plainText()
    }

    static let sizes = [(80, 24), (120, 40), (200, 60)]

    /// The part of a screen line between two columns (display width: a wide character takes two).
    static func columns(_ line: String, from start: Int, to end: Int) -> String {
        var column = 0, out = ""
        for c in line {
            if column >= start, column + DisplayWidth.of(c) <= end { out.append(c) }
            column += DisplayWidth.of(c)
        }
        return out
    }
}

@Suite struct ChineseScreenTests {
    @Test("The finder sees English words, and lets symbols, key names and the model's text through")
    func finderWorks() {
        #expect(ChineseScreen.englishWords(in: "loss per epoch  第 3 轮") == ["epoch", "loss", "per"])
        #expect(ChineseScreen.englishWords(in: "h_t = tanh(W_hh h_{t-1} + b_ih)  ‖dL/dh_k‖ 1e-3 Float32 --lang 按 Enter") == [])
        #expect(ChineseScreen.englishWords(in: "\"Hello, RNN\" → \"p\"  'H'") == [])
    }

    @Test("Every view but the step view is Chinese in zh, at 80×24, 120×40 and 200×60, RNN, GRU and LSTM",
          arguments: [CellKind.rnn, .gru, .lstm])
    func views(cell: CellKind) throws {
        for view in ScreenView.allCases where view != .step {
            let explorer = try ChineseScreen.explorer(cell: cell, keys: "t")
            explorer.setView(view)
            // The generate view shows the model's text (the notes' English) unquoted.
            // The neuron view colours the training text (the notes' English) character by character.
            let frame = explorer.frame()
            let passage = String(String.UnicodeScalarView(frame.neurons?.passage ?? []))
            let prompt = Set(ChineseScreen.englishWords(in: (frame.generation?.prompt ?? "") + " " + passage))
            for (width, height) in ChineseScreen.sizes {
                let screen = ChineseScreen.screen(explorer, width: width, height: height)
                #expect(ChineseScreen.englishWords(in: screen, also: ChineseScreen.walkthroughWords(cell).union(prompt)) == [],
                        "\(cell) \(view) \(width)×\(height):\n\(screen)")
            }
        }
    }

    @Test("The header, status bar and help overlay are Chinese, and the help lists every key at 80×24")
    func chromeAndHelp() throws {
        let explorer = try ChineseScreen.explorer()
        for (width, height) in ChineseScreen.sizes {
            let lines = ChineseScreen.screen(explorer, width: width, height: height).components(separatedBy: "\n")
            let header = lines[0], status = lines[height - 1]
            #expect(ChineseScreen.englishWords(in: header) == [], "\(header)")
            #expect(header.contains("视图") || header.contains("帮助"), "\(header)")
            #expect(ChineseScreen.englishWords(in: status, also: ChineseScreen.walkthroughWords(.rnn)) == [], "\(status)")
            #expect(status.contains("正向") && status.contains("单元"), "\(status)")
        }
        // The overlay alone, on an empty screen: every row in Chinese, every key listed.
        for (width, height) in ChineseScreen.sizes {
            let help = Theme.drawing(.dark) { () -> CellGrid in
                var grid = CellGrid(width: width, height: height)
                HelpOverlay.draw(on: &grid, strings: Strings(.zh))
                return grid
            }.plainText()
            #expect(ChineseScreen.englishWords(in: help) == [], "\(width)×\(height):\n\(help)")
            for row in KeyMap.rows {
                #expect(help.contains(row.label + " ") && help.contains(row.help(Strings(.zh))), "\(width)×\(height): \(row.label)\n\(help)")
            }
        }
    }

    @Test("The message line after common commands is Chinese")
    func messages() throws {
        let keys = ["t", "T", "TT", "+", "-", "p", "pp", "R", "v", "s", "S", "r", "c", "a", "[", "]", "w", "P", "cP", "Z", "e<esc>", "n", "<", ">", "<tab><tab><tab><tab><tab><tab> ", "<tab><tab><tab><tab><tab><tab><bs>",
                    "<tab><tab><tab><tab><tab><tab>p+", "b<space><space><space><space><space><space><space><space><space>",
                    // Enter and m away from their views; Enter with nothing generated, then after a sample;
                    // space in the neuron view picks the list's next unit.
                    "<enter>", "m", "<tab><tab><tab><tab><tab><tab><enter>", "<tab><tab><tab><tab><tab><tab> <enter>",
                    "<tab><tab><tab><tab><tab><tab>nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn<enter>",
                    "<btab><btab> ", "<btab><btab><bs>"]
        for script in keys {
            let explorer = try ChineseScreen.explorer(keys: script)
            explorer.stopTraining()
            let message = explorer.ui.message ?? ""
            #expect(ChineseScreen.englishWords(in: message) == [], "after \(script): \(message)")
        }
        let explorer = try ChineseScreen.explorer(keys: "L")
        #expect(explorer.ui.language == .en && explorer.ui.message == "language: English (L: 中文)")
        explorer.handle(.character("L"))
        #expect(explorer.ui.language == .zh && explorer.ui.message?.hasPrefix("界面语言") == true)
    }

    @Test("The typing prompts and the too-small screen are Chinese")
    func promptsAndTooSmall() throws {
        for keys in ["e", "W", "O", "<tab><tab><tab><tab><tab><tab>e"] {
            for (width, height) in [(80, 24), (120, 40)] {
                let lines = ChineseScreen.screen(try ChineseScreen.explorer(keys: keys), width: width, height: height).components(separatedBy: "\n")
                let line = lines[height - 2]
                #expect(ChineseScreen.englishWords(in: line) == [], "\(keys) \(width)×\(height): \(line)")
            }
        }
        let small = ChineseScreen.screen(try ChineseScreen.explorer(), width: 60, height: 20)
        #expect(ChineseScreen.englishWords(in: small) == [] && small.contains("终端至少需要"), "\(small)")
    }

    @Test("A Chinese lesson's screen is Chinese around its narration, and --lang en makes it English")
    func lessonScreen() throws {
        let lesson = try LessonLibrary.find("3", lang: "zh")
        let session = try LessonSession(lesson: lesson)
        #expect(session.explorer.ui.language == .zh)
        for index in 0..<session.stepCount {
            try session.jump(to: index)
            for (width, height) in [(80, 24), (120, 40)] {
                let lines = LessonScreen.render(session, width: width, height: height).plainText().components(separatedBy: "\n")
                // The narration panel's title and footer rows, within the panel's columns.
                guard let rect = LessonScreen.narrationRect(session, frame: session.frame(), width: width, height: height) else { continue }
                let panel = [rect.y, rect.maxY - 1].map { ChineseScreen.columns(lines[$0], from: rect.x, to: rect.maxX) }
                let chrome = [lines[0], lines[height - 1]] + panel.filter { $0.contains("╭─ 第 ") || $0.contains("下一步") }
                #expect(chrome.count == 4, "step \(index + 1) \(width)×\(height): no narration title\n\(lines.joined(separator: "\n"))")
                for line in chrome {
                    #expect(ChineseScreen.englishWords(in: line, also: ChineseScreen.walkthroughWords(session.explorer.lab.cell)) == [],
                            "step \(index + 1): \(line)")
                }
            }
        }
        // Going back replays the script with fresh explorers: the language stays.
        session.previous()
        #expect(session.explorer.ui.language == .zh)
        #expect(try LessonSession(lesson: lesson, language: .en).explorer.ui.language == .en)
    }

    @Test("No wrapped Chinese line starts with closing punctuation, at any width")
    func kinsoku() {
        let texts = [Strings(.zh)["through.h.caption"], Strings(.zh)["grad.verdict.above"], Strings(.zh)["compare.reading.similar"],
                     Strings(.zh)["help.key.files.detail"], "先前向，再反向。然后（可选）继续：好！"]
        for text in texts {
            // From 8 columns: three glued wide characters (词）。) cannot keep the rule in 4.
            for width in 8...60 {
                for line in TextWrap.wrap(text, width: width) {
                    #expect(!TextWrap.startsWithClosingPunctuation(line), "width \(width): \(line)")
                    #expect(DisplayWidth.of(line) <= width, "width \(width): \(line)")
                }
            }
        }
        #expect(TextWrap.startsWithClosingPunctuation("，好") && TextWrap.startsWithClosingPunctuation("  ）") && !TextWrap.startsWithClosingPunctuation("好，"))
    }

    @Test("A Chinese title that does not fit is shortened at a phrase, never through a character")
    func shortening() {
        #expect(TextWrap.shorten("每轮的损失  第 3 轮  线性坐标（y：对数）", width: 20) == "每轮的损失  第 3 轮")
        #expect(TextWrap.shorten("两个模型每轮的损失，对数坐标", width: 20) == "两个模型每轮的损失")
        for width in 1...12 {
            let short = TextWrap.shorten("仍在训练一轮呢还没有完成", width: width)
            #expect(DisplayWidth.of(short) <= width, "\(width): \(short)")
        }
    }

    @Test("Lesson 7's {{neuron_feature}} follows the lesson's language: a Chinese feature name in zh, the English one in en")
    func neuronFeaturePlaceholder() throws {
        for lang in ["zh", "en"] {
            let lesson = try LessonLibrary.find("7", lang: lang)
            let session = try LessonSession(lesson: lesson)
            func placeholder(_ step: LessonStep) -> Placeholder? {
                for block in step.narration {
                    for case .value(let p, _) in block.spans where p.name == .neuronFeature { return p }
                }
                return nil
            }
            let index = try #require(lesson.steps.firstIndex { placeholder($0) != nil })
            try session.jump(to: index)
            let frame = session.frame()
            let best = try #require(frame.neurons?.best)
            let value = PlaceholderValues.text(for: try #require(placeholder(lesson.steps[index])), in: frame)
            #expect(value == NeuronView.name(best.feature, strings: Strings(lang == "zh" ? .zh : .en)), "\(lang): \(value)")
            if lang == "zh" {
                #expect(ChineseScreen.englishWords(in: value) == [], "\(value)")
            } else {
                #expect(value.allSatisfy { $0.isASCII || $0 == "−" }, "\(value)")
            }
        }
    }

    @Test("zh screens at 120×40 and 80×24", arguments: [(ScreenView.training, "training"), (.gradients, "gradients"), (.compare, "compare"),
                                                       (.neurons, "neurons"), (.optimizer, "optimizer")])
    func snapshots(view: ScreenView, name: String) throws {
        let explorer = try ChineseScreen.explorer(keys: "t")
        explorer.setView(view)
        for (width, height) in [(120, 40), (80, 24)] {
            let text = ExplorerScreen.render(explorer, width: width, height: height).degraded(to: .monochrome).plainText()
            assertSnapshot(text, named: "zh/\(name)-\(width)x\(height)")
        }
    }
}

@Suite struct KeyMapLanguageTests {
    @Test("Every key's help, detail and hint is in both tables, and L toggles the language")
    func everyRowInBothTables() {
        for row in KeyMap.rows {
            for key in row.tableKeys {
                #expect(StringTable.english[key] != nil && StringTable.chinese[key] != nil, "\(row.label): \(key)")
            }
        }
        #expect(KeyMap.command(for: .character("L")) == .toggleLanguage)
    }
}
