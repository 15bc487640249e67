/// The seven tensors of the notes' model, named as PyTorch's `state_dict()` names them.
public enum ParameterName: String, CaseIterable, Sendable {
    /// [V, H] token → input vector x_t
    case embedding = "embedding.weight"
    /// [G·H, H] input → hidden, W_xh in the notes (G gates stacked, one for the plain RNN)
    case weightIH = "rnn.weight_ih_l0"
    /// [G·H, H] hidden → hidden, W_hh
    case weightHH = "rnn.weight_hh_l0"
    /// [G·H] b_ih
    case biasIH = "rnn.bias_ih_l0"
    /// [G·H] b_hh (the notes' b_h is b_ih + b_hh)
    case biasHH = "rnn.bias_hh_l0"
    /// [V, H] hidden → logits, W_hy
    case weightHY = "linear.weight"
    /// [V] b_y
    case biasY = "linear.bias"

    /// The name in the notes' notation, for screens and messages.
    public var notation: String {
        switch self {
        case .embedding: return "E"
        case .weightIH: return "W_xh"
        case .weightHH: return "W_hh"
        case .biasIH: return "b_ih"
        case .biasHH: return "b_hh"
        case .weightHY: return "W_hy"
        case .biasY: return "b_y"
        }
    }
}

/// Sizes of the model: V characters, H hidden units (the embedding is H wide, as in the notes),
/// and the cell, whose G gates make the recurrent tensors G·H rows tall.
public struct ModelShape: Equatable, Sendable {
    public let vocabSize: Int
    public let hidden: Int
    public let cell: CellKind

    public init(vocabSize: Int, hidden: Int, cell: CellKind = .rnn) {
        self.vocabSize = vocabSize
        self.hidden = hidden
        self.cell = cell
    }

    /// G·H, the rows of the stacked recurrent tensors.
    public var gateRows: Int { cell.gateCount * hidden }

    /// PyTorch's shape of each tensor.
    public func shape(of name: ParameterName) -> [Int] {
        switch name {
        case .embedding, .weightHY: return [vocabSize, hidden]
        case .weightIH, .weightHH: return [gateRows, hidden]
        case .biasIH, .biasHH: return [gateRows]
        case .biasY: return [vocabSize]
        }
    }

    public func count(of name: ParameterName) -> Int { shape(of: name).reduce(1, *) }

    /// Where each tensor starts in the flat parameter buffer.
    public func offset(of name: ParameterName) -> Int {
        var offset = 0
        for other in ParameterName.allCases {
            if other == name { return offset }
            offset += count(of: other)
        }
        return offset
    }

    /// Where `name`'s values lie in the flat parameter buffer.
    public func range(of name: ParameterName) -> Range<Int> { offset(of: name) ..< offset(of: name) + count(of: name) }

    public var totalCount: Int { ParameterName.allCases.reduce(0) { $0 + count(of: $1) } }
}
