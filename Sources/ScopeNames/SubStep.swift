/// One key press of the walk-through: a piece of the forward pass or of BPTT at step t.
/// Which pieces a step has, and in what order, is each cell's walk-through's business
/// (`CellWalkthrough.sequence` in the Visualizer); this is only the shared vocabulary.
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
    }

    /// The pieces of BPTT at one step, from the output back to h_{t-1}.
    public enum Backward: Int, CaseIterable, Sendable {
        case dLogits
        /// The output layer's gradients from this step: dW_hy += dL/dz_t h_tᵀ, db_y += dL/dz_t.
        case outputGradients
        case dHidden
        /// LSTM: the gradient reaching the cell state.
        case dCell
        /// Plain RNN: through f'(a_t).
        case dPreactivation
        /// Gated cells: through each gate's σ or tanh.
        case dGates
        case weightGradients
        /// The embedding's gradient from this step: only row c_t of E, the row x_t was read from.
        case embeddingGradient
        case dHiddenPrevious
    }

    public var phase: Phase {
        if case .forward = self { return .forward }
        return .backward
    }

    /// The gate a forward sub-step computes (0-based, PyTorch's order), if it is one.
    public var gateIndex: Int? {
        guard case .forward(let f) = self, (Forward.gate0.rawValue...Forward.gate3.rawValue).contains(f.rawValue) else { return nil }
        return f.rawValue - Forward.gate0.rawValue
    }

    /// The forward sub-step that computes gate `index` (clamped to 0…3).
    public static func gate(_ index: Int) -> SubStep {
        .forward(Forward(rawValue: Forward.gate0.rawValue + min(max(index, 0), 3)) ?? .gate0)
    }
}
