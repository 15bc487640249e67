import Foundation
import Testing
@testable import RNNCore

/// scripts/make_minibatch_fixtures.py's record of a mini-batch Adam run.
struct MiniBatchFixture: Decodable {
    let name, cell, text, loss, weights: String
    let window, hidden, batch, steps, seed: Int
    let lr: Float
    let losses: [Float]
    let batch_sizes: [Int]
    let final: [String: [Float]]
}

/// Issue 15 §1: mini-batch training.
@Suite("Mini-batch training")
struct MiniBatchTests {
    @Test("Mini-batch Adam over ordered batches (the last one partial) matches PyTorch's DataLoader loop for 50 steps",
          arguments: ["rnn_h12_last_b8", "gru_h8_every_b8", "lstm_h16_last_b6"])
    func pytorchParity(name: String) throws {
        let fixture = try Fixtures.load(MiniBatchFixture.self, "minibatch_\(name).json")
        let model = try Fixtures.model(weights: fixture.weights, text: fixture.text, loss: fixture.loss)
        #expect(model.config.cell.rawValue == fixture.cell)
        let data = try TrainingSet(
            text: fixture.text, vocabulary: model.config.vocabulary, window: fixture.window, lossMode: model.config.lossMode)
        let trainer = Trainer(
            model: model, data: data, options: TrainingOptions(learningRate: fixture.lr, batchSize: fixture.batch))
        #expect(trainer.stepsPerEpoch == (data.count + fixture.batch - 1) / fixture.batch)
        var losses: [Float] = []
        var sizes: [Int] = []
        for _ in 0..<fixture.steps {
            let result = trainer.runStep()
            losses.append(result.loss)
            sizes.append(result.batch)
        }
        #expect(sizes == fixture.batch_sizes, "the same batches, the partial one included")
        expectClose(losses, fixture.losses, rtol: 1e-4, "\(name) losses")
        for parameter in ParameterName.allCases {
            let expected = try #require(fixture.final[parameter.rawValue])
            expectClose(trainer.model.parameters[parameter], expected, rtol: 1e-4, "\(name) \(parameter.rawValue) after \(fixture.steps) steps")
        }
        #expect(trainer.epoch == fixture.steps / trainer.stepsPerEpoch)
    }

    @Test("Without a batch size, or with one of at least every window, training is bit for bit the full-batch trainer's",
          arguments: [CellKind.rnn, .gru, .lstm])
    func defaultIsFullBatch(cell: CellKind) throws {
        var spec = ModelSpec.notes
        spec.cell = cell
        spec.hidden = 16
        let built = try spec.build()
        func weights(batchSize: Int?) -> [Float] {
            var options = spec.training
            options.batchSize = batchSize
            let trainer = Trainer(model: built.model, data: built.data, options: options)
            for _ in 0..<5 {
                let result = trainer.runEpoch()
                #expect(result.stepsPerEpoch == 1 && result.batch == built.data.count)
            }
            #expect(trainer.epoch == 5 && trainer.step == 5)
            return trainer.model.parameters.storage
        }
        // Today's full-batch epoch, written out: the pass over every window, then Adam.
        let pass = makeSequencePass(config: built.model.config, lossMode: .last, batch: built.data.count, steps: built.data.window, recording: false)
        var model = built.model
        var adam = Adam(learningRate: spec.training.learningRate)
        var gradients = Parameters(shape: model.config.shape)
        for _ in 0..<5 {
            _ = pass.run(parameters: model.parameters, inputs: built.data.inputs, targets: built.data.targets, gradients: &gradients)
            adam.step(&model.parameters, gradients: gradients)
        }
        let reference = model.parameters.storage
        #expect(weights(batchSize: nil) == reference)
        #expect(weights(batchSize: built.data.count) == reference)
        #expect(weights(batchSize: 1_000_000) == reference)
    }

    @Test("A batch is the windows' slice of the full batch, copied out time-major from the one token array")
    func batchesAreSlices() throws {
        for lossMode in LossMode.allCases {
            let vocabulary = Vocabulary(text: SeedNotes.text)
            let data = try TrainingSet(text: SeedNotes.text, vocabulary: vocabulary, window: 10, lossMode: lossMode)
            let full = data.batch(0..<data.count)
            let picked: [Int32] = [91, 0, 45]
            let batch = data.batch(picked)
            for (b, w) in picked.enumerated() {
                for t in 0..<10 {
                    #expect(batch.inputs[t * 3 + b] == full.inputs[t * data.count + Int(w)])
                    if lossMode == .every { #expect(batch.targets[t * 3 + b] == full.targets[t * data.count + Int(w)]) }
                }
                if lossMode == .last { #expect(batch.targets[b] == full.targets[Int(w)]) }
            }
            #expect(data.window(91, vocabulary: vocabulary).input == " RNN model")
        }
    }

    @Test("--shuffle: the same seed gives the same order; every window comes once per epoch; epochs differ")
    func shuffleDeterminism() throws {
        let a = Trainer.permutation(windows: 92, epoch: 1, seed: 5)
        #expect(a == Trainer.permutation(windows: 92, epoch: 1, seed: 5))
        #expect(a.sorted() == (0..<92).map { Int32($0) })
        #expect(a != (0..<92).map { Int32($0) }, "a permutation, not window order")
        #expect(a != Trainer.permutation(windows: 92, epoch: 2, seed: 5))
        #expect(a != Trainer.permutation(windows: 92, epoch: 1, seed: 6))

        var spec = ModelSpec.notes
        spec.hidden = 8
        spec.training.batchSize = 10
        spec.training.shuffle = true
        spec.seed = 3
        let built = try spec.build()
        func run() -> ([Float], [Float]) {
            let trainer = spec.makeTrainer(model: built.model, data: built.data)
            let losses = (0..<25).map { _ in trainer.runStep().loss }
            return (losses, trainer.model.parameters.storage)
        }
        let first = run(), second = run()
        #expect(first.0 == second.0 && first.1 == second.1, "the same seed trains bit for bit the same")
        // Every window once per epoch: the batches of an epoch partition the windows.
        let trainer = spec.makeTrainer(model: built.model, data: built.data)
        let order = Trainer.permutation(windows: built.data.count, epoch: 1, seed: spec.seed)
        let seen = (0..<trainer.stepsPerEpoch).flatMap { trainer.batchWindows(step: $0, order: order) }
        #expect(seen.count == built.data.count && Set(seen).count == built.data.count)
        // Shuffled training differs from ordered training.
        var ordered = spec
        ordered.training.shuffle = false
        let plain = ordered.makeTrainer(model: built.model, data: built.data)
        let plainLosses = (0..<25).map { _ in plain.runStep().loss }
        #expect(plainLosses != first.0)
    }

    @Test("A batch size puts the full-batch limit on one batch: B windows, not every window")
    func limitOnOneBatch() throws {
        var spec = ModelSpec(text: LongText.text, window: 100, hidden: 256)
        let error = try #require(throws: SpecError.self) { try spec.validate(recording: false) }
        #expect(error.field == .window && error.message.contains("too much to train full-batch"))
        spec.training.batchSize = 64
        try spec.validate(recording: false)
        spec.training.batchSize = 400
        let tooMany = try #require(throws: SpecError.self) { try spec.validate(recording: false) }
        #expect(tooMany.field == .batchSize)
        #expect(tooMany.message.hasPrefix("400 windows per batch × 100 steps × 256 units is too much for one batch"))
        spec.training.batchSize = 0
        let zero = try #require(throws: SpecError.self) { try spec.validate(recording: false) }
        #expect(zero.field == .batchSize && zero.message == "0 is out of range 1...1000000")
    }

    @Test("A mini-batch epoch takes ⌈windows / B⌉ steps; its loss is the mean over its windows; validation is scored once per epoch")
    func epochsOfSteps() throws {
        var spec = ModelSpec.notes
        spec.hidden = 8
        spec.holdout = 12
        spec.training.batchSize = 16
        let built = try spec.build()
        let trainer = spec.makeTrainer(model: built.model, data: built.data)
        #expect(trainer.data.count == 80 && trainer.stepsPerEpoch == 5)
        let steps = (0..<5).map { _ in trainer.runStep() }
        #expect(steps.map(\.stepInEpoch) == [1, 2, 3, 4, 5])
        #expect(steps.map { $0.validationLoss != nil } == [true, false, false, false, false])
        #expect(steps.last?.completesEpoch == true && trainer.epoch == 1 && trainer.step == 5)
        let epoch = trainer.runEpoch()
        #expect(epoch.epoch == 2 && trainer.step == 10 && epoch.validationLoss != nil)
    }
}
