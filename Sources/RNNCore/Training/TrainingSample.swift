/// The short generated text `train --sample-every` and the explorer's training view show while
/// a model trains (char-rnn's samples): `length` characters after `prompt`, drawn from
/// softmax(z/τ) with a seeded generator (τ = 0: greedy), so the same seed gives the same text.
public struct TrainingSample: Sendable, Equatable {
    public var prompt: [Int]
    public var length: Int
    public var temperature: Double
    public var seed: UInt64

    public static let defaultLength = 60
    /// Steps between samples when none is asked for (the explorer's training view).
    public static let defaultEvery = 50

    public init(prompt: [Int], length: Int = defaultLength, temperature: Double = 1, seed: UInt64 = 0) {
        self.prompt = prompt
        self.length = length
        self.temperature = temperature
        self.seed = seed
    }

    /// The prompt: the text's first character (the first window's first one).
    public static func firstCharacter(of text: String, vocabulary: Vocabulary) -> [Int] {
        text.unicodeScalars.first.flatMap { vocabulary.index(of: $0) }.map { [$0] } ?? [0]
    }

    /// The generated characters (without the prompt).
    public func generate(with model: CharRNN) throws -> String {
        var generator = TextGenerator(model: model, sampling: Sampling(temperature: temperature), seed: seed)
        generator.read(prompt: prompt)
        var tokens: [Int] = []
        tokens.reserveCapacity(length)
        for _ in 0..<length {
            guard let next = try generator.next(alternatives: 0) else { break }
            tokens.append(next.token)
        }
        return model.config.vocabulary.decode(tokens)
    }
}
