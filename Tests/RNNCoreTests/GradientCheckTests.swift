import Testing
@testable import RNNCore

/// BPTT's gradients agree with central finite differences of the loss.
@Suite("Finite-difference gradient check")
struct GradientCheckTests {
    static let cases: [(Activation, LossMode)] = [(.tanh, .last), (.tanh, .every), (.relu, .every)]

    @Test("Every tensor's gradient matches (L(θ+ε) − L(θ−ε)) / 2ε", arguments: 0..<3)
    func finiteDifferences(caseIndex: Int) throws {
        let (activation, lossMode) = Self.cases[caseIndex]
        let config = ModelConfig(vocabulary: Vocabulary(text: Self.text), hidden: 8, activation: activation, lossMode: lossMode)
        try Self.expectBPTTMatchesFiniteDifferences(config, seed: 42 + UInt64(caseIndex), samples: 6, sampleSeed: 7)
    }

    static let text = "the cat sat on the mat; the rat ate the hat."

    /// BPTT's gradient against central differences at `samples` random entries of every tensor,
    /// over all windows of 6 of `text` (any cell).
    static func expectBPTTMatchesFiniteDifferences(
        _ config: ModelConfig, seed: UInt64, samples: Int, sampleSeed: UInt64,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let model = CharRNN(config: config, seed: seed)
        let data = try TrainingSet(text: text, vocabulary: config.vocabulary, window: 6, lossMode: config.lossMode)
        let pass = makeSequencePass(config: config, lossMode: config.lossMode, batch: data.count, steps: data.window, recording: false)
        var gradients = Parameters(shape: config.shape)
        _ = pass.run(parameters: model.parameters, inputs: data.inputs, targets: data.targets, gradients: &gradients)

        func loss(_ parameters: Parameters) -> Double {
            var scratch = Parameters(shape: config.shape)
            return Double(pass.run(parameters: parameters, inputs: data.inputs, targets: data.targets, gradients: &scratch))
        }
        var generator = SeededGenerator(seed: sampleSeed)
        let epsilon: Float = 1e-2
        for name in ParameterName.allCases {
            let offset = config.shape.offset(of: name)
            for _ in 0..<samples {
                let index = offset + Int(generator.next() % UInt64(config.shape.count(of: name)))
                var plus = model.parameters, minus = model.parameters
                plus.storage[index] += epsilon
                minus.storage[index] -= epsilon
                let numeric = (loss(plus) - loss(minus)) / (2 * Double(epsilon))
                let analytic = Double(gradients.storage[index])
                #expect(abs(numeric - analytic) <= 2e-3 + 2e-2 * abs(analytic),
                        "\(config.cell) \(config.activation) \(config.lossMode) \(name.rawValue)[\(index - offset)]: BPTT \(analytic), finite difference \(numeric)",
                        sourceLocation: sourceLocation)
            }
        }
    }

    @Test("The trace records the same loss and gradients as a training pass")
    func traceEqualsTrainingPass() throws {
        let config = ModelConfig(vocabulary: Vocabulary(text: SeedNotes.text), hidden: 16, lossMode: .every)
        let model = CharRNN(config: config, seed: 3)
        let data = try TrainingSet(text: "Hello, RNN!", vocabulary: config.vocabulary, window: 10, lossMode: .every)
        let pass = RNNPass(shape: config.shape, batch: 1, steps: 10, activation: .tanh, lossMode: .every, recording: false)
        var gradients = Parameters(shape: config.shape)
        let loss = pass.run(parameters: model.parameters, inputs: data.inputs, targets: data.targets, gradients: &gradients)
        let trace = try model.trace(input: "Hello, RNN", target: "ello, RNN!")
        #expect(trace.loss == loss)
        #expect(trace.gradients == gradients)
        #expect(trace.steps.compactMap(\.stepLoss).count == 10)
    }

    @Test("The forward-only loss the finite differences use is the training pass's loss, bit for bit", arguments: CellKind.allCases)
    func forwardOnlyLoss(cell: CellKind) throws {
        for lossMode in [LossMode.last, .every] {
            let config = ModelConfig(vocabulary: Vocabulary(text: SeedNotes.text), hidden: 12, lossMode: lossMode, cell: cell)
            let model = CharRNN(config: config, seed: 4)
            let input = try config.vocabulary.encode("Hello, RNN"), target = try config.vocabulary.encode(lossMode == .last ? "!" : "ello, RNN!")
            #expect(model.loss(input: input, target: target).bitPattern == model.lossAndGradients(input: input, target: target).loss.bitPattern)
        }
        // And the check built on it still agrees with BPTT on a nudged weight.
        let config = ModelConfig(vocabulary: Vocabulary(text: SeedNotes.text), hidden: 12, cell: cell)
        let trace = try CharRNN(config: config, seed: 4).trace(input: "Hello, RNN", target: "!")
        let check = GradientCheck(trace: trace, .weightHH, [1, 2])
        #expect(abs(check.numeric - Double(check.bptt)) <= 1e-3 * max(1, abs(Double(check.bptt))) + GradientCheck.resolution(loss: trace.loss))
    }
}

@Suite("Gradient clipping")
struct ClippingTests {
    func trainer(_ options: TrainingOptions) throws -> Trainer {
        let config = ModelConfig(vocabulary: Vocabulary(text: SeedNotes.text), hidden: 16)
        var model = CharRNN(config: config, seed: 2)
        model.parameters[.weightHH] = model.parameters[.weightHH].map { $0 * 6 }  // big gradients
        let data = try TrainingSet(text: SeedNotes.text, vocabulary: config.vocabulary, window: 10, lossMode: .last)
        return Trainer(model: model, data: data, options: options)
    }

    @Test("Norm clipping leaves a gradient of length max; value clipping caps every entry")
    func clipping() throws {
        let plain = try trainer(TrainingOptions()).runEpoch()
        #expect(plain.clippedNorm == plain.gradientNorm)
        let byNorm = try trainer(TrainingOptions(clipNorm: 0.5)).runEpoch()
        #expect(byNorm.gradientNorm == plain.gradientNorm && byNorm.gradientNorm > 0.5)
        #expect(abs(byNorm.clippedNorm - 0.5) < 1e-4)
        let byValue = try trainer(TrainingOptions(clipValue: 0.01)).runEpoch()
        #expect(byValue.clippedNorm < byValue.gradientNorm)
        let count = Float(ModelShape(vocabSize: 28, hidden: 16).totalCount)
        #expect(byValue.clippedNorm <= 0.01 * count.squareRoot() * 1.0001)
    }
}
