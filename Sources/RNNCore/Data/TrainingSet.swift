/// Which steps of a sequence contribute to the loss.
public enum LossMode: String, CaseIterable, Sendable {
    /// The notes' code: cross-entropy on the final step only.
    case last
    /// The notes' formula: cross-entropy summed over every step.
    case every
}

/// All training windows of a text, stored time-major for the batched pass:
/// `inputs[t * count + b]` is the token at step t (0-based) of window b.
public struct TrainingSet: Sendable {
    public let window: Int
    public let count: Int
    public let lossMode: LossMode
    /// [T, B] input tokens.
    public let inputs: [Int32]
    /// `last`: [B] next characters. `every`: [T, B], the input shifted by one.
    public let targets: [Int32]

    /// Every run of `window` characters of `text`, as the notes slice it.
    public init(text: String, vocabulary: Vocabulary, window: Int, lossMode: LossMode) throws {
        let tokens = try vocabulary.encode(text)
        guard window >= 1 else { throw RNNScopeError("window must be at least 1") }
        guard tokens.count >= window + 1 else {
            throw RNNScopeError("the text has \(tokens.count) characters; window \(window) needs at least \(window + 1)")
        }
        let count = tokens.count - window
        var inputs = [Int32](repeating: 0, count: window * count)
        var targets = [Int32](repeating: 0, count: lossMode == .last ? count : window * count)
        for b in 0..<count {
            for t in 0..<window {
                inputs[t * count + b] = Int32(tokens[b + t])
                if lossMode == .every { targets[t * count + b] = Int32(tokens[b + t + 1]) }
            }
            if lossMode == .last { targets[b] = Int32(tokens[b + window]) }
        }
        self.window = window
        self.count = count
        self.lossMode = lossMode
        self.inputs = inputs
        self.targets = targets
    }

    /// Window b as (input, target) strings, for showing which window is on screen.
    public func window(_ b: Int, vocabulary: Vocabulary) -> (input: String, target: String) {
        let input = (0..<window).map { Int(inputs[$0 * count + b]) }
        let target: [Int] = lossMode == .last
            ? [Int(targets[b])]
            : (0..<window).map { Int(targets[$0 * count + b]) }
        return (vocabulary.decode(input), vocabulary.decode(target))
    }
}
