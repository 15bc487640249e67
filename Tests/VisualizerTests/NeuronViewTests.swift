import CellGrid
import Foundation
import RNNCore
import ScopeNames
import Testing
@testable import Visualizer

/// The neuron view: a passage coloured by one unit's h_t[u], and the units that track simple
/// features of the text best.
@Suite("Neuron view")
struct NeuronViewTests {
    static func explorer(_ keys: String, trained: Bool = true, text: String? = nil) throws -> Explorer {
        var spec = ModelSpec.notes
        if let text {
            spec = ModelSpec(text: text)
        }
        let explorer = try Explorer(spec: spec, parameters: trained ? GenerateViewTests.trainedParameters() : nil, epoch: trained ? 500 : 0)
        explorer.setView(.neurons)
        for key in try UserKey.parse(keys) { explorer.handle(key) }
        return explorer
    }

    static func screen(_ explorer: Explorer, _ width: Int, _ height: Int) -> String {
        ExplorerScreen.render(explorer, width: width, height: height).degraded(to: .monochrome).plainText()
    }

    @Test("Snapshots: the trained notes' model over its text, and a fresh model over the long text")
    func snapshots() throws {
        let explorer = try Self.explorer("<space>")
        assertSnapshot(Self.screen(explorer, 120, 40), named: "screens/neurons-120x40")
        assertSnapshot(Self.screen(explorer, 80, 24), named: "screens/neurons-80x24")
        let long = try Self.explorer("", trained: false, text: LongText.text)
        assertSnapshot(Self.screen(long, 80, 24), named: "screens/neurons-long-80x24")
    }

    @Test("↑ ↓ change the unit the passage is coloured by; the frame carries that unit's h_t over the passage")
    func unitKeys() throws {
        let explorer = try Self.explorer("")
        let first = try #require(explorer.frame().neurons)
        #expect(first.unit == 0)
        #expect(first.source == .training)
        #expect(first.passage.count == SeedNotes.text.unicodeScalars.count)
        explorer.handle(.down)
        let second = try #require(explorer.frame().neurons)
        #expect(second.unit == 1)
        #expect(second.values != first.values)
        // The values are h_t[1] of the model reading the text from h_0 = 0, h carried along.
        var state = GenerationState(model: explorer.lab.model)
        let tokens = try explorer.lab.spec.vocabulary.encode(SeedNotes.text)
        var expected: [Float] = []
        for token in tokens {
            state.read(token)
            expected.append(state.h[1])
        }
        #expect(second.values == expected)
    }

    @Test("Space picks each feature's best unit in turn; its r is the largest |r| of any unit, shown next to it")
    func pickBest() throws {
        let explorer = try Self.explorer("")
        let frame = try #require(explorer.frame().neurons)
        let entries = frame.entries
        #expect(!entries.isEmpty)
        // The notes' text has no quotes and no line break: those two are n/a.
        #expect(frame.rankings.first { $0.feature == .quoted }?.best.isEmpty == true)
        #expect(frame.rankings.first { $0.feature == .linePosition }?.best.isEmpty == true)
        explorer.handle(.character(" "))
        let picked = try #require(explorer.frame().neurons)
        #expect(picked.unit == entries[0].match.unit)
        #expect(picked.picked == 0)
        let row = try #require(TextFeature.allCases.firstIndex(of: entries[0].feature))
        let r = try #require(picked.unitR[row])
        #expect(r == entries[0].match.r)
        #expect(picked.unitR.compactMap { $0 }.allSatisfy { $0.isFinite })
        #expect(explorer.ui.message?.hasPrefix("unit \(entries[0].match.unit): r = \(Explorer.rText(r)) with ") == true)
        let screen = Self.screen(explorer, 120, 40)
        #expect(screen.contains("▸u\(entries[0].match.unit) \(Explorer.rText(r))"))
        #expect(screen.contains("n/a: no quotes/brackets"))
        // Backspace goes back round to the last entry.
        explorer.handle(.backspace)
        #expect(explorer.cursor.unit == entries[entries.count - 1].match.unit)
    }

    @Test("With generated text in the generate view, the view reads the prompt and the generated text")
    func generatedPassage() throws {
        let explorer = try Self.explorer("")
        explorer.setView(.generate)
        for _ in 0..<8 { explorer.handle(.character("n")) }
        explorer.setView(.neurons)
        let frame = try #require(explorer.frame().neurons)
        #expect(frame.source == .generated)
        #expect(String(String.UnicodeScalarView(frame.passage)) == "Hello, RNN! Recurr")
        #expect(Self.screen(explorer, 120, 40).contains("over the generated text (prompt + generated) (18 characters)"))
    }

    @Test("The analysis follows the weights: training changes h, and the cached reading is not reused")
    func followsWeights() throws {
        let explorer = try Self.explorer("", trained: false)
        let before = try #require(explorer.frame().neurons?.values)
        explorer.handle(.character("t"))
        let after = try #require(explorer.frame().neurons?.values)
        #expect(before != after)
    }

    @Test("Colours: each character's background is the diverging colour of its h; mono keeps the sign in bold / underline")
    func styles() {
        let scale = ColorScale.diverging(limit: 1)
        let strong = NeuronView.style(0.9, scale: scale)
        #expect(strong.reverse && strong.bold && !strong.underline)
        #expect(strong.foreground == scale.color(for: 0.9), "reversed, the colours are swapped back")
        let weakNegative = NeuronView.style(-0.3, scale: scale)
        #expect(weakNegative.underline && !weakNegative.bold && !weakNegative.reverse)
        #expect(weakNegative.background == scale.color(for: -0.3))
        let zero = NeuronView.style(0.05, scale: scale)
        #expect(!zero.bold && !zero.underline && !zero.reverse)
        // Text stays readable on every shade: at least 4.5:1 against its background.
        for value in stride(from: Float(-1), through: 1, by: 0.05) {
            let style = NeuronView.style(value, scale: scale)
            let (text, back) = style.reverse ? (style.background, style.foreground) : (style.foreground, style.background)
            guard case .palette(let t) = text, case .palette(let b) = back else {
                Issue.record("not palette colours")
                continue
            }
            #expect(Palette.contrastRatio(t, b) >= 4.5, "h = \(value)")
        }
    }

    @Test("Word wrap keeps words whole; a line break ends its row")
    func wrap() {
        let rows = NeuronView.wrap(Array("one two three\nfour".unicodeScalars), width: 9)
        let text = rows.map { $0.map(\.glyph).joined() }
        #expect(text == ["one two ", "three⏎", "four"])
        // A space may take the last column; a row never starts with one.
        let spaced = NeuronView.wrap(Array("abcd efgh ijkl".unicodeScalars), width: 5).map { $0.map(\.glyph).joined() }
        #expect(spaced == ["abcd ", "efgh ", "ijkl"])
        // A word longer than the row is cut.
        #expect(NeuronView.wrap(Array("abcdefgh".unicodeScalars), width: 4).map { $0.map(\.glyph).joined() } == ["abc", "def", "gh"])
    }
}
