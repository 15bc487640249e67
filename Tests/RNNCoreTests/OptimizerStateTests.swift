import Foundation
import Testing
@testable import RNNCore

/// The optimizer's state saved with the weights: training resumes exactly where it stopped.
@Suite("Adam's state is saved and resumed")
struct OptimizerStateTests {
    let vocabulary = Vocabulary(text: SeedNotes.text)

    func trainer(cell: CellKind, clip: Float?, parameters: Parameters? = nil, epoch: Int = 0, resuming: OptimizerState? = nil) throws -> Trainer {
        let config = ModelConfig(vocabulary: vocabulary, hidden: 12, cell: cell)
        let model = parameters.map { CharRNN(config: config, parameters: $0) } ?? CharRNN(config: config, seed: 5)
        let data = try TrainingSet(text: SeedNotes.text, vocabulary: vocabulary, window: SeedNotes.window, lossMode: .last)
        return Trainer(
            model: model, data: data, options: TrainingOptions(clipNorm: clip), startingEpoch: epoch, resuming: resuming)
    }

    /// The file's contents after a save and a load, through the bytes on disk.
    func roundTrip(_ trainer: Trainer) throws -> WeightFile.Contents {
        let bytes = try WeightFile.serialize(trainer.model, epoch: trainer.epoch, optimizer: trainer.optimizerState)
        return try WeightFile.contents(of: SafeTensorsFile.parse(bytes), path: "m.safetensors", fallbackVocabulary: vocabulary)
    }

    @Test("N epochs, save, load, N more: the same weights, bit for bit, as 2N at once", arguments: [
        (CellKind.rnn, Float?.none), (.rnn, 1), (.gru, nil), (.gru, 1), (.lstm, nil), (.lstm, 0.5),
    ])
    func bitIdenticalResume(cell: CellKind, clip: Float?) throws {
        let straight = try trainer(cell: cell, clip: clip)
        for _ in 0..<24 { straight.runEpoch() }
        let first = try trainer(cell: cell, clip: clip)
        for _ in 0..<12 { first.runEpoch() }
        let saved = try roundTrip(first)
        #expect(saved.optimizer?.stepCount == 12)
        #expect(saved.optimizerNotice(path: "m.safetensors", training: .adam) == nil)
        let resumed = try trainer(
            cell: cell, clip: clip, parameters: saved.parameters, epoch: try #require(saved.epoch), resuming: saved.optimizer)
        for _ in 0..<12 { resumed.runEpoch() }
        #expect(resumed.epoch == 24)
        #expect(resumed.model.parameters.storage.map(\.bitPattern) == straight.model.parameters.storage.map(\.bitPattern))
        #expect(resumed.optimizerState == straight.optimizerState)
        // Without the state, Adam starts over and the weights differ: the test can fail.
        let fresh = try trainer(cell: cell, clip: clip, parameters: saved.parameters, epoch: 12)
        for _ in 0..<12 { fresh.runEpoch() }
        #expect(fresh.model.parameters != straight.model.parameters)
    }

    @Test("Settings, step count and moments round-trip through the file's metadata and tensors")
    func metadataRoundTrip() throws {
        let trainer = try trainer(cell: .gru, clip: nil)
        for _ in 0..<3 { trainer.runEpoch() }
        let bytes = try WeightFile.serialize(trainer.model, epoch: 3, optimizer: trainer.optimizerState)
        let raw = try SafeTensorsFile.parse(bytes)
        #expect(raw.metadata["optimizer"] == "adam")
        #expect(raw.metadata["optimizer.step"] == "3")
        #expect(raw.metadata["optimizer.lr"] == "0.01")
        #expect(raw.metadata["optimizer.beta1"] == "0.9")
        #expect(raw.metadata["optimizer.beta2"] == "0.999")
        #expect(raw.metadata["optimizer.eps"] == "1e-08")
        #expect(raw.tensors["optimizer.rnn.weight_hh_l0.exp_avg"]?.shape == [36, 12])
        #expect(raw.tensors["optimizer.linear.bias.exp_avg_sq"]?.shape == [vocabulary.count])
        #expect(raw.tensors.count == 21)
        let loaded = try WeightFile.contents(of: raw, path: "m", fallbackVocabulary: vocabulary)
        #expect(loaded.optimizer == trainer.optimizerState)
        #expect(loaded.optimizerProblem == nil)
    }

    @Test("SGD records only its name; Adam at step 0 records no moments")
    func sgdAndStepZero() throws {
        let model = CharRNN(config: ModelConfig(vocabulary: vocabulary, hidden: 4), seed: 1)
        let sgd = try SafeTensorsFile.parse(WeightFile.serialize(model, epoch: 0, optimizer: SGD(learningRate: 0.1).state))
        #expect(sgd.metadata["optimizer"] == "sgd")
        #expect(sgd.tensors.count == 7)
        let adam = try SafeTensorsFile.parse(WeightFile.serialize(model, epoch: 0, optimizer: Adam(learningRate: 0.1).state))
        #expect(adam.metadata["optimizer.step"] == "0")
        #expect(adam.tensors.count == 7)
        let loaded = try WeightFile.contents(of: adam, path: "m", fallbackVocabulary: vocabulary)
        #expect(loaded.optimizerNotice(path: "m", training: .adam) == nil)
    }

    @Test("A file without optimizer state (PyTorch's) starts Adam fresh and says so in one line")
    func freshStartNotice() throws {
        let model = CharRNN(config: ModelConfig(vocabulary: vocabulary, hidden: 4), seed: 1)
        let plain = try WeightFile.contents(
            of: SafeTensorsFile.parse(WeightFile.serialize(model, epoch: 5)), path: "torch.safetensors", fallbackVocabulary: vocabulary)
        #expect(plain.optimizer == nil)
        #expect(plain.optimizerNotice(path: "torch.safetensors", training: .adam) == "no optimizer state in torch.safetensors: Adam starts fresh")
        #expect(plain.optimizerNotice(path: "torch.safetensors", training: .sgd) == nil)
    }

    @Test("State that does not fit is named and ignored: Adam starts fresh, the weights still load")
    func mismatches() throws {
        let trainer = try trainer(cell: .rnn, clip: nil)
        trainer.runEpoch()
        let good = try SafeTensorsFile.parse(WeightFile.serialize(trainer.model, epoch: 1, optimizer: trainer.optimizerState))
        let path = "m.safetensors"
        // Adam's state, SGD training.
        let loaded = try WeightFile.contents(of: good, path: path, fallbackVocabulary: vocabulary)
        #expect(loaded.optimizerNotice(path: path, training: .sgd) == "ignoring the optimizer state in m.safetensors: it is adam's and training uses sgd; SGD keeps no state")
        // A moment of the wrong shape.
        var wrongShape = good
        wrongShape.tensors["optimizer.linear.bias.exp_avg"] = .init(shape: [3], values: [0, 0, 0])
        let bad = try WeightFile.contents(of: wrongShape, path: path, fallbackVocabulary: vocabulary)
        #expect(bad.optimizer == nil)
        #expect(bad.parameters == trainer.model.parameters)
        let notice = try #require(bad.optimizerNotice(path: path, training: .adam))
        #expect(notice.contains("optimizer.linear.bias.exp_avg") && notice.hasSuffix("Adam starts fresh") && !notice.contains("\n"))
        // A missing moment, a bad step.
        var missing = good
        missing.tensors["optimizer.embedding.weight.exp_avg_sq"] = nil
        #expect(try WeightFile.contents(of: missing, path: path, fallbackVocabulary: vocabulary).optimizerProblem?.contains("missing") == true)
        var badStep = good
        badStep.metadata["optimizer.step"] = "-1"
        #expect(try WeightFile.contents(of: badStep, path: path, fallbackVocabulary: vocabulary).optimizerProblem?.contains("optimizer.step") == true)
        // A trainer handed state that does not fit keeps a fresh Adam.
        var otherShape = trainer.optimizerState
        otherShape.expAvg.removeLast()
        let fresh = try self.trainer(cell: .rnn, clip: nil, resuming: otherShape)
        #expect(fresh.optimizerState.stepCount == 0)
    }
}

/// scripts/make_optimizer_fixtures.py: 3 Adam steps in PyTorch from the same weights.
struct AdamFixture: Decodable {
    struct Entry: Decodable {
        let step: Int
        let exp_avg, exp_avg_sq: [Float]
    }
    let cell: String
    let hidden, steps: Int
    let lr: Float
    let betas: [Double]
    let eps: Float
    let weights_file: String
    let state: [String: Entry]
    let weights: [String: [Float]]
    /// The gradient PyTorch's Adam was given at each step.
    let gradients: [[String: [Float]]]
}

@Suite("Adam's saved state matches PyTorch's optimizer.state_dict()")
struct AdamStateParityTests {
    /// Checks the saved file's optimizer state and `parameters` against the fixture.
    func compare(_ fixture: AdamFixture, _ parameters: Parameters, _ state: OptimizerState, relative: Float, floor: Float, _ cell: String) throws {
        let model = CharRNN(config: ModelConfig(vocabulary: Vocabulary(text: SeedNotes.text), hidden: fixture.hidden, cell: try #require(CellKind(rawValue: cell))), parameters: parameters)
        let file = try SafeTensorsFile.parse(WeightFile.serialize(model, epoch: fixture.steps, optimizer: state))
        #expect(file.metadata["optimizer.step"] == String(fixture.steps))
        #expect(Float(try #require(file.metadata["optimizer.lr"])) == fixture.lr)
        #expect(Double(try #require(file.metadata["optimizer.beta1"])) == fixture.betas[0])
        #expect(Double(try #require(file.metadata["optimizer.beta2"])) == fixture.betas[1])
        #expect(Float(try #require(file.metadata["optimizer.eps"])) == fixture.eps)
        for name in ParameterName.allCases {
            let entry = try #require(fixture.state[name.rawValue])
            #expect(entry.step == fixture.steps)
            let m = try #require(file.tensors[WeightFile.expAvgName(name)]).values
            let v = try #require(file.tensors[WeightFile.expAvgSqName(name)]).values
            expectClose(m, entry.exp_avg, relative: relative, floor: floor, "\(cell) \(name.rawValue) exp_avg")
            expectClose(v, entry.exp_avg_sq, relative: relative, floor: floor * floor, "\(cell) \(name.rawValue) exp_avg_sq")
            // A weight that crossed zero is a difference of two ~lr-sized numbers: a few of their ulps (1e-8) apart.
            expectClose(parameters[name], try #require(fixture.weights[name.rawValue]), relative: relative, floor: max(floor, 1e-8), "\(cell) \(name.rawValue) weights")
        }
    }

    @Test("PyTorch's gradients through our Adam, 3 steps: step, exp_avg, exp_avg_sq match to 1e-6", arguments: ["rnn", "gru", "lstm"])
    func parity(cell: String) throws {
        let fixture = try Fixtures.load(AdamFixture.self, "adam3_\(cell).json")
        var parameters = try Fixtures.model(weights: fixture.weights_file, text: SeedNotes.text, loss: "last").parameters
        var adam = Adam(learningRate: fixture.lr)
        for step in fixture.gradients {
            var gradients = Parameters(shape: parameters.shape)
            for name in ParameterName.allCases { gradients[name] = try #require(step[name.rawValue]) }
            adam.step(&parameters, gradients: gradients)
        }
        try compare(fixture, parameters, adam.state, relative: 1e-6, floor: 1e-9, cell)
    }

    @Test("Training 3 epochs with our own gradients: the same state to float rounding of the backward pass", arguments: ["rnn", "gru", "lstm"])
    func training(cell: String) throws {
        let fixture = try Fixtures.load(AdamFixture.self, "adam3_\(cell).json")
        let model = try Fixtures.model(weights: fixture.weights_file, text: SeedNotes.text, loss: "last")
        let data = try TrainingSet(text: SeedNotes.text, vocabulary: model.config.vocabulary, window: SeedNotes.window, lossMode: .last)
        let trainer = Trainer(model: model, data: data, options: TrainingOptions(learningRate: fixture.lr))
        for _ in 0..<fixture.steps { trainer.runEpoch() }
        // Gradients summed in another order differ by ~1e-6 relative; the moments inherit it.
        try compare(fixture, trainer.model.parameters, trainer.optimizerState, relative: 1e-4, floor: 1e-7, cell)
    }

    /// `relative`, with an absolute `floor` for values near zero (exp_avg_sq is ~g², down to 1e-12).
    func expectClose(_ ours: [Float], _ theirs: [Float], relative: Float, floor: Float, _ what: String) {
        #expect(ours.count == theirs.count, "\(what): \(ours.count) values, PyTorch has \(theirs.count)")
        let worst = zip(ours, theirs).enumerated().first { _, pair in
            abs(pair.0 - pair.1) > max(relative * abs(pair.1), floor)
        }
        #expect(worst == nil, "\(what): entry \(worst?.offset ?? -1) is \(worst?.element.0 ?? 0), PyTorch's \(worst?.element.1 ?? 0)")
    }
}
