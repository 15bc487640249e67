import ArgumentParser
import Foundation
import RNNCore
import Localization

/// `rnnscope generate`: the model reads a prompt, then writes text one character at a time.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Let the model write: read a prompt, then generate characters one at a time.",
        discussion: """
            The model reads the prompt from h_0 = 0 (as in training), then generates --length characters, each fed back as the next input, h carried from step to step (what char-rnn does). --temperature 0 is greedy (the most likely character, ties to the first in the vocabulary); otherwise characters are drawn from softmax(z/τ) with the seeded generator, so the same --seed gives the same text. --seed also seeds a fresh model's weights when no --weights are given.

            The window: training used windows of --window characters, each starting from h_0 = 0. Once the prompt and the generated text are longer than that, the model runs on states it never saw in training; it carries h anyway, and the text may drift.

            Output: the prompt followed by the generated text (line feeds kept, other control characters escaped as \\u{…} unless --raw), or with --json one object with every generated character, its probability and the top 5 alternatives.
            """)

    @OptionGroup var model: ModelOptions

    @Option(help: "Weights to generate with (safetensors); default: a fresh model from --seed.")
    var weights: String?

    @Option(help: "Text the model reads first. Default: the text's first --window characters (the notes: \"Hello, RNN\").")
    var prompt: String?

    /// Read as text so that "abc" or "1e9" gets rnnscope's one-line error (exit 1).
    @Option(help: ArgumentHelp("Characters to generate, \(GenerateLimits.length.lowerBound)…\(GenerateLimits.length.upperBound).", valueName: "n"))
    var length: String = "100"

    @Option(help: ArgumentHelp("τ ≥ 0: 0 is greedy, 1 the model's own distribution, above 1 flatter, below 1 sharper.", valueName: "τ"))
    var temperature: String = "1"

    @Option(help: ArgumentHelp("Draw only among the K most likely characters, 1…V.", valueName: "k"))
    var topK: String?

    @Flag(help: "Print one JSON object: every generated character, its probability and the top 5 alternatives.")
    var json = false

    @Flag(help: "Print generated control characters as they are (default: escaped as \\u{…}).")
    var raw = false

    func run() throws {
        try reportingErrors {
            let loaded = try model.load(weightsPath: weights)
            let rnn = try model.model(loaded)
            let vocabulary = rnn.config.vocabulary
            let prompt = self.prompt ?? String(String.UnicodeScalarView(loaded.spec.text.unicodeScalars.prefix(model.window)))
            let sampling = try parsedSampling(vocabularySize: vocabulary.count)
            let length = try parsedLength()
            guard !prompt.isEmpty else { throw RNNScopeError(Message("error.cli.prompt_empty"), at: .flag("--prompt")) }
            guard prompt.unicodeScalars.count <= GenerateLimits.length.upperBound else {
                throw RNNScopeError(Message("error.cli.too_long", ["count": String(GenerateLimits.length.upperBound)]), at: .flag("--prompt"))
            }
            let tokens: [Int]
            do { tokens = try vocabulary.encode(prompt) } catch let error as RNNScopeError {
                throw error.at(.flag("--prompt"))
            }
            var generator = TextGenerator(model: rnn, sampling: sampling, seed: model.seed)
            generator.read(prompt: tokens)
            var generated: [GeneratedCharacter] = []
            generated.reserveCapacity(length)
            for _ in 0..<length {
                guard let character = try generator.next() else { break }
                generated.append(character)
            }
            let text = vocabulary.decode(generated.map(\.token))
            if json {
                try GenerateReport(
                    prompt: prompt, text: text, sampling: sampling, seed: model.seed, window: model.window,
                    cell: rnn.config.cell.rawValue, vocabulary: vocabulary, generated: generated).print()
            } else {
                let whole = prompt + text
                try StandardOutput.write(Data(((raw ? whole : whole.terminalSafeLines) + "\n").utf8))
            }
        }
    }

    private func parsedLength() throws -> Int {
        guard let n = Int(length.trimmingCharacters(in: .whitespaces)) else {
            throw RNNScopeError(Message("error.cli.not_whole_characters", ["value": length]), at: .flag("--length"))
        }
        guard GenerateLimits.length.contains(n) else {
            throw RNNScopeError(
                Message("error.cli.out_of_range", ["value": String(n), "range": "\(GenerateLimits.length.lowerBound)…\(GenerateLimits.length.upperBound)"]),
                at: .flag("--length"))
        }
        return n
    }

    private func parsedSampling(vocabularySize: Int) throws -> Sampling {
        guard let tau = Double(temperature.trimmingCharacters(in: .whitespaces)) else {
            throw RNNScopeError(Message("error.cli.not_number", ["value": temperature]), at: .flag("--temperature"))
        }
        guard tau.isFinite, tau >= 0 else {
            throw RNNScopeError(Message("error.cli.temperature", ["value": temperature]), at: .flag("--temperature"))
        }
        var k: Int?
        if let topK {
            guard let value = Int(topK.trimmingCharacters(in: .whitespaces)) else {
                throw RNNScopeError(Message("error.cli.not_whole", ["value": topK]), at: .flag("--top-k"))
            }
            guard (1...vocabularySize).contains(value) else {
                throw RNNScopeError(Message("error.cli.out_of_vocabulary", ["value": String(value), "range": "1…\(vocabularySize)"]), at: .flag("--top-k"))
            }
            k = value
        }
        return Sampling(temperature: tau, topK: k)
    }
}

enum GenerateLimits {
    /// Characters one `generate` writes (and the longest prompt it reads).
    static let length = 1...100_000
}

/// `generate --json`'s object, keys sorted. `print()` writes it member by member and each
/// character as it is made, so 100,000 characters never exist as one encoder tree.
struct GenerateReport {
    struct Alternative: Encodable {
        let char: String
        /// Under the sampling distribution, softmax(z/τ) over the top K.
        let p: Double
        /// Under the plain softmax(z).
        let p_softmax: Double
    }
    struct Character: Encodable {
        /// 1-based position in the generated text.
        let i: Int
        let char: String
        let p: Double
        let p_softmax: Double
        /// The 5 most likely next characters at this step, best first.
        let top: [Alternative]
    }
    let prompt: String
    let text: String
    let sampling: Sampling
    let seed: UInt64
    /// --window: generation past this many characters runs beyond the training windows.
    let window: Int
    let cell: String
    let vocabulary: Vocabulary
    let generated: [GeneratedCharacter]

    func character(_ index: Int) -> Character {
        let c = generated[index]
        return Character(
            i: index + 1, char: String(vocabulary.symbol(at: c.token)), p: c.probability, p_softmax: c.plainProbability,
            top: c.alternatives.map {
                Alternative(char: String(vocabulary.symbol(at: $0.token)), p: $0.probability, p_softmax: $0.plainProbability)
            })
    }

    func print() throws {
        let writer = JSONStreamWriter()
        writer.beginObject()
        try writer.key("cell")
        try writer.value(cell)
        try writer.key("characters")
        writer.beginArray()
        for index in generated.indices { try writer.value(character(index)) }
        writer.endArray()
        try writer.key("prompt")
        try writer.value(prompt)
        try writer.key("seed")
        try writer.value(seed)
        try writer.key("temperature")
        try writer.value(sampling.temperature)
        try writer.key("text")
        try writer.value(text)
        try writer.key("top_k")  // null when every character may be drawn
        try writer.value(sampling.topK)
        try writer.key("window")
        try writer.value(window)
        writer.endObject()
        try writer.finish()
    }
}
