import Foundation
import Testing
@testable import RNNCore

/// Every recorded value, the loss and every gradient equal PyTorch autograd's to 1e-4 relative.
@Suite("Parity with PyTorch")
struct PyTorchParityTests {
    static let traceCases = [
        "seed_h64_tanh_last", "seed_h32_relu_every", "seed_h16_tanh_every_long",
        "seed_h32_relu_last_long", "zh_h32_tanh_last", "zh_h16_relu_every",
    ]

    @Test("A recorded pass matches PyTorch step by step", arguments: traceCases)
    func tracedPass(name: String) throws {
        let fixture = try Fixtures.load(TraceFixture.self, "trace_\(name).json")
        let model = try Fixtures.model(
            weights: fixture.weights, text: fixture.text, activation: fixture.activation, loss: fixture.loss)
        #expect(model.config.vocabulary.strings == fixture.vocab)
        #expect(model.config.hidden == fixture.hidden)
        let trace = try model.trace(input: fixture.input, target: fixture.target)
        #expect(trace.length == fixture.steps.count)
        expectClose([trace.loss], [fixture.loss_value], "\(name) loss")
        for (step, expected) in zip(trace.steps, fixture.steps) {
            let at = "\(name) t=\(expected.t)"
            #expect(step.t == expected.t)
            #expect(String(model.config.vocabulary.symbol(at: step.token)) == expected.char)
            expectClose(step.x, expected.x, "\(at) x")
            expectClose(step.hPrev, expected.h_prev, "\(at) h_prev")
            expectClose(step.a, expected.a, "\(at) a")
            expectClose(step.h, expected.h, "\(at) h")
            expectClose(step.logits, expected.logits, "\(at) logits")
            expectClose(step.probs, expected.probs, "\(at) probs")
            expectClose(step.dh, expected.dh, "\(at) dh")
            expectClose(step.da, expected.da, "\(at) da")
            // The parts of a_t add up to it, and the two sources of dL/dh_t add up to it.
            let sum = (0..<fixture.hidden).map { i in
                step.inputTerm[i] + trace.parameters[.biasIH][i] + step.recurrentTerm[i] + trace.parameters[.biasHH][i]
            }
            expectClose(sum, expected.a, "\(at) a from its terms")
            expectClose(zip(step.dhFromOutput, step.dhFromNext).map { $0 + $1 }, expected.dh, "\(at) dh from its parts")
        }
        for name in ParameterName.allCases {
            let expected = try #require(fixture.grads[name.rawValue], "fixture lacks \(name.rawValue)")
            expectClose(trace.gradients[name], expected.flat, "\(fixture.name) d\(name.rawValue)")
        }
    }

    @Test("A full batch's loss and gradients match PyTorch",
          arguments: ["seed_h64_tanh_last_w10", "seed_h16_relu_every_w10", "seed_h32_tanh_every_w30"])
    func fullBatch(name: String) throws {
        let fixture = try Fixtures.load(BatchFixture.self, "batch_\(name).json")
        let model = try Fixtures.model(
            weights: fixture.weights, text: fixture.text, activation: fixture.activation ?? "tanh", loss: fixture.loss)
        let data = try TrainingSet(
            text: fixture.text, vocabulary: model.config.vocabulary, window: fixture.window, lossMode: model.config.lossMode)
        let pass = RNNPass(
            shape: model.config.shape, batch: data.count, steps: data.window,
            activation: model.config.activation, lossMode: data.lossMode, recording: false)
        var gradients = Parameters(shape: model.config.shape)
        let loss = pass.run(parameters: model.parameters, inputs: data.inputs, targets: data.targets, gradients: &gradients)
        expectClose([loss], [fixture.loss_value], "\(name) loss")
        for parameter in ParameterName.allCases {
            let expected = try #require(fixture.grads[parameter.rawValue])
            expectClose(gradients[parameter], expected.flat, "\(name) d\(parameter.rawValue)")
        }
    }

    @Test("Training from PyTorch's initial weights reproduces its losses",
          arguments: ["seed_adam_500", "seed_sgd_50", "seed_adam_clip_50", "seed_every_relu_adam_50"])
    func training(name: String) throws {
        let fixture = try Fixtures.load(TrainFixture.self, "train_\(name).json")
        let model = try Fixtures.model(
            weights: fixture.weights, text: fixture.text, activation: fixture.activation ?? "tanh", loss: fixture.loss)
        let data = try TrainingSet(
            text: fixture.text, vocabulary: model.config.vocabulary, window: fixture.window, lossMode: model.config.lossMode)
        let options = TrainingOptions(
            optimizer: try #require(OptimizerKind(rawValue: fixture.optimizer)), learningRate: fixture.lr,
            clipNorm: fixture.clip)
        let trainer = Trainer(model: model, data: data, options: options)
        let losses = (0..<fixture.epochs).map { _ in trainer.runEpoch().loss }
        // Float rounding differs in summation order, so trajectories drift apart slowly:
        // the first 50 epochs must agree to 1e-3.
        let compared = min(50, fixture.epochs)
        expectClose(Array(losses.prefix(compared)), Array(fixture.losses.prefix(compared)), rtol: 1e-3, "\(name) losses")
        if !fixture.predictions.isEmpty {
            let predicted = try trainer.model.predictNext(fixture.predictions.map(\.input)).map { String($0) }
            #expect(predicted == fixture.predictions.map(\.next))
        }
    }

    @Test("The notes' task, trained 500 epochs, answers ! N d")
    func notesPredictions() throws {
        let fixture = try Fixtures.load(TrainFixture.self, "train_seed_adam_500.json")
        #expect(fixture.predictions.map(\.next) == SeedNotes.expectedPredictions)
        let model = try Fixtures.model(weights: fixture.weights, text: SeedNotes.text, activation: "tanh", loss: "last")
        let data = try TrainingSet(text: SeedNotes.text, vocabulary: model.config.vocabulary, window: 10, lossMode: .last)
        let trainer = Trainer(model: model, data: data, options: TrainingOptions())
        for _ in 0..<500 { trainer.runEpoch() }
        let predicted = try trainer.model.predictNext(SeedNotes.prompts).map { String($0) }
        #expect(predicted == SeedNotes.expectedPredictions)
    }

    @Test("A file without vocab metadata takes the text's vocabulary")
    func weightsWithoutVocabulary() throws {
        let withVocab = try WeightFile.load(
            Fixtures.path("trace_seed_h64_tanh_last.safetensors"), fallbackVocabulary: Vocabulary(text: "ab"))
        let without = try WeightFile.load(
            Fixtures.path("trace_seed_h64_tanh_last_novocab.safetensors"), fallbackVocabulary: Vocabulary(text: SeedNotes.text))
        #expect(without.vocabulary == withVocab.vocabulary)
        #expect(without.parameters == withVocab.parameters)
    }
}
