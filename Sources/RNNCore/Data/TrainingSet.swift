import Localization

/// Which steps of a sequence contribute to the loss.
public enum LossMode: String, CaseIterable, Sendable {
    /// The notes' code: cross-entropy on the final step only.
    case last
    /// The notes' formula: cross-entropy summed over every step.
    case every
}

/// All training windows of a text. The text is held once, as one array of tokens; a window is
/// an offset into it, and a batch of windows is copied out time-major when it is trained on
/// (`batch(_:)`: `inputs[t * n + b]` is the token at step t (0-based) of the batch's window b).
/// So memory grows with the batch, never with the number of windows.
public struct TrainingSet: Sendable {
    public let window: Int
    public let count: Int
    /// Characters between the starts of consecutive windows (the notes: 1, every window).
    public let stride: Int
    public let lossMode: LossMode
    /// The text's tokens (shared by every set split from this one).
    let tokens: [Int32]
    /// Where window 0 starts in `tokens`.
    let offset: Int

    /// Every run of `window` characters of `text`, as the notes slice it; with `stride` > 1
    /// only every stride-th one (long windows over a long text would otherwise hold
    /// (length − window) × window steps).
    public init(text: String, vocabulary: Vocabulary, window: Int, lossMode: LossMode, stride: Int = 1) throws {
        let tokens = try vocabulary.encode32(text)
        guard window >= 1 else { throw RNNScopeError(Message("error.data.window_min")) }
        guard stride >= 1 else { throw RNNScopeError(Message("error.data.stride_min")) }
        guard tokens.count >= window + 1 else {
            throw RNNScopeError(Message("error.data.text_short", ["length": String(tokens.count), "window": String(window), "needed": String(window + 1)]))
        }
        let count = (tokens.count - window - 1) / stride + 1
        self.init(window: window, count: count, stride: stride, lossMode: lossMode, tokens: tokens, offset: 0)
    }

    private init(window: Int, count: Int, stride: Int, lossMode: LossMode, tokens: [Int32], offset: Int) {
        self.window = window
        self.count = count
        self.stride = stride
        self.lossMode = lossMode
        self.tokens = tokens
        self.offset = offset
    }

    /// [T, B] input tokens of every window (B = `count`): the full batch.
    public var inputs: [Int32] { batch(0..<count).inputs }
    /// `last`: [B] next characters. `every`: [T, B], the input shifted by one.
    public var targets: [Int32] { batch(0..<count).targets }

    /// Windows `windows` (0-based indices, in the order given) copied out time-major: inputs
    /// [T, n], targets [n] (`last`) or [T, n] (`every`), n = the number of windows.
    public func batch<C: Collection>(_ windows: C) -> (inputs: [Int32], targets: [Int32]) where C.Element: BinaryInteger {
        let n = windows.count
        var inputs = [Int32](repeating: 0, count: window * n)
        var targets = [Int32](repeating: 0, count: lossMode == .last ? n : window * n)
        tokens.withUnsafeBufferPointer { x in
            for (b, index) in windows.enumerated() {
                let w = Int(index)
                precondition(w >= 0 && w < count, "window \(w) of \(count)")
                let start = offset + w * stride
                for t in 0..<window {
                    inputs[t * n + b] = x[start + t]
                    if lossMode == .every { targets[t * n + b] = x[start + t + 1] }
                }
                if lossMode == .last { targets[b] = x[start + window] }
            }
        }
        return (inputs, targets)
    }

    /// Windows `range` (0-based, in window order) as a set of their own (sharing the tokens).
    public func windows(_ range: Range<Int>) -> TrainingSet {
        precondition(range.lowerBound >= 0 && range.upperBound <= count && !range.isEmpty)
        return TrainingSet(
            window: window, count: range.count, stride: stride, lossMode: lossMode, tokens: tokens,
            offset: offset + range.lowerBound * stride)
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
        let start = offset + b * stride
        let input = (0..<window).map { Int(tokens[start + $0]) }
        let target: [Int] = lossMode == .last
            ? [Int(tokens[start + window])]
            : (0..<window).map { Int(tokens[start + $0 + 1]) }
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
