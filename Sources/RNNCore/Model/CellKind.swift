/// The recurrent cell: the notes' plain RNN, or one of the gated cells that fix its vanishing
/// gradient. Gated cells use PyTorch's equations and stack their gates in its order.
public enum CellKind: String, CaseIterable, Sendable {
    case rnn
    case gru
    case lstm

    /// Gates stacked in W_ih, W_hh and the biases, in PyTorch's order: r, z, n for `nn.GRU`,
    /// i, f, g, o for `nn.LSTM`. The plain RNN has one block, its pre-activation.
    public var gateNames: [String] {
        switch self {
        case .rnn: return ["a"]
        case .gru: return ["r", "z", "n"]
        case .lstm: return ["i", "f", "g", "o"]
        }
    }

    public var gateCount: Int { gateNames.count }

    public var isGated: Bool { self != .rnn }

    /// The block of W_hh that plays the plain RNN's W_hh: the one feeding the candidate state
    /// (GRU's n, LSTM's g). The analysis of σ_max and ρ looks at this block.
    public var candidateGate: Int {
        switch self {
        case .rnn: return 0
        case .gru: return 2
        case .lstm: return 2
        }
    }

    /// The gate that carries memory, and its gradient, straight across a step: GRU's update
    /// gate z (h' = … + z ⊙ h), LSTM's forget gate f (c' = f ⊙ c + …). Nil for the RNN.
    public var keepGate: Int? { isGated ? 1 : nil }

    /// The letter of `keepGate` ("z" or "f"), or "" for the RNN.
    public var keepGateName: String { keepGate.map { gateNames[$0] } ?? "" }

    /// The H×H matrix that σ_max, ρ and the W_hh presets describe: W_hh itself, or the block
    /// of a gated cell's W_hh that feeds its candidate.
    public var recurrentMatrixName: String {
        switch self {
        case .rnn: return "W_hh"
        case .gru: return "W_hn"
        case .lstm: return "W_hg"
        }
    }

    /// The name used on screens and in messages.
    public var title: String {
        switch self {
        case .rnn: return "RNN"
        case .gru: return "GRU"
        case .lstm: return "LSTM"
        }
    }
}
