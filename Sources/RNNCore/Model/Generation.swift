import Localization
import Foundation

/// The next-character distribution generation samples from: softmax(z/τ), computed stably
/// from the logits (the largest subtracted first), optionally restricted to the K most likely
/// characters. τ = 0 is greedy: all the mass on the argmax (ties to the lowest index, `TopK`).
public struct Sampling: Equatable, Sendable {
    /// τ, finite and ≥ 0.
    public var temperature: Double
    /// Only the K highest logits may be drawn (nil: every character).
    public var topK: Int?

    public init(temperature: Double, topK: Int? = nil) {
        self.temperature = temperature
        self.topK = topK
    }

    /// The temperatures the explorer's keys step through.
    public static let presetTemperatures: [Double] = [0, 0.5, 1, 1.5, 2]

    /// The plain softmax p = softmax(z), in Double, max-subtracted.
    public static func softmax(_ logits: [Float]) -> [Double] {
        tempered(logits, temperature: 1, among: nil)
    }

    /// The distribution characters are drawn from: softmax(z/τ) over the top K (zero elsewhere);
    /// a one-hot on the argmax when τ = 0.
    public func distribution(_ logits: [Float]) -> [Double] {
        guard !logits.isEmpty else { return [] }
        let allowed: [Int]? = topK.map { TopK.indices(logits, count: $0) }
        if temperature == 0 {
            var p = [Double](repeating: 0, count: logits.count)
            if let best = allowed?.first ?? TopK.argmax(logits) { p[best] = 1 }
            return p
        }
        return Self.tempered(logits, temperature: temperature, among: allowed)
    }

    /// softmax((z − max z)/τ) over `among` (every index when nil).
    private static func tempered(_ logits: [Float], temperature: Double, among: [Int]?) -> [Double] {
        let indices = among ?? Array(logits.indices)
        var p = [Double](repeating: 0, count: logits.count)
        guard let top = indices.map({ Double(logits[$0]) }).max() else { return p }
        var sum = 0.0
        for i in indices {
            let e = exp((Double(logits[i]) - top) / temperature)
            p[i] = e
            sum += e
        }
        guard sum > 0, sum.isFinite else { return p }
        for i in indices { p[i] /= sum }
        return p
    }

    /// H(p) = −Σ p log p, in nats.
    public static func entropy(_ p: [Double]) -> Double {
        p.reduce(0) { $1 > 0 ? $0 - $1 * log($1) : $0 }
    }

    /// One index drawn from `p` with `generator` (one `unitDouble()` per draw); the argmax of
    /// `p` when it is a one-hot, so greedy generation consumes no randomness it depends on.
    public static func draw(_ p: [Double], using generator: inout SeededGenerator) -> Int {
        let u = generator.unitDouble()
        var cumulative = 0.0, last = 0
        for (i, value) in p.enumerated() where value > 0 {
            cumulative += value
            last = i
            if u < cumulative { return i }
        }
        return last  // rounding left the sum a hair under u
    }
}

/// The model read one character at a time, carrying h (and an LSTM's c) from step to step,
/// as char-rnn generates: the prompt is read from h_0 = 0, then each generated character is fed
/// back. Each step is the cell's own forward step (`RNNCellMath.forward`,
/// `GatedCellMath.forward`), the one the training pass runs.
///
/// Every product is the plain one, each output's sum taken over k = 0, 1, … in order (one
/// multiply and one add per term, never fused), so the values are those of the textbook loop
/// bit for bit. The weights are laid out once per state for that (`GenerationWeights`): W_ih x_t
/// + b_ih for every character (x_t is a row of the embedding), W_hhᵀ and W_hyᵀ, so that the
/// sums of 16 outputs run side by side in one vector: an H=1024 LSTM's step takes about a
/// millisecond instead of ten.
public struct GenerationState: Sendable {
    public let model: CharRNN
    /// h_t after the characters read so far (zeros before any).
    public private(set) var h: [Float]
    /// The LSTM's memory c_t (empty for the other cells).
    public private(set) var c: [Float]
    /// Logits for the next character (nil before any character is read).
    public private(set) var logits: [Float]?
    /// How many characters have been read.
    public private(set) var steps = 0

    private let weights: GenerationWeights

    /// Where a state stands after some characters: restoring it continues from there.
    public struct Checkpoint: Sendable, Equatable {
        public let h: [Float]
        public let c: [Float]
        public let logits: [Float]?
        public let steps: Int
    }

    public init(model: CharRNN) {
        self.model = model
        weights = GenerationWeights(model: model)
        let H = model.config.hidden
        h = [Float](repeating: 0, count: H)
        c = model.config.cell == .lstm ? [Float](repeating: 0, count: H) : []
    }

    /// Where the state stands now.
    public var checkpoint: Checkpoint { Checkpoint(h: h, c: c, logits: logits, steps: steps) }

    /// Goes back (or on) to `checkpoint`, taken from a state of the same model.
    public mutating func restore(_ checkpoint: Checkpoint) {
        precondition(checkpoint.h.count == h.count, "a checkpoint of another model")
        h = checkpoint.h
        c = checkpoint.c
        logits = checkpoint.logits
        steps = checkpoint.steps
    }

    /// Reads one character (a token index) and returns the logits for the next one.
    @discardableResult
    public mutating func read(_ token: Int) -> [Float] {
        let H = model.config.hidden, V = model.config.vocabulary.count
        let q = weights.inputTerm(token)     // W_ih x_t + b_ih
        let k = weights.recurrentTerm(h)     // W_hh h_{t-1} + b_hh
        var next = [Float](repeating: 0, count: H)
        // One step of the cell by the same functions the training pass runs (`CellMath`), so
        // each cell's equations are written once.
        switch model.config.cell {
        case .rnn:  // h_t = f(W_hh h_{t-1} + b_hh + W_ih x_t + b_ih), q as a one-row table
            var a = [Float](repeating: 0, count: H), row: Int32 = 0
            let f = model.config.activation
            a.withUnsafeMutableBufferPointer { a in
                next.withUnsafeMutableBufferPointer { next in
                    k.withUnsafeBufferPointer { k in
                        q.withUnsafeBufferPointer { q in
                            guard let ap = a.baseAddress, let np = next.baseAddress, let kp = k.baseAddress, let qp = q.baseAddress
                            else { return }
                            RNNCellMath.forward(a: ap, h: np, product: kp, table: qp, tokens: &row, rows: 1, width: H, f)
                        }
                    }
                }
            }
        case .gru:
            Self.gatedStep(GRUCellMath.self, q, k, h, &next, &c)
        case .lstm:
            Self.gatedStep(LSTMCellMath.self, q, k, h, &next, &c)
        }
        h = next
        let y = weights.output(h)
        precondition(y.count == V)
        logits = y
        steps += 1
        return y
    }

    /// One step of a gated cell (`GatedCellMath.forward`) from q = W_ih x_t + b_ih and
    /// k = W_hh h_{t-1} + b_hh: h_t into `next`, and c_{t-1} → c_t in `c` for the LSTM.
    private static func gatedStep<Cell: GatedCellMath>(
        _ cell: Cell.Type, _ q: [Float], _ k: [Float], _ hPrev: [Float], _ next: inout [Float], _ c: inout [Float]
    ) {
        let H = hPrev.count
        var gates = [Float](repeating: 0, count: Cell.gates.count * H)
        let cPrev = Cell.hasCellState ? c : [Float](repeating: 0, count: H)
        var cNext = [Float](repeating: 0, count: H), tanhC = [Float](repeating: 0, count: H)
        q.withUnsafeBufferPointer { q in
            k.withUnsafeBufferPointer { k in
                hPrev.withUnsafeBufferPointer { hPrev in
                    cPrev.withUnsafeBufferPointer { cPrev in
                        gates.withUnsafeMutableBufferPointer { gates in
                            next.withUnsafeMutableBufferPointer { next in
                                cNext.withUnsafeMutableBufferPointer { cNext in
                                    tanhC.withUnsafeMutableBufferPointer { tanhC in
                                        guard let qp = q.baseAddress, let kp = k.baseAddress, let hp = hPrev.baseAddress,
                                              let cp = cPrev.baseAddress, let gp = gates.baseAddress, let np = next.baseAddress,
                                              let cn = cNext.baseAddress, let tp = tanhC.baseAddress
                                        else { return }
                                        Cell.forward(
                                            GatedStepForward(
                                                inputTerm: qp, hiddenTerm: kp, gates: gp, hPrev: hp, h: np, cPrev: cp, c: cn, tanhC: tp),
                                            hidden: H)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        if Cell.hasCellState { c = cNext }
    }
}

/// One generated character, with what it was drawn from.
public struct GeneratedCharacter: Equatable, Sendable {
    public let token: Int
    /// Its probability under the distribution it was drawn from (softmax(z/τ), top-K).
    public let probability: Double
    /// Its probability under the plain softmax(z).
    public let plainProbability: Double
    /// The 5 most likely characters under the sampling distribution (ranked by logit), with
    /// their sampling and plain probabilities.
    public let alternatives: [(token: Int, probability: Double, plainProbability: Double)]

    public static func == (a: GeneratedCharacter, b: GeneratedCharacter) -> Bool {
        a.token == b.token && a.probability == b.probability && a.plainProbability == b.plainProbability
            && a.alternatives.map(\.token) == b.alternatives.map(\.token)
    }
}

/// Prompt in, `length` characters out: the model's text generation.
public struct TextGenerator: Sendable {
    public var state: GenerationState
    public var sampling: Sampling
    public var generator: SeededGenerator

    public init(model: CharRNN, sampling: Sampling, seed: UInt64) {
        state = GenerationState(model: model)
        self.sampling = sampling
        generator = SeededGenerator(seed: seed)
    }

    /// Reads the prompt (token indices) from h_0 = 0.
    public mutating func read(prompt: [Int]) {
        for token in prompt { state.read(token) }
    }

    /// The next character: drawn from the current logits, then fed back. Nil before the prompt
    /// has been read.
    public mutating func next(alternatives: Int = 5) throws -> GeneratedCharacter? {
        guard let logits = state.logits else { return nil }
        guard logits.allSatisfy(\.isFinite) else {
            throw RNNScopeError(Message("error.generate.not_finite"))
        }
        let p = sampling.distribution(logits)
        let plain = Sampling.softmax(logits)
        let token = Sampling.draw(p, using: &generator)
        let top = TopK.indices(logits, count: alternatives)
        let character = GeneratedCharacter(
            token: token, probability: p[token], plainProbability: plain[token],
            alternatives: top.map { ($0, p[$0], plain[$0]) })
        state.read(token)
        return character
    }
}
