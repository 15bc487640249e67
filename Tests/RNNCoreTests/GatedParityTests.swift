import Foundation
import Testing
@testable import RNNCore

/// GRU and LSTM passes equal PyTorch's nn.GRU / nn.LSTM (fixtures from
/// scripts/make_gated_fixtures.py) to 1e-4 relative: gates, states, dL/dh_t, dL/dc_t, gradients.
@Suite("GRU and LSTM parity with PyTorch")
struct GatedParityTests {
    @Test("A recorded gated pass matches PyTorch step by step",
          arguments: ["gru_h32_last", "gru_h16_every_long", "lstm_h32_last", "lstm_h16_every_long", "lstm_h32_zh_every"])
    func tracedPass(name: String) throws {
        let fixture = try Fixtures.load(GatedTraceFixture.self, "gated_\(name).json")
        let model = try Fixtures.model(weights: fixture.weights, text: fixture.text, loss: fixture.loss)
        #expect(model.config.cell.rawValue == fixture.cell)
        #expect(model.config.vocabulary.strings == fixture.vocab)
        let trace = try model.trace(input: fixture.input, target: fixture.target)
        expectClose([trace.loss], [fixture.loss_value], "\(name) loss")
        for (step, expected) in zip(trace.steps, fixture.steps) {
            let at = "\(name) t=\(expected.t)"
            expectClose(step.x, expected.x, "\(at) x")
            expectClose(step.hPrev, expected.h_prev, "\(at) h_prev")
            expectClose(step.h, expected.h, "\(at) h")
            expectClose(step.logits, expected.logits, "\(at) logits")
            expectClose(step.probs, expected.probs, "\(at) probs")
            expectClose(step.dh, expected.dh, "\(at) dh")
            #expect(step.gates.map(\.name) == model.config.cell.gateNames)
            for gate in step.gates {
                expectClose(gate.values, try #require(expected.gates[gate.name]), "\(at) gate \(gate.name)")
                expectClose(gate.gradient, try #require(expected.dgates[gate.name]), "\(at) dL/d\(gate.name)")
            }
            if model.config.cell == .lstm {
                expectClose(try #require(step.cPrev), try #require(expected.c_prev), "\(at) c_prev")
                expectClose(try #require(step.c), try #require(expected.c), "\(at) c")
                expectClose(try #require(step.dc), try #require(expected.dc), "\(at) dc")
            } else {
                #expect(step.c == nil && step.dc == nil)
            }
            expectClose(zip(step.dhFromOutput, step.dhFromNext).map { $0 + $1 }, expected.dh, "\(at) dh from its parts")
        }
        for parameter in ParameterName.allCases {
            let expected = try #require(fixture.grads[parameter.rawValue], "fixture lacks \(parameter.rawValue)")
            expectClose(trace.gradients[parameter], expected.flat, "\(name) d\(parameter.rawValue)")
        }
    }

    @Test("A full gated batch's loss and gradients match PyTorch", arguments: ["gru_h16_last_w10", "lstm_h16_every_w10"])
    func fullBatch(name: String) throws {
        let fixture = try Fixtures.load(BatchFixture.self, "gated_batch_\(name).json")
        let model = try Fixtures.model(weights: fixture.weights, text: fixture.text, loss: fixture.loss)
        #expect(model.config.cell.rawValue == fixture.cell)
        let data = try TrainingSet(
            text: fixture.text, vocabulary: model.config.vocabulary, window: fixture.window, lossMode: model.config.lossMode)
        let pass = makeSequencePass(
            config: model.config, lossMode: data.lossMode, batch: data.count, steps: data.window, recording: false)
        var gradients = Parameters(shape: model.config.shape)
        let loss = pass.run(parameters: model.parameters, inputs: data.inputs, targets: data.targets, gradients: &gradients)
        expectClose([loss], [fixture.loss_value], "\(name) loss")
        for parameter in ParameterName.allCases {
            expectClose(gradients[parameter], try #require(fixture.grads[parameter.rawValue]).flat, "\(name) d\(parameter.rawValue)")
        }
    }

    @Test("Training a GRU or LSTM from PyTorch's weights follows its losses and answers as it does",
          arguments: ["gru_adam_50", "lstm_adam_50"])
    func training(name: String) throws {
        let fixture = try Fixtures.load(TrainFixture.self, "gated_train_\(name).json")
        let model = try Fixtures.model(weights: fixture.weights, text: fixture.text, loss: fixture.loss)
        let data = try TrainingSet(
            text: fixture.text, vocabulary: model.config.vocabulary, window: fixture.window, lossMode: model.config.lossMode)
        let trainer = Trainer(model: model, data: data, options: TrainingOptions(learningRate: fixture.lr))
        let losses = (0..<fixture.epochs).map { _ in trainer.runEpoch().loss }
        expectClose(losses, fixture.losses, rtol: 1e-3, "\(name) losses")
        let predicted = try trainer.model.predictNext(fixture.predictions.map(\.input)).map { String($0) }
        #expect(predicted == fixture.predictions.map(\.next))
    }

    @Test("A weight file keeps its cell; PyTorch files without metadata are recognised by W_ih's rows")
    func cellInWeightFiles() throws {
        let fixture = try Fixtures.load(GatedTraceFixture.self, "gated_lstm_h32_last.json")
        let model = try Fixtures.model(weights: fixture.weights, text: fixture.text, loss: "last")
        let bytes = try WeightFile.serialize(model, epoch: 0)
        let file = try SafeTensorsFile.parse(bytes)
        #expect(file.metadata["cell"] == "lstm")
        var stripped = file
        stripped.metadata["cell"] = nil
        let inferred = try WeightFile.contents(of: stripped, path: "x", fallbackVocabulary: model.config.vocabulary)
        #expect(inferred.cell == .lstm)
        #expect(inferred.parameters == model.parameters)
        stripped.metadata["cell"] = "rnn"
        #expect(throws: RNNScopeError.self) {
            try WeightFile.contents(of: stripped, path: "x", fallbackVocabulary: model.config.vocabulary)
        }
        stripped.metadata["cell"] = "transformer"
        let error = try #require(throws: RNNScopeError.self) {
            try WeightFile.contents(of: stripped, path: "x", fallbackVocabulary: model.config.vocabulary)
        }
        #expect(error.message.contains("expected rnn, gru or lstm"))
    }
}

@Suite("Finite-difference gradient check, gated cells")
struct GatedGradientCheckTests {
    @Test("GRU and LSTM gradients match (L(θ+ε) − L(θ−ε)) / 2ε", arguments: [CellKind.gru, .lstm])
    func finiteDifferences(cell: CellKind) throws {
        let config = ModelConfig(vocabulary: Vocabulary(text: GradientCheckTests.text), hidden: 8, lossMode: .every, cell: cell)
        try GradientCheckTests.expectBPTTMatchesFiniteDifferences(config, seed: 11, samples: 8, sampleSeed: 5)
    }
}

@Suite("On-screen gradient check")
struct OnScreenGradientCheckTests {
    @Test("The finite difference of the selected weight agrees with BPTT for every cell", arguments: CellKind.allCases)
    func agrees(cell: CellKind) throws {
        let config = ModelConfig(vocabulary: Vocabulary(text: SeedNotes.text), hidden: 16, lossMode: .every, cell: cell)
        let model = CharRNN(config: config, seed: 4)
        let trace = try model.trace(input: "Hello, RNN", target: "ello, RNN!")
        for name in [ParameterName.weightHH, .weightIH, .biasHH, .weightHY] {
            let index = config.shape.shape(of: name).count == 2 ? [3, 5] : [7]
            let check = GradientCheck(trace: trace, name, index)
            #expect(check.bptt == trace.gradients.value(name, index))
            #expect(abs(check.numeric - Double(check.bptt)) <= 5e-4 + 1e-2 * abs(Double(check.bptt)),
                    "\(cell) \(name.rawValue)\(index): BPTT \(check.bptt), finite difference \(check.numeric)")
        }
    }
}
