import Foundation
import Testing
@testable import RNNCore

@Suite("Vocabulary, windows and initialisation")
struct DataTests {
    @Test("The vocabulary is sorted(set(text)) by code point")
    func vocabularyOrder() throws {
        let vocabulary = Vocabulary(text: SeedNotes.text)
        #expect(vocabulary.count == 28)
        #expect(vocabulary.strings.prefix(5) == [" ", "!", "'", ",", "."])
        #expect(vocabulary.strings.last == "w")
        let chinese = Vocabulary(text: "隐藏状态h与词表")
        #expect(chinese.strings == ["h", "与", "态", "状", "藏", "表", "词", "隐"])  // Python's sorted(set(...))
        #expect(try chinese.encode("词表") == [6, 5])
    }

    @Test("A character outside the vocabulary is refused with its position")
    func outsideVocabulary() {
        let vocabulary = Vocabulary(text: SeedNotes.text)
        #expect(throws: RNNScopeError.self) { try vocabulary.encode("Hello?") }
        do {
            _ = try vocabulary.encode("Hi Z")
        } catch let error as RNNScopeError {
            #expect(error.message.contains("'Z' at position 4"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("Windows follow the notes: 92 windows of 10, the next character as target")
    func seedWindows() throws {
        let vocabulary = Vocabulary(text: SeedNotes.text)
        let last = try TrainingSet(text: SeedNotes.text, vocabulary: vocabulary, window: 10, lossMode: .last)
        #expect(last.count == 92)
        #expect(last.window(0, vocabulary: vocabulary) == ("Hello, RNN", "!"))
        #expect(last.window(91, vocabulary: vocabulary) == (" RNN model", "."))
        let every = try TrainingSet(text: SeedNotes.text, vocabulary: vocabulary, window: 10, lossMode: .every)
        #expect(every.count == 92)
        #expect(every.window(1, vocabulary: vocabulary) == ("ello, RNN!", "llo, RNN! "))
    }

    @Test("A text shorter than window + 1 is refused")
    func shortText() {
        let vocabulary = Vocabulary(text: "abc")
        #expect(throws: RNNScopeError.self) {
            try TrainingSet(text: "abc", vocabulary: vocabulary, window: 3, lossMode: .last)
        }
    }

    @Test("Initialisation follows PyTorch's distributions and --seed reproduces it")
    func initialisation() {
        let shape = ModelShape(vocabSize: 28, hidden: 64)
        let a = Parameters.initialized(shape: shape, seed: 0)
        #expect(a == Parameters.initialized(shape: shape, seed: 0))
        #expect(a != Parameters.initialized(shape: shape, seed: 1))
        let bound: Float = 1 / 8
        for name in ParameterName.allCases where name != .embedding {
            let values = a[name]
            #expect(values.allSatisfy { abs($0) <= bound }, "\(name.rawValue) outside ±1/√H")
            #expect(values.contains { abs($0) > bound * 0.9 }, "\(name.rawValue) does not fill ±1/√H")
        }
        let embedding = a[.embedding]
        let mean = embedding.reduce(0, +) / Float(embedding.count)
        let variance = embedding.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(embedding.count)
        #expect(abs(mean) < 0.1 && abs(variance - 1) < 0.1, "embedding is not N(0, 1): mean \(mean), variance \(variance)")
    }

    @Test("Strict UTF-8: invalid bytes are refused, not replaced")
    func utf8() {
        #expect(String(validatingUTF8Data: Data("隐藏状态".utf8)) == "隐藏状态")
        #expect(String(validatingUTF8Data: Data([0x61, 0xFF, 0x62])) == nil)
    }
}
