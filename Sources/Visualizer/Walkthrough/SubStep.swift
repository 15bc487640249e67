import RNNCore

/// Which way the walk-through is going.
public enum Phase: String, Sendable {
    case forward
    case backward
}

/// One key press of the walk-through: a piece of the forward pass or of BPTT at step t.
/// Which pieces a step has depends on the cell (`sequence(_:cell:)`).
public enum SubStep: Hashable, Sendable {
    case forward(Forward)
    case backward(Backward)

    /// The pieces of a forward step, in the order the models compute them.
    public enum Forward: Int, CaseIterable, Sendable {
        // Plain RNN
        case embed, inputTerm, recurrentTerm, preactivation, activation
        /// Gated cells: gate k in PyTorch's order (GRU r, z, n; LSTM i, f, g, o).
        case gate0, gate1, gate2, gate3
        /// LSTM: c_t = f ⊙ c_{t-1} + i ⊙ g.
        case cellState
        /// Gated cells: GRU h_t = (1 − z) ⊙ n + z ⊙ h_{t-1}; LSTM h_t = o ⊙ tanh(c_t).
        case newHidden
        case logits, softmax, loss

        /// The plain RNN's forward step.
        public static let rnn: [Forward] = [.embed, .inputTerm, .recurrentTerm, .preactivation, .activation, .logits, .softmax, .loss]
    }

    /// The pieces of BPTT at one step, from the output back to h_{t-1}.
    public enum Backward: Int, CaseIterable, Sendable {
        case dLogits, dHidden
        /// LSTM: the gradient reaching the cell state.
        case dCell
        /// Plain RNN: through f'(a_t).
        case dPreactivation
        /// Gated cells: through each gate's σ or tanh.
        case dGates
        case weightGradients, dHiddenPrevious

        public static let rnn: [Backward] = [.dLogits, .dHidden, .dPreactivation, .weightGradients, .dHiddenPrevious]
    }

    /// Every sub-step of one time step in `phase` for `cell`, in order.
    public static func sequence(_ phase: Phase, cell: CellKind) -> [SubStep] {
        switch (phase, cell) {
        case (.forward, .rnn): return Forward.rnn.map(SubStep.forward)
        case (.forward, .gru):
            return [.forward(.embed), .forward(.gate0), .forward(.gate1), .forward(.gate2), .forward(.newHidden),
                    .forward(.logits), .forward(.softmax), .forward(.loss)]
        case (.forward, .lstm):
            return [.forward(.embed), .forward(.gate0), .forward(.gate1), .forward(.gate2), .forward(.gate3),
                    .forward(.cellState), .forward(.newHidden), .forward(.logits), .forward(.softmax), .forward(.loss)]
        case (.backward, .rnn): return Backward.rnn.map(SubStep.backward)
        case (.backward, .gru):
            return [.backward(.dLogits), .backward(.dHidden), .backward(.dGates), .backward(.weightGradients), .backward(.dHiddenPrevious)]
        case (.backward, .lstm):
            return [.backward(.dLogits), .backward(.dHidden), .backward(.dCell), .backward(.dGates), .backward(.weightGradients),
                    .backward(.dHiddenPrevious)]
        }
    }

    public var phase: Phase {
        if case .forward = self { return .forward }
        return .backward
    }

    /// Position within its phase and the phase's length, for "sub-step 3/8". A sub-step of
    /// another cell counts as the first.
    public func position(cell: CellKind) -> (index: Int, count: Int) {
        let all = Self.sequence(phase, cell: cell)
        return (all.firstIndex(of: self) ?? 0, all.count)
    }

    public static func first(of phase: Phase, cell: CellKind) -> SubStep { sequence(phase, cell: cell)[0] }

    public static func last(of phase: Phase, cell: CellKind) -> SubStep { sequence(phase, cell: cell).last ?? first(of: phase, cell: cell) }

    /// The next sub-step in the same phase, or nil at the end.
    public func next(cell: CellKind) -> SubStep? {
        let all = Self.sequence(phase, cell: cell)
        guard let index = all.firstIndex(of: self), index + 1 < all.count else { return nil }
        return all[index + 1]
    }

    public func previous(cell: CellKind) -> SubStep? {
        let all = Self.sequence(phase, cell: cell)
        guard let index = all.firstIndex(of: self), index > 0 else { return nil }
        return all[index - 1]
    }

    /// This sub-step if `cell` has it, else the nearest one it has (after a cell change).
    public func fitted(to cell: CellKind) -> SubStep {
        let all = Self.sequence(phase, cell: cell)
        if all.contains(self) { return self }
        switch self {
        case .forward(let f) where f.rawValue >= Forward.logits.rawValue: return self
        case .backward(.dLogits), .backward(.dHidden), .backward(.weightGradients), .backward(.dHiddenPrevious): return self
        default: return all[1]  // the cell's first computing piece
        }
    }

    /// A short name for the status line.
    public func name(cell: CellKind) -> String {
        let gates = cell.gateNames
        switch self {
        case .forward(.embed): return "embed x_t"
        case .forward(.inputTerm): return "W_xh x_t + b_ih"
        case .forward(.recurrentTerm): return "W_hh h_{t-1} + b_hh"
        case .forward(.preactivation): return "a_t"
        case .forward(.activation): return "h_t = f(a_t)"
        case .forward(.gate0), .forward(.gate1), .forward(.gate2), .forward(.gate3):
            guard case .forward(let f) = self else { return "" }
            let index = f.rawValue - Forward.gate0.rawValue
            return index < gates.count ? GateInfo(cell: cell, index: index).title : "gate"
        case .forward(.cellState): return "c_t = f⊙c_{t-1} + i⊙g"
        case .forward(.newHidden): return cell == .lstm ? "h_t = o⊙tanh(c_t)" : "h_t = (1−z)⊙n + z⊙h_{t-1}"
        case .forward(.logits): return "logits"
        case .forward(.softmax): return "softmax"
        case .forward(.loss): return "loss"
        case .backward(.dLogits): return "dL/dlogits"
        case .backward(.dHidden): return "dL/dh_t"
        case .backward(.dCell): return "dL/dc_t"
        case .backward(.dPreactivation): return "dL/da_t"
        case .backward(.dGates): return "dL/d(gates)"
        case .backward(.weightGradients): return "dW, db"
        case .backward(.dHiddenPrevious): return "dL/dh_{t-1}"
        }
    }

    /// The gate a forward sub-step computes (0-based, PyTorch's order), if it is one.
    public var gateIndex: Int? {
        guard case .forward(let f) = self, (Forward.gate0.rawValue...Forward.gate3.rawValue).contains(f.rawValue) else { return nil }
        return f.rawValue - Forward.gate0.rawValue
    }

    /// The forward sub-step that computes gate `index`.
    public static func gate(_ index: Int) -> SubStep {
        .forward(Forward(rawValue: Forward.gate0.rawValue + min(max(index, 0), 3)) ?? .gate0)
    }
}

/// What each gate of a gated cell is for, in the words the screens use.
public struct GateInfo: Sendable {
    public let cell: CellKind
    public let index: Int

    public var letter: String { cell.gateNames[index] }

    /// e.g. "z_t update gate".
    public var title: String { "\(letter)_t \(role)" }

    public var role: String {
        switch (cell, letter) {
        case (.gru, "r"): return "reset gate"
        case (.gru, "z"): return "update gate"
        case (.gru, "n"): return "candidate"
        case (.lstm, "i"): return "input gate"
        case (.lstm, "f"): return "forget gate"
        case (.lstm, "g"): return "candidate"
        case (.lstm, "o"): return "output gate"
        default: return "gate"
        }
    }

    /// The gate's squashing function: tanh for candidates, σ for the others.
    public var squash: String { letter == "n" || letter == "g" ? "tanh" : "σ" }

    /// The formula in PyTorch's notation.
    public var formula: String {
        let l = letter
        if cell == .gru && l == "n" { return "n_t = tanh(W_in x_t + b_in + r_t ⊙ (W_hn h_{t-1} + b_hn))" }
        return "\(l)_t = \(squash)(W_i\(l) x_t + b_i\(l) + W_h\(l) h_{t-1} + b_h\(l))"
    }

    /// What the gate does, in one sentence.
    public var meaning: String {
        switch (cell, letter) {
        case (.gru, "r"): return "how much of the old memory the candidate may read"
        case (.gru, "z"): return "how much of h_{t-1} to keep: z ≈ 1 copies the memory (and its gradient) through"
        case (.gru, "n"): return "the new content proposed for the memory"
        case (.lstm, "i"): return "how much of the candidate to write into the cell"
        case (.lstm, "f"): return "how much of c_{t-1} to keep: f ≈ 1 carries the memory (and its gradient) along"
        case (.lstm, "g"): return "the new content proposed for the cell"
        case (.lstm, "o"): return "how much of the cell to show as h_t"
        default: return ""
        }
    }
}

/// The panels a sub-step draws attention to.
public enum Panel: Hashable, Sendable, CaseIterable {
    case timeline, x, hPrev, a, h, softmax, dh, da, unrolled, gradientBars, formula, loss, weights, gates, cell
}
