import Foundation
import Testing
@testable import RNNCore

@Suite("Weight files (safetensors)")
struct WeightFileTests {
    let seedVocabulary = Vocabulary(text: SeedNotes.text)

    func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "rnnscope-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A safetensors file with the given JSON header and `dataBytes` zero bytes.
    static func file(header: String, dataBytes: Int = 8) -> Data {
        var data = Data()
        var length = UInt64(header.utf8.count).littleEndian
        withUnsafeBytes(of: &length) { data.append(contentsOf: $0) }
        data.append(contentsOf: Array(header.utf8))
        data.append(contentsOf: [UInt8](repeating: 0, count: dataBytes))
        return data
    }

    func parseError(_ data: Data) -> String? {
        do {
            _ = try SafeTensorsFile.parse(data)
            return nil
        } catch let error as RNNScopeError {
            return error.message
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test("Save then load gives back the same weights, vocabulary and activation")
    func roundTrip() throws {
        let directory = try temporaryDirectory()
        let config = ModelConfig(vocabulary: Vocabulary(text: "词嵌入与交叉熵 ab"), hidden: 12, activation: .relu)
        let model = CharRNN(config: config, seed: 9)
        let path = directory + "/model.safetensors"
        try WeightFile.save(model, epoch: 0, to: path)
        let loaded = try WeightFile.load(path, fallbackVocabulary: seedVocabulary)
        #expect(loaded.parameters == model.parameters)
        #expect(loaded.vocabulary == config.vocabulary)
        #expect(loaded.activation == .relu)
        // A file PyTorch wrote (the fixtures) parses and re-serialises to the same tensors.
        let torchFile = try SafeTensorsFile.parse(Data(contentsOf: Fixtures.url("trace_zh_h32_tanh_last.safetensors")))
        #expect(try SafeTensorsFile.parse(torchFile.serialized()) == torchFile)
    }

    @Test("Headers are validated", arguments: [
        ("tiny", "too short"),
        ("huge header", "header claims"),
        ("truncated", "truncated"),
        ("not json", "not valid JSON"),
        ("not object", "not a JSON object"),
        ("dtype", "dtype F16"),
        ("offsets outside", "outside"),
        ("offsets mismatch", "needs"),
        ("bad shape", "bad shape"),
        ("metadata", "not a string"),
    ])
    func malformed(kind: String, expected: String) {
        let data: Data
        switch kind {
        case "tiny": data = Data([1, 2, 3])
        case "huge header":
            var d = Data()
            var length = (UInt64(1) << 60).littleEndian
            withUnsafeBytes(of: &length) { d.append(contentsOf: $0) }
            data = d + Data("{}".utf8)
        case "truncated":
            var d = Self.file(header: #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#)
            d.removeLast(20 + 8)
            data = d
        case "not json": data = Self.file(header: "{nope")
        case "not object": data = Self.file(header: "[1,2]")
        case "dtype": data = Self.file(header: #"{"a":{"dtype":"F16","shape":[4],"data_offsets":[0,8]}}"#)
        case "offsets outside": data = Self.file(header: #"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#)
        case "offsets mismatch": data = Self.file(header: #"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#)
        case "bad shape": data = Self.file(header: #"{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}"#)
        default: data = Self.file(header: #"{"__metadata__":{"vocab":3}}"#)
        }
        let message = parseError(data)
        #expect(message?.contains(expected) == true, "\(kind): got \(message ?? "no error")")
    }

    @Test("A 100000×100000 shape is refused without allocating it")
    func hugeShape() {
        let message = parseError(Self.file(header: #"{"a":{"dtype":"F32","shape":[100000,100000],"data_offsets":[0,8]}}"#))
        #expect(message?.contains("too large") == true)
    }

    @Test("Weight files that do not fit the model are refused, naming the tensor")
    func mismatched() throws {
        let directory = try temporaryDirectory()
        let model = CharRNN(config: ModelConfig(vocabulary: seedVocabulary, hidden: 8), seed: 1)
        var tensors: [String: SafeTensorsFile.Tensor] = [:]
        for name in ParameterName.allCases {
            tensors[name.rawValue] = .init(shape: model.config.shape.shape(of: name), values: model.parameters[name])
        }
        func expectRefused(_ file: SafeTensorsFile, mentioning words: [String]) throws {
            let path = directory + "/bad.safetensors"
            try file.serialized().write(to: URL(fileURLWithPath: path))
            do {
                _ = try WeightFile.load(path, fallbackVocabulary: seedVocabulary)
                Issue.record("accepted a bad file")
            } catch let error as RNNScopeError {
                for word in words { #expect(error.description.contains(word), "\(error) lacks \(word)") }
                #expect(error.description.hasPrefix(path))
            }
        }
        var missing = tensors
        missing["rnn.bias_hh_l0"] = nil
        try expectRefused(SafeTensorsFile(tensors: missing), mentioning: ["rnn.bias_hh_l0", "missing"])
        var wrongShape = tensors
        wrongShape["rnn.weight_hh_l0"] = .init(shape: [8, 4], values: [Float](repeating: 0, count: 32))
        try expectRefused(SafeTensorsFile(tensors: wrongShape), mentioning: ["rnn.weight_hh_l0", "[8, 8]"])
        var extra = tensors
        extra["rnn.weight_ih_l1"] = .init(shape: [1], values: [0])
        try expectRefused(SafeTensorsFile(tensors: extra), mentioning: ["rnn.weight_ih_l1", "unexpected"])
        try expectRefused(SafeTensorsFile(tensors: tensors, metadata: ["vocab": #"["a","b"]"#]), mentioning: ["28 rows", "2 characters"])
        try expectRefused(SafeTensorsFile(tensors: tensors, metadata: ["vocab": "not json"]), mentioning: ["vocab"])
        try expectRefused(SafeTensorsFile(tensors: tensors, metadata: ["cell": "lstm"]), mentioning: ["lstm"])
    }

    @Test("A failed save leaves the existing file untouched")
    func atomicSave() throws {
        let directory = try temporaryDirectory()
        let path = directory + "/keep.safetensors"
        let model = CharRNN(config: ModelConfig(vocabulary: seedVocabulary, hidden: 4), seed: 1)
        try WeightFile.save(model, epoch: 0, to: path)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        // The directory becomes read-only, so the temporary file cannot be created.
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: directory)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory) }
        let other = CharRNN(config: ModelConfig(vocabulary: seedVocabulary, hidden: 4), seed: 2)
        if getuid() != 0 {  // root ignores directory permissions
            #expect(throws: RNNScopeError.self) { try WeightFile.save(other, epoch: 0, to: path) }
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        }
        #expect(throws: RNNScopeError.self) { try WeightFile.save(other, epoch: 0, to: directory + "/missing/dir.safetensors") }
        #expect(throws: RNNScopeError.self) { try WeightFile.save(other, epoch: 0, to: directory) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.contains(".rnnscope-") }
        #expect(leftovers.isEmpty)
    }
}

@Suite("Weight files: reading from disk and streaming the save")
struct WeightFileStreamingTests {
    /// A GRU after one step of Adam (the default optimizer), saved with its moments: 21 tensors.
    static func savedModel(in directory: String) throws -> (path: String, model: CharRNN, optimizer: OptimizerState) {
        let vocabulary = Vocabulary(text: SeedNotes.text)
        let model = CharRNN(config: ModelConfig(vocabulary: vocabulary, hidden: 6, cell: .gru), seed: 3)
        let data = try TrainingSet(text: SeedNotes.text, vocabulary: vocabulary, window: SeedNotes.window, lossMode: .last)
        let trainer = Trainer(model: model, data: data, options: TrainingOptions())
        _ = trainer.runEpoch()
        let path = directory + "/gru.safetensors"
        try WeightFile.save(trainer.model, epoch: 1, optimizer: trainer.optimizerState, to: path)
        return (path, trainer.model, trainer.optimizerState)
    }

    @Test("A save writes the bytes serialize makes, and reading the file gives what parsing its bytes gives, its tensors sharing one buffer")
    func streamedBytes() throws {
        let directory = try WeightFileTests().temporaryDirectory()
        let saved = try Self.savedModel(in: directory)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: saved.path))
        #expect(bytes == (try WeightFile.serialize(saved.model, epoch: 1, optimizer: saved.optimizer)))
        let read = try SafeTensorsFile.read(saved.path, limit: WeightFile.maxFileBytes)
        #expect(read == (try SafeTensorsFile.parse(bytes)))
        #expect(read.tensors.count == 21)
        // Read once: every tensor is a range of the same array.
        let bases = Set(read.tensors.values.map { tensor in tensor.storage.withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress) } })
        #expect(bases.count == 1)
        let contents = try WeightFile.load(saved.path, fallbackVocabulary: saved.model.config.vocabulary)
        #expect(contents.parameters.storage == saved.model.parameters.storage)
        #expect(contents.optimizer == saved.optimizer)
    }

    @Test("Reading from disk refuses a cut or oversized file with the same messages as parsing its bytes, naming the file")
    func refusals() throws {
        let directory = try WeightFileTests().temporaryDirectory()
        let saved = try Self.savedModel(in: directory)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: saved.path))
        let headerLength = Int(bytes.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) })
        for cut in [0, 5, 8, 8 + headerLength / 2, 8 + headerLength, bytes.count - 4] {
            let path = directory + "/cut\(cut).safetensors"
            try bytes.prefix(cut).write(to: URL(fileURLWithPath: path))
            let parsed = try #require(throws: RNNScopeError.self) { try SafeTensorsFile.parse(bytes.prefix(cut)) }
            let read = try #require(throws: RNNScopeError.self) { try SafeTensorsFile.read(path, limit: WeightFile.maxFileBytes) }
            #expect(read.description == parsed.at(.file(path)).description, "cut at \(cut)")
        }
        let large = try #require(throws: RNNScopeError.self) { try SafeTensorsFile.read(saved.path, limit: bytes.count - 1) }
        #expect(large.description.hasPrefix(saved.path))
        #expect(large.description.contains("limit"))
    }
}
