import Foundation
import Testing
@testable import RNNCore

/// The `epoch` metadata: how many epochs a weight file's weights were trained for.
@Suite("Weight files record their epoch")
struct WeightFileEpochTests {
    let vocabulary = Vocabulary(text: SeedNotes.text)

    func temporaryPath() throws -> String {
        let directory = NSTemporaryDirectory() + "rnnscope-epoch-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory + "/model.safetensors"
    }

    func model(seed: UInt64 = 3) -> CharRNN {
        CharRNN(config: ModelConfig(vocabulary: vocabulary, hidden: 4), seed: seed)
    }

    /// A file rnnscope saved, with its `epoch` metadata replaced (nil: removed).
    func file(epoch: String?) throws -> SafeTensorsFile {
        var file = try SafeTensorsFile.parse(WeightFile.serialize(model(), epoch: 7))
        file.metadata["epoch"] = epoch
        return file
    }

    @Test("Save with epoch 500, load: 500, and the metadata is the decimal string")
    func roundTrip() throws {
        let path = try temporaryPath()
        let model = model()
        try WeightFile.save(model, epoch: 500, to: path)
        let loaded = try WeightFile.load(path, fallbackVocabulary: vocabulary)
        #expect(loaded.epoch == 500)
        #expect(loaded.parameters == model.parameters)
        let raw = try SafeTensorsFile.parse(Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(raw.metadata["epoch"] == "500")
    }

    @Test("The limits themselves are kept", arguments: [0, 1, WeightFile.maxEpoch])
    func limits(epoch: Int) throws {
        let file = try SafeTensorsFile.parse(WeightFile.serialize(model(), epoch: epoch))
        #expect(try WeightFile.contents(of: file, path: "w.safetensors", fallbackVocabulary: vocabulary).epoch == epoch)
    }

    @Test("A file without the metadata (PyTorch's) has no epoch")
    func absent() throws {
        let contents = try WeightFile.contents(of: file(epoch: nil), path: "w.safetensors", fallbackVocabulary: vocabulary)
        #expect(contents.epoch == nil)
        let torch = try WeightFile.load(
            Fixtures.path("trace_zh_h32_tanh_last.safetensors"), fallbackVocabulary: vocabulary)
        #expect(torch.epoch == nil)
    }

    @Test("A malformed epoch is a one-line error naming the file", arguments: [
        "", "-1", "-0", "+5", " 5", "5 ", "1.5", "1e3", "0x10", "five", "٣", "５",
        "100000001", "99999999999999999999999999", "5\nrnnscope: fake second line", "'\u{1B}[2J", "1\u{2028}2", "\u{202E}5",
        String(repeating: "9", count: 300),
    ])
    func malformed(value: String) throws {
        let path = try temporaryPath()
        try AtomicFile.write(file(epoch: value).serialized(), to: path)
        let error = try #require(throws: RNNScopeError.self) {
            try WeightFile.load(path, fallbackVocabulary: vocabulary)
        }
        #expect(error.location == .file(path))
        #expect(error.message.hasPrefix("metadata 'epoch' is "))
        #expect(error.message.contains("expected a whole number of epochs from 0 to 100000000"))
        #expect(error.description.hasPrefix(path + ": "))
        #expect(!error.description.unicodeScalars.contains { [.control, .format, .lineSeparator].contains($0.properties.generalCategory) })
        #expect(error.description.count < 200)
    }

    @Test("Saving an epoch the file cannot record is refused", arguments: [-1, WeightFile.maxEpoch + 1, Int.max])
    func unsavable(epoch: Int) throws {
        #expect(throws: RNNScopeError.self) { try WeightFile.serialize(model(), epoch: epoch) }
        let path = try temporaryPath()
        let error = try #require(throws: RNNScopeError.self) { try WeightFile.save(model(), epoch: epoch, to: path) }
        #expect(error.location == .file(path))
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("A trainer continues from its starting epoch; the default starts at 0")
    func trainerStartingEpoch() throws {
        let data = try TrainingSet(text: SeedNotes.text, vocabulary: vocabulary, window: 10, lossMode: .last)
        let fresh = Trainer(model: model(), data: data, options: TrainingOptions())
        #expect(fresh.epoch == 0)
        #expect(fresh.runEpoch().epoch == 1)
        let resumed = Trainer(model: model(), data: data, options: TrainingOptions(), startingEpoch: 500)
        #expect(resumed.epoch == 500)
        #expect(resumed.runEpoch().epoch == 501)
        #expect(resumed.runEpoch().epoch == 502 && resumed.epoch == 502)
        // Same weights, same data: the numbering is all that differs.
        let again = Trainer(model: model(), data: data, options: TrainingOptions(), startingEpoch: 500)
        let first = Trainer(model: model(), data: data, options: TrainingOptions())
        #expect(again.runEpoch().loss == first.runEpoch().loss)
    }

    @Test("Saved, loaded and resumed: a trainer built from the file counts on")
    func resumeFromFile() throws {
        let path = try temporaryPath()
        let data = try TrainingSet(text: SeedNotes.text, vocabulary: vocabulary, window: 10, lossMode: .last)
        let trainer = Trainer(model: model(), data: data, options: TrainingOptions())
        for _ in 0..<3 { trainer.runEpoch() }
        try WeightFile.save(trainer.model, epoch: trainer.epoch, to: path)
        let loaded = try WeightFile.load(path, fallbackVocabulary: vocabulary)
        let resumed = Trainer(
            model: CharRNN(config: trainer.model.config, parameters: loaded.parameters), data: data,
            options: TrainingOptions(), startingEpoch: try #require(loaded.epoch))
        #expect(resumed.runEpoch().epoch == 4)
    }
}
