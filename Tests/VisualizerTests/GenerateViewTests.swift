import CellGrid
import Foundation
import RNNCore
import ScopeNames
import Testing
@testable import Visualizer

/// The generate view: the prompt, τ, the next-character bars, and the keys that write.
@Suite("Generate view")
struct GenerateViewTests {
    /// The notes' model after `rnnscope train` (500 epochs), from the core tests' fixtures.
    static func trainedParameters() throws -> Parameters {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("RNNCoreTests/Fixtures/notes_trained_500.safetensors").path
        return try WeightFile.load(path, fallbackVocabulary: ModelSpec.notes.vocabulary).parameters
    }

    static func explorer(_ keys: String, trained: Bool = true, seed: UInt64 = 0) throws -> Explorer {
        var spec = ModelSpec.notes
        spec.seed = seed
        let explorer = try Explorer(spec: spec, parameters: trained ? trainedParameters() : nil, epoch: trained ? 500 : 0)
        for key in try UserKey.parse(keys) { explorer.handle(key) }
        return explorer
    }

    /// Straight to the generate view (where six tabs lead), then `keys`. Tabbing there passes
    /// the compare view, whose partner trains up to the model's 500 epochs: ~2 s of CPU per
    /// explorer, most of this suite's time (issue 17). `snapshots` still gets there by tab.
    static func generating(_ keys: String, trained: Bool = true, seed: UInt64 = 0) throws -> Explorer {
        let explorer = try explorer("", trained: trained, seed: seed)
        explorer.setView(.generate)
        for key in try UserKey.parse(keys) { explorer.handle(key) }
        return explorer
    }

    static func screen(_ explorer: Explorer, _ width: Int, _ height: Int) -> String {
        ExplorerScreen.render(explorer, width: width, height: height).degraded(to: .monochrome).plainText()
    }

    @Test("Snapshots: the trained notes' model after three greedy characters, then two sampled at τ = 1.5")
    func snapshots() throws {
        let explorer = try Self.explorer("<tab><tab><tab><tab><tab><tab>nnn><space><space>")
        #expect(explorer.ui.view == .generate)
        assertSnapshot(Self.screen(explorer, 120, 40), named: "screens/generate-120x40")
        assertSnapshot(Self.screen(explorer, 80, 24), named: "screens/generate-80x24")
        assertSnapshot(Self.screen(try Self.explorer("<tab><tab><tab><tab><tab><tab>>>", trained: false), 80, 24), named: "screens/generate-fresh-tau2-80x24")
    }

    @Test("n (greedy) continues \"Hello, RNN\" with the notes' sentence")
    func greedy() throws {
        let explorer = try Self.generating(String(repeating: "n", count: 27))
        let g = try #require(explorer.frame().generation)
        #expect(g.prompt == "Hello, RNN")
        #expect(g.generated == "! Recurrent Neural Networks")
    }

    @Test("A lesson's generate: N appends the same N characters as pressing n N times")
    func greedyInOneGo() throws {
        let explorer = try Self.generating("")
        explorer.generateGreedy(27)
        #expect(explorer.frame().generation?.generated == "! Recurrent Neural Networks")
    }

    @Test("Space samples with the seeded generator: the same seed writes the same text, another seed another")
    func seeded() throws {
        let keys = ">" + String(repeating: "<space>", count: 40)
        let a = try #require(try Self.generating(keys, trained: false).frame().generation?.generated)
        let b = try #require(try Self.generating(keys, trained: false).frame().generation?.generated)
        let c = try #require(try Self.generating(keys, trained: false, seed: 1).frame().generation?.generated)
        #expect(a.unicodeScalars.count == 40)
        #expect(a == b)
        #expect(a != c)
    }

    @Test("< and > step τ through 0, 0.5, 1, 1.5, 2; the bars flatten as τ rises (entropy grows)")
    func temperature() throws {
        let explorer = try Self.generating("<lt><lt><lt>", trained: false)
        var entropies: [Double] = []
        var temperatures: [Double] = []
        for step in 0..<6 {
            if step > 0 { explorer.handle(.character(">")) }
            let g = try #require(explorer.frame().generation)
            temperatures.append(g.temperature)
            entropies.append(g.entropy)
        }
        #expect(temperatures == [0, 0.5, 1, 1.5, 2, 2])
        #expect(entropies[0] == 0)
        for i in 1..<5 { #expect(entropies[i - 1] < entropies[i]) }
        let screen = Self.screen(explorer, 120, 40)
        #expect(screen.contains("τ = 2"))
    }

    @Test("e types a new prompt; backspace takes the last character back; characters outside the vocabulary are refused")
    func promptAndUndo() throws {
        let explorer = try Self.generating("eRNN<enter>nn")
        var g = try #require(explorer.frame().generation)
        #expect(g.prompt == "RNN")
        #expect(g.generated.unicodeScalars.count == 2)
        explorer.handle(.backspace)
        g = try #require(explorer.frame().generation)
        #expect(g.generated.unicodeScalars.count == 1)
        explorer.handle(.character("e"))
        explorer.handle(.character("?"))
        #expect(explorer.ui.message?.contains("not in the vocabulary") == true)
    }

    @Test("p generates on at the auto-play pace until p again; leaving the view stops it")
    func runOn() throws {
        let explorer = try Self.generating("")
        explorer.clock = { 0 }
        explorer.handle(.character("p"))
        #expect(explorer.ui.autoplay)
        var now: UInt64 = 0
        for _ in 0..<5 {
            now &+= 10_000_000_000
            explorer.tick(now: now, slice: 1_000_000)
        }
        let generated = try #require(explorer.frame().generation?.generated)
        #expect(generated.unicodeScalars.count == 5)
        #expect(generated.hasPrefix("!"), "the trained model is all but certain of '!' even at τ = 1")
        explorer.handle(.character("+"))
        #expect(explorer.ui.message == "generating: one character every 0.35 s")
        explorer.handle(.tab)
        #expect(!explorer.ui.autoplay)
        #expect(explorer.ui.view == .neurons)
    }

    @Test("Enter opens the prompt and the generated text in the walk-through: the generated characters are the targets")
    func enterOpensWalkthrough() throws {
        var spec = ModelSpec.notes
        spec.lossMode = .every
        let explorer = try Explorer(spec: spec, parameters: try Self.trainedParameters(), epoch: 500)
        explorer.setView(.generate)
        for key in try UserKey.parse("nnnnn<enter>") { explorer.handle(key) }
        #expect(explorer.ui.view == .step)
        #expect(explorer.ui.message == "the walk-through now runs over the prompt and 5 generated characters: f forward, b BPTT")
        let vocabulary = spec.vocabulary
        // "Hello, RNN" + "! Rec": input is every character but the last, each target the next one.
        #expect(vocabulary.decode(explorer.lab.input) == "Hello, RNN! Re")
        #expect(vocabulary.decode(explorer.lab.target) == "ello, RNN! Rec")
        #expect(explorer.lab.trace.length == 14)
        #expect(explorer.cursor.t == 1)
        #expect(explorer.cursor.phase == .forward)
        // The generate view keeps its own prompt and text.
        explorer.setView(.generate)
        let g = try #require(explorer.frame().generation)
        #expect(g.prompt == "Hello, RNN")
        #expect(g.generated == "! Rec")
        // b runs BPTT over it from t = T.
        explorer.handle(.character("b"))
        #expect(explorer.cursor.t == 14)
    }

    @Test("Enter: nothing generated yet says so; a text beyond the spec's limit keeps its end; elsewhere Enter only explains")
    func enterEdges() throws {
        let explorer = try Self.generating("<enter>")
        #expect(explorer.ui.view == .generate)
        #expect(explorer.ui.message?.hasPrefix("nothing generated yet") == true)
        let limit = explorer.lab.spec.maxInputLength + 1
        for _ in 0..<(limit + 3) { explorer.handle(.character("n")) }
        explorer.handle(.enter)
        #expect(explorer.lab.trace.length == limit - 1)
        let message = try #require(explorer.ui.message)
        #expect(message.contains("the last \(limit) generated characters"), "\(message)")
        #expect(message.contains("(13 earlier cut: at most \(limit) characters here)"), "\(message)")
        #expect(message.hasSuffix("f forward, b BPTT (loss=last: last target only)"))
        explorer.handle(.enter)
        #expect(explorer.ui.message == "Enter opens generated text in the walk-through: tab to the generate view")
    }
}
