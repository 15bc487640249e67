import Foundation
import RNNCore

/// The model's reading of a text from h_0 = 0 (the generate view's prompt and generated text,
/// which the neuron view reads too), kept between keys: a key that adds a character reads one
/// step instead of the whole text again (at H=1024 an LSTM's step is a millisecond, and a
/// thousand generated characters a second). Every h_t is kept (the neuron view colours its
/// passage with them) and every `checkpointEvery` steps the whole state, so that taking
/// characters back or changing the end of the text reads at most that many again.
///
/// A step is a deterministic function of the state and the character, so the state reached
/// here is bit for bit the one a reading from h_0 = 0 reaches. It holds for the weights it was
/// made with only (`matches`).
struct TextReading: Sendable {
    static let checkpointEvery = 16

    private(set) var state: GenerationState
    /// The characters read, in order.
    private(set) var tokens: [Int] = []
    /// h_t after each of them.
    private(set) var activations: [[Float]] = []
    /// `checkpoints[i]`: the state after `i * checkpointEvery` characters.
    private var checkpoints: [GenerationState.Checkpoint]
    /// The weights it was read with (the latest model found equal, so that the next check is
    /// one comparison of buffers).
    private var weights: CharRNN

    init(model: CharRNN) {
        state = GenerationState(model: model)
        checkpoints = [state.checkpoint]
        weights = model
    }

    /// Whether `model` has the weights this reading was made with, bit for bit.
    mutating func matches(_ model: CharRNN) -> Bool {
        guard model.config == weights.config else { return false }
        let same = model.parameters.storage.withUnsafeBytes { a in
            weights.parameters.storage.withUnsafeBytes { b in
                a.count == b.count && (a.baseAddress == b.baseAddress || a.count == 0
                    || (a.baseAddress.flatMap { x in b.baseAddress.map { y in memcmp(x, y, a.count) == 0 } } ?? false))
            }
        }
        if same { weights = model }
        return same
    }

    /// Whether `model`'s weights are the very buffer this reading was made with.
    func holds(_ model: CharRNN) -> Bool { model.sharesWeights(with: weights) }

    /// How many characters `advance(to:)` reads to get to `target`.
    func stepsTo(_ target: [Int]) -> Int {
        let common = Self.commonPrefix(tokens, target)
        if common == tokens.count { return target.count - common }
        return target.count - common / Self.checkpointEvery * Self.checkpointEvery
    }

    /// Reads on (or goes back to the last checkpoint within the text both share, then reads on)
    /// until the text read is `target`. Stops early, returning false, once `cancelled` says so
    /// (checked between steps: a job on another thread).
    @discardableResult
    mutating func advance(to target: [Int], cancelled: () -> Bool = { false }) -> Bool {
        var common = Self.commonPrefix(tokens, target)
        if common < tokens.count {
            let index = common / Self.checkpointEvery
            common = index * Self.checkpointEvery
            state.restore(checkpoints[index])
            tokens.removeLast(tokens.count - common)
            activations.removeLast(activations.count - common)
            checkpoints.removeLast(checkpoints.count - index - 1)
        }
        for token in target[common...] {
            if cancelled() { return false }
            state.read(token)
            tokens.append(token)
            activations.append(state.h)
            if tokens.count % Self.checkpointEvery == 0 { checkpoints.append(state.checkpoint) }
        }
        return true
    }

    private static func commonPrefix(_ a: [Int], _ b: [Int]) -> Int {
        var n = 0
        while n < a.count, n < b.count, a[n] == b[n] { n += 1 }
        return n
    }
}
