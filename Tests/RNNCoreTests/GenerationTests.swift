import Foundation
import RNNCore
import Testing

/// Text generation: the step-by-step state, the sampling distribution and the seeded draw.
@Suite("Generation")
struct GenerationTests {
    static func notesModel(cell: CellKind = .rnn, seed: UInt64 = 0) throws -> CharRNN {
        let config = ModelConfig(vocabulary: try Vocabulary(text: SeedNotes.text), hidden: 16, cell: cell)
        return CharRNN(config: config, parameters: .initialized(shape: config.shape, seed: seed))
    }

    static func trainedNotes() throws -> CharRNN {
        try Fixtures.model(weights: "notes_trained_500.safetensors", text: SeedNotes.text, loss: "last")
    }

    static func generate(_ model: CharRNN, prompt: String, length: Int, sampling: Sampling, seed: UInt64) throws -> String {
        var generator = TextGenerator(model: model, sampling: sampling, seed: seed)
        generator.read(prompt: try model.config.vocabulary.encode(prompt))
        var tokens: [Int] = []
        for _ in 0..<length {
            guard let next = try generator.next() else { break }
            tokens.append(next.token)
        }
        return model.config.vocabulary.decode(tokens)
    }

    @Test("Reading a character at a time gives the fast pass's logits (h carried)", arguments: CellKind.allCases)
    func stepMatchesPass(cell: CellKind) throws {
        let model = try Self.notesModel(cell: cell)
        let tokens = try model.config.vocabulary.encode("Hello, RNN! Recurrent")
        var state = GenerationState(model: model)
        for end in 1...tokens.count {
            let stepped = state.read(tokens[end - 1])
            let whole = model.lastLogits(Array(tokens[0..<end]))
            for (a, b) in zip(stepped, whole) { #expect(abs(a - b) < 1e-4, "\(cell) step \(end)") }
        }
    }

    @Test("Greedy generation from the trained notes' model continues \"Hello, RNN\" with \"!\" and the sentence")
    func greedyNotes() throws {
        let text = try Self.generate(Self.trainedNotes(), prompt: "Hello, RNN", length: 30, sampling: Sampling(temperature: 0), seed: 0)
        #expect(text.hasPrefix("! Recurrent Neural Networks"))
    }

    @Test("The same seed gives the same text; another seed another text")
    func seeded() throws {
        let model = try Self.notesModel()
        let sampling = Sampling(temperature: 1)
        let a = try Self.generate(model, prompt: "Hello", length: 60, sampling: sampling, seed: 7)
        let b = try Self.generate(model, prompt: "Hello", length: 60, sampling: sampling, seed: 7)
        let c = try Self.generate(model, prompt: "Hello", length: 60, sampling: sampling, seed: 8)
        #expect(a == b)
        #expect(a != c)
        #expect(a.unicodeScalars.count == 60)
    }

    @Test("A lower temperature sharpens the distribution: entropy rises with τ, τ = 0 is a one-hot")
    func temperatureSharpens() {
        let logits: [Float] = [2.0, 1.0, 0.5, -1.0, 0.0, 3.0]
        let entropies = [0.25, 0.5, 1, 1.5, 2, 4].map { Sampling.entropy(Sampling(temperature: $0).distribution(logits)) }
        for (low, high) in zip(entropies, entropies.dropFirst()) { #expect(low < high) }
        let greedy = Sampling(temperature: 0).distribution(logits), entropy = Sampling.entropy(greedy)
        #expect(greedy == [0, 0, 0, 0, 0, 1])
        #expect(entropy == 0)
        let one = Sampling(temperature: 1).distribution(logits), plain = Sampling.softmax(logits)
        #expect(abs(one.reduce(0, +) - 1) < 1e-12)
        #expect(one == plain)
    }

    @Test("Greedy ties go to the lowest index; huge logits and tiny τ stay finite")
    func greedyTiesAndStability() {
        let tie = Sampling(temperature: 0).distribution([1, 3, 3])
        #expect(tie == [0, 1, 0])
        let p = Sampling(temperature: 0.001).distribution([1000, 999, -1000])
        #expect(p.allSatisfy { $0.isFinite })
        #expect(p[0] == 1 && p[2] == 0)
        let flat = Sampling(temperature: 1e6).distribution([5, -5])
        #expect(abs(flat[0] - 0.5) < 1e-4)
    }

    @Test("Top-k never draws a character outside the k most likely")
    func topK() throws {
        let model = try Self.notesModel()
        var generator = TextGenerator(model: model, sampling: Sampling(temperature: 2, topK: 3), seed: 3)
        generator.read(prompt: try model.config.vocabulary.encode("Hello"))
        var seen = Set<Int>()
        for _ in 0..<300 {
            let logits = try #require(generator.state.logits)
            let allowed = TopK.indices(logits, count: 3)
            let next = try #require(try generator.next())
            #expect(allowed.contains(next.token))
            let p = Sampling(temperature: 2, topK: 3).distribution(logits)
            let outside = p.indices.filter { !allowed.contains($0) && p[$0] != 0 }
            #expect(outside.isEmpty)
            seen.insert(allowed.firstIndex(of: next.token) ?? -1)
        }
        #expect(seen.count > 1, "τ = 2 should draw more than the top character")
    }
}

/// Issue 15's parity: PyTorch's argmax loop and softmax(z/τ) over the same weights
/// (`scripts/make_generation_fixtures.py`).
@Suite("Generation against PyTorch")
struct GenerationParityTests {
    struct Record: Decodable {
        let weights: String
        let prompt: String
        let greedy: String
        let softmax_at_temperature: [[String: [Double]]]
    }

    static func record(_ cell: CellKind) throws -> Record {
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("generation_\(cell.rawValue).json")))
        return try JSONDecoder().decode(Record.self, from: data)
    }

    @Test("Greedy generation gives PyTorch's 40 characters: the trained notes' RNN, a trained GRU and LSTM", arguments: CellKind.allCases)
    func greedyMatchesPyTorch(cell: CellKind) throws {
        let record = try Self.record(cell)
        let model = try Fixtures.model(weights: record.weights, text: SeedNotes.text, loss: "last")
        #expect(model.config.cell == cell)
        let text = try GenerationTests.generate(model, prompt: record.prompt, length: 40, sampling: Sampling(temperature: 0), seed: 0)
        #expect(text == record.greedy)
    }

    @Test("softmax(z/τ) of the first three generated steps matches PyTorch's to 1e-5, τ = 0.5 … 2", arguments: CellKind.allCases)
    func temperedSoftmaxMatchesPyTorch(cell: CellKind) throws {
        let record = try Self.record(cell)
        let model = try Fixtures.model(weights: record.weights, text: SeedNotes.text, loss: "last")
        let vocabulary = model.config.vocabulary
        var state = GenerationState(model: model)
        var logits: [Float] = []
        for token in try vocabulary.encode(record.prompt) { logits = state.read(token) }
        let greedy = try vocabulary.encode(record.greedy)
        for (step, expected) in record.softmax_at_temperature.enumerated() {
            for (tau, torchP) in expected {
                let p = Sampling(temperature: try #require(Double(tau))).distribution(logits)
                #expect(p.count == torchP.count)
                let worst = zip(p, torchP).map { abs($0 - $1) }.max() ?? 0
                #expect(worst <= 1e-5, "\(cell) step \(step) τ \(tau): \(worst)")
            }
            logits = state.read(greedy[step])
        }
    }
}

@Suite("Predictions in one batch")
struct BatchedPredictionTests {
    /// Prompts of one length share a pass; each must get exactly the logits (so the answer) its
    /// own one-prompt pass gives, whatever the cell, the lengths' mix and the batch's size.
    @Test("predictNext over many prompts of mixed lengths equals one lastLogits pass per prompt", arguments: [CellKind.rnn, .gru, .lstm])
    func batchedEqualsOneByOne(cell: CellKind) throws {
        let config = ModelConfig(vocabulary: try Vocabulary(text: SeedNotes.text), hidden: 24, cell: cell)
        let model = CharRNN(config: config, seed: 3)
        let text = Array(SeedNotes.text.unicodeScalars)
        // 150 prompts (more than one batch of 64 for the commonest length), lengths 1…12.
        let prompts = (0..<150).map { i in String(String.UnicodeScalarView(text[(i * 7) % 80 ..< (i * 7) % 80 + 1 + i % 12])) }
        let batched = try model.predictNext(prompts)
        for (prompt, answer) in zip(prompts, batched) {
            let logits = model.lastLogits(try config.vocabulary.encode(prompt))
            var best = 0
            for v in logits.indices where logits[v] > logits[best] { best = v }
            #expect(answer == config.vocabulary.symbol(at: best), "\(prompt.debugDescription)")
        }
        #expect(batched.count == prompts.count)
    }
}
