import Foundation
import Testing
@testable import RNNCore

/// Inputs that crashed or exhausted the weight-file reader (scripts/fuzz.sh safetensors,
/// Fuzz/README.md); each must now be a clean RNNScopeError.
@Suite("Fuzz regressions: weight files")
struct WeightFileFuzzRegressionTests {
    /// A safetensors file holding only a `[1, hidden]` embedding of zeros, for a one-character
    /// vocabulary.
    static func wideEmbedding(hidden: Int, metadata: [String: String]) throws -> SafeTensorsFile {
        try SafeTensorsFile.parse(SafeTensorsFile(
            tensors: ["embedding.weight": .init(shape: [1, hidden], values: [Float](repeating: 0, count: hidden))],
            metadata: metadata
        ).serialized())
    }

    /// Fixtures/fuzz/oom-wide-embedding-lstm.safetensors (40 KB): vocab ["a"], cell lstm and
    /// a [1, 10000] embedding, nothing else. The reader allocated the parameters of V=1,
    /// H=10000, LSTM (8·10⁸ floats, 3.2 GB) before finding rnn.weight_ih_l0 missing.
    @Test("A wide embedding is refused before the model's parameters are allocated")
    func wideEmbeddingFixture() throws {
        let url = try #require(Bundle.module.url(
            forResource: "oom-wide-embedding-lstm", withExtension: "safetensors", subdirectory: "Fixtures/fuzz"))
        do {
            _ = try WeightFile.load(url.path, fallbackVocabulary: Vocabulary(text: SeedNotes.text))
            Issue.record("accepted a file with only an embedding")
        } catch let error as RNNScopeError {
            #expect(error.location == .tensor(file: url.path, name: ParameterName.weightIH.rawValue))
            #expect(error.message == "missing")
        }
    }

    /// H = 2^21 in an 8 MB file: allocating first would ask for 2·G·H² ≥ 2^43 floats and trap.
    @Test("Huge H from a small file, with or without cell metadata", arguments: ["rnn", "lstm", nil] as [String?])
    func hugeHidden(cell: String?) throws {
        var metadata = ["vocab": #"["a"]"#]
        metadata["cell"] = cell
        let file = try Self.wideEmbedding(hidden: 1 << 21, metadata: metadata)
        let error = #expect(throws: RNNScopeError.self) {
            _ = try WeightFile.contents(of: file, path: "w.safetensors", fallbackVocabulary: Vocabulary(text: SeedNotes.text))
        }
        #expect(error?.description == "w.safetensors: tensor 'rnn.weight_ih_l0': missing")
    }

    /// The reader grew an `epoch` check (Fuzz/corpus/safetensors/tiny_model_epoch_*): it comes
    /// with the other metadata, before any tensor is looked at, so a huge-H file with a bad
    /// epoch is refused for its epoch; one with a good epoch still fails on the missing tensor.
    @Test("A bad epoch is refused before the tensors; a good one changes nothing", arguments: [
        ("99999999999999999999", false), ("-1", false), ("5\nsecond line", false), ("100000001", false),
        ("100000000", true), ("0", true),
    ])
    func epochBeforeTensors(epoch: String, valid: Bool) throws {
        let file = try Self.wideEmbedding(hidden: 1 << 21, metadata: ["vocab": #"["a"]"#, "cell": "lstm", "epoch": epoch])
        let error = try #require(throws: RNNScopeError.self) {
            try WeightFile.contents(of: file, path: "w.safetensors", fallbackVocabulary: Vocabulary(text: SeedNotes.text))
        }
        if valid {
            #expect(error.description == "w.safetensors: tensor '\(ParameterName.weightIH.rawValue)': missing")
        } else {
            #expect(error.location == .file("w.safetensors"))
            #expect(error.message.hasPrefix("metadata 'epoch' is '"))
            #expect(!error.description.contains("\n"))
        }
    }

    /// Checking every shape first still reports the first bad tensor, with the shape expected.
    @Test("A wrong-shaped tensor after the embedding is reported by name")
    func laterTensorWrongShape() throws {
        let hidden = 1 << 12
        let file = try SafeTensorsFile.parse(SafeTensorsFile(
            tensors: [
                "embedding.weight": .init(shape: [1, hidden], values: [Float](repeating: 0, count: hidden)),
                "rnn.weight_ih_l0": .init(shape: [hidden, 1], values: [Float](repeating: 0, count: hidden)),
            ],
            metadata: ["vocab": #"["a"]"#, "cell": "rnn"]
        ).serialized())
        do {
            _ = try WeightFile.contents(of: file, path: "w.safetensors", fallbackVocabulary: Vocabulary(text: SeedNotes.text))
            Issue.record("accepted a bad file")
        } catch let error as RNNScopeError {
            #expect(error.location == .tensor(file: "w.safetensors", name: ParameterName.weightIH.rawValue))
            #expect(error.message.contains("[\(hidden), \(hidden)]"))
        }
    }
}

@Suite("safetensors header types")
struct HeaderTypeTests {
    @Test("A boolean is not a dimension or an offset")
    func booleans() throws {
        for header in [#"{"x":{"dtype":"F32","shape":[true],"data_offsets":[0,4]}}"#,
                       #"{"x":{"dtype":"F32","shape":[1],"data_offsets":[false,4]}}"#] {
            var data = Data()
            var length = UInt64(header.utf8.count).littleEndian
            withUnsafeBytes(of: &length) { data.append(contentsOf: $0) }
            data.append(contentsOf: header.utf8)
            data.append(contentsOf: [0, 0, 0, 0])
            #expect(throws: RNNScopeError.self) { try SafeTensorsFile.parse(data) }
        }
    }
}
