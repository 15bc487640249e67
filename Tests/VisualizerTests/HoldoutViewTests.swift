import CellGrid
import Foundation
@testable import Lessons
import RNNCore
import ScopeNames
import Testing
@testable import Visualizer

/// With windows held out, the training view draws the validation loss beside the training
/// loss, and lessons can quote both.
@Suite("Hold-out in the explorer and lessons")
struct HoldoutViewTests {
    static func explorer(holdout: Int, epochs: Int) throws -> Explorer {
        var spec = ModelSpec.notes
        spec.holdout = holdout
        let explorer = try Explorer(spec: spec)
        if epochs > 0 { explorer.lab.train(epochs: epochs) }
        return explorer
    }

    static func trainingView(_ explorer: Explorer, width: Int = 120, height: Int = 40) throws -> CellGrid {
        for key in try UserKey.parse("<tab><tab>") { explorer.handle(key) }
        return ExplorerScreen.render(explorer, width: width, height: height)
    }

    @Test("The lab keeps one validation loss per epoch, only with a holdout; the browsable windows still include the held-out ones")
    func history() throws {
        let held = try Self.explorer(holdout: 10, epochs: 12)
        #expect(held.lab.losses.count == 12 && held.lab.validationLosses.count == 12)
        #expect(held.lab.data.count == 92)
        let plain = try Self.explorer(holdout: 0, epochs: 12)
        #expect(plain.lab.validationLosses.isEmpty)
        #expect(held.lab.losses != plain.lab.losses, "the held-out windows are not in the training loss")
    }

    @Test("Training view with two curves: snapshots at 120×40 and 80×24")
    func snapshots() throws {
        let screen = try Self.trainingView(Self.explorer(holdout: 10, epochs: 60))
        let text = screen.degraded(to: .monochrome).plainText()
        #expect(text.contains("━ training "))
        #expect(text.contains("╍ validation "))
        assertSnapshot(text, named: "screens/view-training-holdout")
        let compact = try Self.trainingView(Self.explorer(holdout: 10, epochs: 60), width: 80, height: 24)
        assertSnapshot(compact.degraded(to: .monochrome).plainText(), named: "screens/compact-training-holdout")
    }

    @Test("Without colour the validation curve is dashed: its dots fill every other cell column only")
    func monoDistinguishable() throws {
        let explorer = try Self.explorer(holdout: 10, epochs: 60)
        explorer.setTheme(.mono)
        let grid = try Self.trainingView(explorer).degraded(to: .monochrome)
        let lines = grid.plainText().split(separator: "\n", omittingEmptySubsequences: false).map { Array(String($0)) }
        // The validation curve sits near the top of the plot, far above the training curve:
        // its row holds braille in alternate columns, the training curve's in neighbouring ones.
        func isBraille(_ c: Character) -> Bool { c.unicodeScalars.first.map { (0x2801...0x28FF).contains($0.value) } ?? false }
        let rows = lines.filter { $0.contains(where: isBraille) }
        let top = try #require(rows.first), bottom = try #require(rows.last)
        func adjacentPairs(_ row: [Character]) -> Int { zip(row, row.dropFirst()).filter { isBraille($0) && isBraille($1) }.count }
        #expect(adjacentPairs(top) == 0, "the validation curve is dashed: \(String(top))")
        #expect(adjacentPairs(bottom) > 20, "the training curve is solid: \(String(bottom))")
    }

    @Test("The two curves' colours differ, and each reads at 4.5:1 on its theme's background", arguments: [ThemeName.dark, .light])
    func colours(theme: ThemeName) throws {
        let palette = ThemePalette.of(theme)
        #expect(palette.lossLine != palette.validationLine)
        let background: UInt8 = theme == .light ? 231 : 16
        for color in [palette.lossLine, palette.validationLine] {
            guard case .palette(let index) = color else { Issue.record("a palette colour"); continue }
            #expect(Palette.contrastRatio(index, background) >= 4.5, "\(theme): colour \(index)")
        }
        // And every letter on the training view with two curves reads.
        let explorer = try Self.explorer(holdout: 10, epochs: 30)
        explorer.setTheme(theme)
        let bad = ThemeContrastTests.unreadable(try Self.trainingView(explorer), theme: theme)
        #expect(bad.isEmpty, "\(theme): \(bad.prefix(8))")
    }

    static func value(_ name: PlaceholderName, _ frame: Frame) -> String {
        PlaceholderValues.text(for: Placeholder(name: name, index: nil), in: frame)
    }

    @Test("Placeholders: bits per character, perplexity, baseline, windows and holdout; val_* read '-' without a holdout")
    func placeholders() throws {
        let held = try Self.explorer(holdout: 10, epochs: 20)
        let frame = held.frame()
        let loss = try #require(held.lab.losses.last), validation = try #require(held.lab.validationLosses.last)
        #expect(Self.value(.valLoss, frame) == NumberText.precise(validation))
        #expect(Self.value(.bitsPerChar, frame) == NumberText.value(Double(loss) / log(2)))
        #expect(Self.value(.valBitsPerChar, frame) == NumberText.value(Double(validation) / log(2)))
        #expect(Self.value(.perplexity, frame) == NumberText.value(exp(Double(loss))))
        #expect(Self.value(.valPerplexity, frame) == NumberText.value(exp(Double(validation))))
        #expect(Self.value(.baselineLoss, frame) == "3.33")  // ln 28
        #expect(Self.value(.vocabSize, frame) == "28")
        #expect(Self.value(.windows, frame) == "82")
        #expect(Self.value(.holdout, frame) == "10")

        let plain = try Self.explorer(holdout: 0, epochs: 20).frame()
        for name in [PlaceholderName.valLoss, .valBitsPerChar, .valPerplexity] {
            #expect(Self.value(name, plain) == "-", "\(name.rawValue) without a holdout")
        }
        #expect(Self.value(.windows, plain) == "92" && Self.value(.holdout, plain) == "0")
        // An untrained model has no epoch yet: no bits to quote.
        #expect(Self.value(.bitsPerChar, try Self.explorer(holdout: 0, epochs: 0).frame()) == "-")
    }

    @Test("A lesson's front matter and 'holdout:' directive set the split; the curves restart with the same weights")
    func lesson() throws {
        let source = """
            ---
            id: 8
            title: t
            lang: en
            holdout: 10
            epochs: 5
            ---
            ## One
            {{val_loss}} over {{holdout}}, trained on {{windows}}
            ## Two
            ```rnnscope
            holdout: 20
            train: 3
            ```
            {{val_loss}}
            """
        let session = try LessonSession(lesson: LessonParser.parse(source, path: "h.md"))
        #expect(session.explorer.lab.spec.holdout == 10)
        #expect(session.explorer.lab.validationLosses.count == 5)
        let weights = session.explorer.lab.model.parameters
        session.next()
        #expect(session.explorer.lab.spec.holdout == 20)
        #expect(session.explorer.lab.validationLosses.count == 3)
        #expect(session.explorer.lab.trainer.data.count == 72)
        #expect(session.explorer.lab.model.parameters != weights, "trained on after the split")
    }
}
