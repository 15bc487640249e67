/// Everything one forward + backward pass computed for one sequence: the record every
/// screen draws. Steps are numbered from 1, as in the notes.
public struct Trace: Sendable {
    public let config: ModelConfig
    /// The weights the pass ran with.
    public let parameters: Parameters
    /// Input tokens x_1 … x_T.
    public let input: [Int]
    /// `last`: one token (the next character). `every`: T tokens (the input shifted by one).
    public let target: [Int]
    public let loss: Float
    public let steps: [TraceStep]
    /// dL/dθ for every parameter.
    public let gradients: Parameters

    public var length: Int { steps.count }

    /// Step t, 1-based.
    public func step(_ t: Int) -> TraceStep { steps[t - 1] }
}

/// One time step's values. Vectors are [H] unless noted.
public struct TraceStep: Sendable, Equatable {
    public let t: Int
    public let token: Int
    /// x_t, the embedding row of the token.
    public let x: [Float]
    public let hPrev: [Float]
    /// W_ih·x_t (without bias), the input's part of a_t.
    public let inputTerm: [Float]
    /// W_hh·h_{t-1} (without bias), the memory's part of a_t.
    public let recurrentTerm: [Float]
    /// a_t = W_ih x_t + b_ih + W_hh h_{t-1} + b_hh
    public let a: [Float]
    public let h: [Float]
    /// [V] W_hy h_t + b_y, computed at every step (in `last` mode only step T enters the loss).
    public let logits: [Float]
    /// [V] softmax(logits)
    public let probs: [Float]
    /// The target token when this step is in the loss.
    public let target: Int?
    /// −log p(target) when this step is in the loss.
    public let stepLoss: Float?
    /// [V] dL/dlogits = softmax − onehot (zeros where the step is not in the loss).
    public let dLogits: [Float]
    /// W_hyᵀ·dL/dlogits: the part of dL/dh_t from this step's output.
    public let dhFromOutput: [Float]
    /// W_hhᵀ·dL/da_{t+1}: the part of dL/dh_t from step t+1.
    public let dhFromNext: [Float]
    /// dL/dh_t, the total.
    public let dh: [Float]
    /// dL/da_t = dL/dh_t ⊙ f'(a_t)
    public let da: [Float]
}
