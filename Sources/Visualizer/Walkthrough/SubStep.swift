/// Which way the walk-through is going.
public enum Phase: String, Sendable {
    case forward
    case backward
}

/// One key press of the walk-through: a piece of the forward pass or of BPTT at step t.
public enum SubStep: Hashable, Sendable {
    case forward(Forward)
    case backward(Backward)

    /// The forward pass at one step, in the order the model computes it.
    public enum Forward: Int, CaseIterable, Sendable {
        case embed, inputTerm, recurrentTerm, preactivation, activation, logits, softmax, loss
    }

    /// BPTT at one step, from the output back to h_{t-1}.
    public enum Backward: Int, CaseIterable, Sendable {
        case dLogits, dHidden, dPreactivation, weightGradients, dHiddenPrevious
    }

    public var phase: Phase {
        if case .forward = self { return .forward }
        return .backward
    }

    /// Position within its phase and the phase's length, for "sub-step 3/8".
    public var position: (index: Int, count: Int) {
        switch self {
        case .forward(let f): return (f.rawValue, Forward.allCases.count)
        case .backward(let b): return (b.rawValue, Backward.allCases.count)
        }
    }

    public static func first(of phase: Phase) -> SubStep {
        phase == .forward ? .forward(.embed) : .backward(.dLogits)
    }

    public static func last(of phase: Phase) -> SubStep {
        phase == .forward ? .forward(.loss) : .backward(.dHiddenPrevious)
    }

    /// The next sub-step in the same phase, or nil at the end.
    public var next: SubStep? {
        switch self {
        case .forward(let f): return Forward(rawValue: f.rawValue + 1).map(SubStep.forward)
        case .backward(let b): return Backward(rawValue: b.rawValue + 1).map(SubStep.backward)
        }
    }

    public var previous: SubStep? {
        switch self {
        case .forward(let f): return Forward(rawValue: f.rawValue - 1).map(SubStep.forward)
        case .backward(let b): return Backward(rawValue: b.rawValue - 1).map(SubStep.backward)
        }
    }

    /// A short name for the status line.
    public var name: String {
        switch self {
        case .forward(.embed): return "embed x_t"
        case .forward(.inputTerm): return "W_xh x_t + b_ih"
        case .forward(.recurrentTerm): return "W_hh h_{t-1} + b_hh"
        case .forward(.preactivation): return "a_t"
        case .forward(.activation): return "h_t = f(a_t)"
        case .forward(.logits): return "logits"
        case .forward(.softmax): return "softmax"
        case .forward(.loss): return "loss"
        case .backward(.dLogits): return "dL/dlogits"
        case .backward(.dHidden): return "dL/dh_t"
        case .backward(.dPreactivation): return "dL/da_t"
        case .backward(.weightGradients): return "dW, db"
        case .backward(.dHiddenPrevious): return "dL/dh_{t-1}"
        }
    }
}

/// The panels a sub-step draws attention to.
public enum Panel: Hashable, Sendable, CaseIterable {
    case timeline, x, hPrev, a, h, softmax, dh, da, unrolled, gradientBars, formula, loss, weights
}
