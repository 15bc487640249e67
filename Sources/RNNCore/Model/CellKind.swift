/// The recurrent cell: the notes' plain RNN, or one of the gated cells that fix its vanishing
/// gradient. Gated cells use PyTorch's equations and stack their gates in its order.
///
/// Each case's maths lives in one type under Sources/RNNCore/Cells/; `math` is the one place
/// that maps a case to it. A new cell is a new `CellMath` type and a new case here.
public enum CellKind: String, CaseIterable, Sendable {
    case rnn
    case gru
    case lstm

    /// The type holding this cell's gates, pass, state Jacobian and reference pass.
    var math: any CellMath.Type {
        switch self {
        case .rnn: return RNNCellMath.self
        case .gru: return GRUCellMath.self
        case .lstm: return LSTMCellMath.self
        }
    }

    /// Gates stacked in W_ih, W_hh and the biases, in PyTorch's order: r, z, n for `nn.GRU`,
    /// i, f, g, o for `nn.LSTM`. The plain RNN has one block, its pre-activation.
    public var gateNames: [String] { math.gates.map(\.name) }

    /// The number of blocks stacked in W_ih, W_hh and the biases (G).
    public var gateCount: Int { math.gates.count }

    /// Whether the cell has gates (false for the plain RNN).
    public var isGated: Bool { math.isGated }

    /// The block of W_hh that plays the plain RNN's W_hh: the one feeding the candidate state
    /// (GRU's n, LSTM's g). The analysis of σ_max and ρ looks at this block.
    public var candidateGate: Int { math.candidateGate }

    /// The gate that carries memory, and its gradient, straight across a step: GRU's update
    /// gate z (h' = … + z ⊙ h), LSTM's forget gate f (c' = f ⊙ c + …). Nil for the RNN.
    public var keepGate: Int? { math.keepGate }

    /// The letter of `keepGate` ("z" or "f"), or "" for the RNN.
    public var keepGateName: String { keepGate.map { gateNames[$0] } ?? "" }

    /// The H×H matrix that σ_max, ρ and the W_hh presets describe: W_hh itself, or the block
    /// of a gated cell's W_hh that feeds its candidate.
    public var recurrentMatrixName: String { math.recurrentMatrixName }

    /// The name used on screens and in messages.
    public var title: String { math.title }
}
