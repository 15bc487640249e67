import Foundation
import Lessons
import Localization
import ScopeNames
import Testing
@testable import RNNCore
@testable import Visualizer

/// The optimizer view: its snapshots, its arithmetic checked by hand, its Δθ against the real
/// change of the weight, SGD, clipping, the worker's deliveries and the lesson directives.
@Suite("Optimizer view")
struct OptimizerViewTests {
    static func explorer(cell: CellKind = .rnn, optimizer: OptimizerKind = .adam, clip: Float? = nil, clipValue: Float? = nil,
                         hidden: Int = SeedNotes.hidden) throws -> Explorer {
        var spec = ModelSpec.notes
        spec.cell = cell
        spec.hidden = hidden
        spec.training.optimizer = optimizer
        spec.training.clipNorm = clip
        spec.training.clipValue = clipValue
        let explorer = try Explorer(spec: spec)
        explorer.setView(.optimizer)
        return explorer
    }

    static func press(_ explorer: Explorer, _ keys: String) throws {
        for key in try UserKey.parse(keys) { explorer.handle(key) }
    }

    static func screen(_ explorer: Explorer, _ width: Int, _ height: Int) -> String {
        ExplorerScreen.render(explorer, width: width, height: height).degraded(to: .monochrome).plainText()
    }

    static func lines(_ explorer: Explorer) throws -> [String] {
        OptimizerView.lines(explorer.optimizerFrame(), compact: false, strings: explorer.ui.strings).map(\.text)
    }

    /// The result after the last " = " of the line starting with `prefix`.
    static func result(_ lines: [String], _ prefix: String) throws -> String {
        let line = try #require(lines.first { $0.hasPrefix(prefix) }, "no line \(prefix) in \(lines)")
        return String(try #require(line.components(separatedBy: " = ").last))
    }

    @Test("Snapshots: RNN and LSTM after three epochs at 120×40 and 80×24; before any step at 80×24", arguments: [CellKind.rnn, .lstm])
    func snapshots(cell: CellKind) throws {
        let explorer = try Self.explorer(cell: cell)
        try Self.press(explorer, "ttt")
        assertSnapshot(Self.screen(explorer, 120, 40), named: "optimizer/\(cell.rawValue)-120x40")
        assertSnapshot(Self.screen(explorer, 80, 24), named: "optimizer/\(cell.rawValue)-80x24")
        if cell == .rnn {
            assertSnapshot(Self.screen(try Self.explorer(), 80, 24), named: "optimizer/rnn-no-step-80x24")
            try Self.press(explorer, "mmmmmm")  // E: 28×64, rows are characters
            assertSnapshot(Self.screen(explorer, 80, 24), named: "optimizer/rnn-embedding-80x24")
        }
    }

    @Test("Every formula line checks by hand, for every tensor of the RNN (applied and previewed, two units) and the GRU, in English and Chinese",
          arguments: [Language.en, .zh])
    func arithmetic(language: Language) throws {
        for cell in [CellKind.rnn, .gru] {
            // The GRU adds its gate blocks; once trained is enough for it.
            for epochs in cell == .rnn ? [0, 3] : [3] {
                let explorer = try Self.explorer(cell: cell)
                explorer.setLanguage(language)
                if epochs > 0 { try Self.press(explorer, String(repeating: "t", count: epochs)) }
                for _ in OptimizerTensor.cycle(cell: cell) {
                    for unit in cell == .rnn ? [0, 63] : [5] {
                        explorer.place(unit: unit)
                        let lines = try Self.lines(explorer)
                        var checked = 0
                        for line in lines {
                            switch HandCheck.check(line) {
                            case .checked: checked += 1
                            case .notArithmetic: break
                            case .wrong(let expression, let computed, let shown):
                                Issue.record("\(language) \(cell) epoch \(epochs) \(explorer.ui.optimizerTensor) unit \(unit): \(line)\n  \(expression) gives \(computed), the screen says \(shown)")
                            }
                        }
                        // m, v, m̂, v̂, Δθ, θ, SGD's step and the ratio (the ratio is missing only when g = 0).
                        #expect(checked >= 7, "\(cell) epoch \(epochs) \(explorer.ui.optimizerTensor) unit \(unit): \(lines)")
                    }
                    try Self.press(explorer, "m")
                }
            }
        }
    }

    @Test("The displayed Δθ is the weight's real change, and a preview's step is the next epoch's", arguments: [CellKind.rnn, .lstm])
    func stepIsTheRealChange(cell: CellKind) throws {
        let explorer = try Self.explorer(cell: cell)
        try Self.press(explorer, "ttttt")
        for _ in 0..<3 {
            // The preview of the next epoch (the last update is of epoch 5; move past it by
            // changing nothing: compare the applied update after training again).
            let before = explorer.lab.model.parameters
            try Self.press(explorer, "t")
            let after = explorer.lab.model.parameters
            let o = try #require(explorer.frame().optimizer)
            #expect(o.status == .applied(epoch: explorer.lab.epoch))
            let shape = after.shape
            let (_, columns, rowOffset) = o.tensor.geometry(shape)
            let flat = shape.offset(of: o.tensor.parameter) + (rowOffset + o.row) * columns + o.column
            let change = after.storage[flat] - before.storage[flat]
            // Exactly Adam's step, up to the rounding of θ − step (half an ulp of θ).
            #expect(abs(change - o.step) <= max(before.storage[flat].ulp, after.storage[flat].ulp), "\(change) vs \(o.step)")
            #expect(o.thetaAfter == after.storage[flat])
            let shown = try Self.result(OptimizerView.lines(o, compact: false, strings: Strings(.en)).map(\.text), "Δθ = ")
            let unit = NumberText.lastDigitUnit(shown)
            #expect(abs(Double(shown)! - Double(change)) <= 0.5 * unit + 1e-12, "shown \(shown), change \(change)")
            try Self.press(explorer, "m")
        }
        // Before any step: the preview is exactly what the first epoch then does.
        let fresh = try Self.explorer(cell: cell)
        let preview = try #require(fresh.frame().optimizer)
        #expect(preview.status == .preview(epoch: 1))
        try Self.press(fresh, "t")
        let applied = try #require(fresh.frame().optimizer)
        #expect(applied.step == preview.step && applied.g == preview.g && applied.row == preview.row && applied.column == preview.column)
        #expect(applied.adam?.m == preview.adam?.m && applied.adam?.v == preview.adam?.v)
    }

    @Test("SGD: g and −lr·g, no moments, and the step is the real change")
    func sgd() throws {
        let explorer = try Self.explorer(optimizer: .sgd)
        try Self.press(explorer, "tt")
        let before = explorer.lab.model.parameters
        try Self.press(explorer, "t")
        let o = try #require(explorer.frame().optimizer)
        #expect(o.adam == nil && o.panels.map(\.label) == ["g", "Δθ"])
        let lines = OptimizerView.lines(o, compact: false, strings: Strings(.en)).map(\.text)
        #expect(lines.contains { $0.contains("SGD keeps no moments: Adam's m and v are not used") })
        #expect(!lines.contains { $0.hasPrefix("m = ") })
        let flat = before.shape.offset(of: .weightHH) + o.row * o.columns + o.column
        #expect(abs((explorer.lab.model.parameters.storage[flat] - before.storage[flat]) - o.step) <= before.storage[flat].ulp)
        for line in lines { if case .wrong = HandCheck.check(line) { Issue.record("\(line)") } }
        let screen = Self.screen(explorer, 80, 24)
        #expect(screen.contains("SGD keeps no moments"))
    }

    @Test("Clipping: the global norm, the factor and g before and after, for the entry and the tensor")
    func clipping() throws {
        let explorer = try Self.explorer(clip: 0.05)
        try Self.press(explorer, "t")
        let o = try #require(explorer.frame().optimizer)
        let clip = try #require(o.clip)
        #expect(clip.coefficient < 1 && clip.globalNorm > 0.05)
        #expect(abs(clip.tensorNormBefore * clip.coefficient - clip.tensorNormAfter) <= 1e-4 * clip.tensorNormAfter)
        let lines = OptimizerView.lines(o, compact: false, strings: Strings(.en)).map(\.text)
        let factor = try #require(lines.first { $0.hasPrefix("clip: ‖g‖ = ") })
        #expect(HandCheck.check(factor) == .checked, "\(factor)")
        let entry = try #require(lines.first { $0.hasPrefix("g = g_before × factor") })
        #expect(HandCheck.check(entry) == .checked, "\(entry)")
        #expect(lines.contains { $0.hasPrefix("W_hh's ‖g‖: ") && $0.contains("before clipping") })
        assertSnapshot(Self.screen(explorer, 120, 40), named: "optimizer/rnn-clipped-120x40")

        // Value clipping names how many entries were clamped.
        let clamped = try Self.explorer(clipValue: 1e-3)
        try Self.press(clamped, "t")
        let valueLines = try Self.lines(clamped)
        #expect(valueLines.contains { $0.hasPrefix("clip_value 0.001: every entry clamped to ±0.001;") })

        // In Chinese the clipping lines still check by hand.
        explorer.setLanguage(.zh)
        let zh = try Self.lines(explorer)
        let zhFactor = try #require(zh.first { $0.hasPrefix("裁剪：‖g‖ = ") }, "\(zh)")
        #expect(HandCheck.check(zhFactor) == .checked, "\(zhFactor)")
        let zhEntry = try #require(zh.first { $0.hasPrefix("g = 裁剪前的 g × 因子") }, "\(zh)")
        #expect(HandCheck.check(zhEntry) == .checked, "\(zhEntry)")
        #expect(zh.contains { $0.hasPrefix("W_hh 的 ‖g‖：裁剪前 ") })
    }

    @Test("m and M cycle the tensors, gate blocks included; ↑↓ pick the unit's largest |g|")
    func cycling() throws {
        let explorer = try Self.explorer(cell: .gru)
        try Self.press(explorer, "t")
        var names: [String] = []
        for _ in OptimizerTensor.cycle(cell: .gru) {
            names.append(try #require(explorer.frame().optimizer).tensorName)
            try Self.press(explorer, "m")
        }
        #expect(names == ["W_hh", "W_hr", "W_hz", "W_hn", "W_ih", "W_ir", "W_iz", "W_in", "b_ih", "b_hh", "W_hy", "b_y", "E"])
        try Self.press(explorer, "M")
        #expect(try #require(explorer.frame().optimizer).tensorName == "E")
        try Self.press(explorer, "mjjj")  // W_hh, unit 3
        let o = try #require(explorer.frame().optimizer)
        #expect(o.row % 64 == 3)
        let g = explorer.lab.lastUpdate!.gradient[.weightHH]
        let unitEntries = stride(from: 3, to: 3 * 64, by: 64).flatMap { r in (0..<64).map { g[r * 64 + $0] } }
        #expect(abs(o.g) == unitEntries.map(abs).max())
    }

    @Test("Continuous training on the worker delivers each epoch's gradient while the view is open, and none when it is not")
    func worker() throws {
        let explorer = try Self.explorer()
        let lab = explorer.lab
        lab.grantBackgroundEpochs(3)
        lab.finishBackgroundTraining()
        #expect(lab.epoch == 3)
        let o = try #require(explorer.frame().optimizer)
        #expect(o.status == .applied(epoch: 3))
        #expect(lab.optimizerState.stepCount == 3)

        explorer.setView(.training)
        lab.grantBackgroundEpochs(2)
        lab.finishBackgroundTraining()
        #expect(lab.lastUpdate == nil)
        explorer.setView(.optimizer)
        // Not kept: the view previews the next epoch's update instead, and says why.
        #expect(try #require(explorer.frame().optimizer).status == .preview(epoch: 6))
        let lines = try Self.lines(explorer)
        #expect(lines.first?.hasPrefix("epoch 5's update was not kept") == true, "\(lines)")
    }

    @Test("Lessons: view: optimizer with optimizer: and entry: place the tensor and entry; a bad entry names its line")
    func lesson() throws {
        let source = """
            ---
            id: 99
            title: optimizer
            lang: en
            ---
            ## one
            ```rnnscope
            train: 2
            view: optimizer
            optimizer: E
            entry: 5,7
            ```
            Look.
            ## two
            ```rnnscope
            cell: gru
            optimizer: W_hz
            entry: 1,2
            ```
            Gates.
            """
        let session = try LessonSession(lesson: LessonParser.parse(source, path: "opt.md"))
        var o = try #require(session.frame().optimizer)
        #expect(o.tensorName == "E" && o.row == 5 && o.column == 7 && o.pinned)
        #expect(o.status == .applied(epoch: 2))
        session.handle(.enter)
        o = try #require(session.frame().optimizer)
        #expect(o.tensorName == "W_hz" && o.row == 1 && o.column == 2)
        #expect(session.explorer.lab.cell == .gru)
    }

    @Test("Lesson 6's optimizer step (en and zh): g has exploded, Adam's step stays below lr, SGD's −lr·g would be far larger")
    func lessonSix() throws {
        for lang in ["en", "zh"] {
            let lesson = try LessonLibrary.find("6", lang: lang)
            let index = try #require(lesson.steps.firstIndex { $0.position.view == .optimizer })
            let session = try LessonSession(lesson: lesson)
            try session.jump(to: index)
            let frame = session.frame()
            let o = try #require(frame.optimizer)
            #expect(o.status == .applied(epoch: 2) && o.tensorName == "W_hh")
            let lr = session.explorer.lab.spec.training.learningRate
            #expect(abs(o.g) > 100 && abs(o.step) < lr && abs(o.step) > lr / 2, "g \(o.g), step \(o.step)")
            #expect(abs(lr * o.g) > 100 * abs(o.step))
            for block in session.step.narration {
                for case .value(let placeholder, _) in block.spans {
                    #expect(PlaceholderValues.text(for: placeholder, in: frame) != "-", "\(lang): \(placeholder.source)")
                }
            }
            let screen = LessonScreen.render(session, width: 120, height: 40).plainText()
            // The optimizer view's captions follow the lesson's language.
            #expect(screen.contains(lang == "en" ? "SGD's step" : "SGD 的步长"), "\(screen)")
        }
    }
}
