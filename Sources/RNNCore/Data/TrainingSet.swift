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
    /// Characters between the starts of consecutive windows (the notes: 1, every window).
    public let stride: Int
    public let lossMode: LossMode
    /// [T, B] input tokens.
    public let inputs: [Int32]
    /// `last`: [B] next characters. `every`: [T, B], the input shifted by one.
    public let targets: [Int32]

    /// Every run of `window` characters of `text`, as the notes slice it; with `stride` > 1
    /// only every stride-th one (long windows over a long text would otherwise hold
    /// (length − window) × window steps).
    public init(text: String, vocabulary: Vocabulary, window: Int, lossMode: LossMode, stride: Int = 1) throws {
        let tokens = try vocabulary.encode(text)
        guard window >= 1 else { throw RNNScopeError("window must be at least 1") }
        guard stride >= 1 else { throw RNNScopeError("stride must be at least 1") }
        guard tokens.count >= window + 1 else {
            throw RNNScopeError("the text has \(tokens.count) characters; window \(window) needs at least \(window + 1)")
        }
        let count = (tokens.count - window - 1) / stride + 1
        var inputs = [Int32](repeating: 0, count: window * count)
        var targets = [Int32](repeating: 0, count: lossMode == .last ? count : window * count)
        for b in 0..<count {
            let start = b * stride
            for t in 0..<window {
                inputs[t * count + b] = Int32(tokens[start + t])
                if lossMode == .every { targets[t * count + b] = Int32(tokens[start + t + 1]) }
            }
            if lossMode == .last { targets[b] = Int32(tokens[start + window]) }
        }
        self.init(window: window, count: count, stride: stride, lossMode: lossMode, inputs: inputs, targets: targets)
    }

    private init(window: Int, count: Int, stride: Int, lossMode: LossMode, inputs: [Int32], targets: [Int32]) {
        self.window = window
        self.count = count
        self.stride = stride
        self.lossMode = lossMode
        self.inputs = inputs
        self.targets = targets
    }

    /// Windows `range` (0-based, in window order) as a set of their own.
    public func windows(_ range: Range<Int>) -> TrainingSet {
        precondition(range.lowerBound >= 0 && range.upperBound <= count && !range.isEmpty)
        let n = range.count
        var inputs = [Int32](repeating: 0, count: window * n)
        var targets = [Int32](repeating: 0, count: lossMode == .last ? n : window * n)
        for t in 0..<window {
            for (b, source) in range.enumerated() {
                inputs[t * n + b] = self.inputs[t * count + source]
                if lossMode == .every { targets[t * n + b] = self.targets[t * count + source] }
            }
        }
        if lossMode == .last { for (b, source) in range.enumerated() { targets[b] = self.targets[source] } }
        return TrainingSet(window: window, count: n, stride: stride, lossMode: lossMode, inputs: inputs, targets: targets)
    }

    /// The first `count − holdout` windows to train on and the last `holdout` to validate on
    /// (nil when `holdout` is 0: then `training` is this very set, bit for bit).
    public func split(holdout: Int) -> (training: TrainingSet, validation: TrainingSet?) {
        guard holdout > 0 else { return (self, nil) }
        precondition(holdout < count, "a holdout must leave a window to train on")
        return (windows(0..<(count - holdout)), windows((count - holdout)..<count))
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

extension TrainingSet {
    /// Steps of all windows together the interactive screens keep (one epoch's work and memory).
    public static let interactiveStepBudget = 12_000

    /// The smallest stride that keeps windows × window within `budget` steps, so that an epoch
    /// and its buffers stay bounded however long the window (by default the interactive
    /// screens' budget).
    public static func stride(textLength: Int, window: Int, budget: Int = interactiveStepBudget) -> Int {
        let windows = max(1, textLength - window)
        let total = windows * window
        return max(1, (total + budget - 1) / max(1, budget))
    }
}
