import Testing
@testable import RNNCore

/// The neuron view's features and correlations, on hand-made texts and activations.
@Suite("Neuron features")
struct NeuronFeaturesTests {
    static func scalars(_ text: String) -> [Unicode.Scalar] { Array(text.unicodeScalars) }

    @Test("Each feature's values on a hand-made text")
    func featureValues() {
        let text = Self.scalars("ab \"cd\" (e)\nfi")
        #expect(TextFeature.quoted.values(text) == [0, 0, 0, 1, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0])
        #expect(TextFeature.wordPosition.values(text) == [1, 2, 0, 0, 1, 2, 0, 0, 0, 1, 0, 0, 1, 2])
        #expect(TextFeature.afterSpace.values(text) == [0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0])
        #expect(TextFeature.vowel.values(text) == [1, -1, 0, 0, -1, -1, 0, 0, 0, 1, 0, 0, -1, 1])
        #expect(TextFeature.linePosition.values(text) == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0, 0, 1])
    }

    @Test("An apostrophe inside a word is not a quote; a straight quote left open ends with its line")
    func quoteEdges() {
        #expect(TextFeature.quoted.values(Self.scalars("Let's go")) == [0, 0, 0, 0, 0, 0, 0, 0])
        #expect(TextFeature.quoted.values(Self.scalars("a \"b\nc")) == [0, 0, 1, 1, 0, 0])
        #expect(TextFeature.quoted.values(Self.scalars("「好」")) == [1, 1, 0])
    }

    @Test("A text without a line break has no line position (all 0, so r is n/a)")
    func noLineBreak() {
        #expect(TextFeature.linePosition.values(Self.scalars("abc")) == [0, 0, 0])
    }

    @Test("r = 1 for a series equal to the feature, −1 for its negative, n/a (nil, not NaN) for a constant one")
    func correlation() throws {
        let feature: [Double] = [0, 1, 2, 0, 1, 2, 3]
        #expect(try #require(NeuronFeatures.correlation(feature, feature)) == 1)
        #expect(try #require(NeuronFeatures.correlation(feature.map { -2 * $0 + 5 }, feature)) == -1)
        #expect(NeuronFeatures.correlation([1, 1, 1, 1, 1, 1, 1], feature) == nil)
        #expect(NeuronFeatures.correlation(feature, [3, 3, 3, 3, 3, 3, 3]) == nil)
        #expect(NeuronFeatures.correlation([1], [2]) == nil)
        // Independent halves: r = 0.
        #expect(abs(try #require(NeuronFeatures.correlation([1, -1, 1, -1], [1, 1, -1, -1]))) < 1e-12)
    }

    @Test("The ranking puts the unit that equals a feature first, with r = 1; a constant feature has no units")
    func ranking() throws {
        let text = Self.scalars("the cat sat on a mat")
        let word = TextFeature.wordPosition.values(text)
        let space = TextFeature.afterSpace.values(text)
        // Unit 0: noise-free word position; unit 1: minus after-a-space; unit 2: a constant.
        let activations: [[Float]] = text.indices.map { [Float(word[$0]), -Float(space[$0]), 0.5] }
        let rankings = NeuronFeatures.rank(text: text, activations: activations)
        let byFeature = Dictionary(uniqueKeysWithValues: rankings.map { ($0.feature, $0) })
        let wordBest = try #require(byFeature[.wordPosition]?.best.first)
        #expect(wordBest.unit == 0)
        #expect(abs(wordBest.r - 1) < 1e-12)
        let spaceBest = try #require(byFeature[.afterSpace]?.best.first)
        #expect(spaceBest.unit == 1)
        #expect(abs(spaceBest.r + 1) < 1e-12)
        // No quotes and no line break: nothing to rank; the constant unit 2 never appears.
        #expect(byFeature[.quoted]?.best.isEmpty == true)
        #expect(byFeature[.linePosition]?.best.isEmpty == true)
        #expect(rankings.allSatisfy { $0.best.allSatisfy { $0.unit != 2 && $0.r.isFinite } })
    }

    @Test("A model's analysis: one h_t per character, the same h as reading the text one character at a time")
    func analysis() throws {
        let spec = ModelSpec.notes
        let model = spec.makeModel()
        let text = Self.scalars("Hello, RNN")
        let tokens = try spec.vocabulary.encode("Hello, RNN")
        let analysis = NeuronAnalysis(model: model, text: text, tokens: tokens)
        #expect(analysis.activations.count == text.count)
        var state = GenerationState(model: model)
        for token in tokens { state.read(token) }
        #expect(analysis.activations.last == state.h)
        #expect(analysis.correlations.count == TextFeature.allCases.count)
        #expect(analysis.correlations.allSatisfy { $0.count == spec.hidden })
        #expect(analysis.values(unit: 3) == analysis.activations.map { $0[3] })
    }
}
