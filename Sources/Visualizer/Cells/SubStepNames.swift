import Localization
import RNNCore
import ScopeNames

/// The walk-through's order and names of sub-steps, through each cell's walk-through.
enum SubStepNames {
    /// A short name for the status line.
    static func name(_ subStep: SubStep, cell: CellKind, strings: Strings = Strings(.en)) -> String {
        if let specific = cell.walkthrough.specificName(subStep, strings) { return specific }
        switch subStep {
        case .forward(.embed): return strings["walk.name.embed"]
        case .forward(.logits): return strings["walk.name.logits"]
        case .forward(.softmax): return "softmax"
        case .forward(.loss): return strings["walk.name.loss"]
        case .backward(.dLogits): return strings["walk.name.dlogits"]
        case .backward(.outputGradients): return "dW_hy, db_y"
        case .backward(.dHidden): return "dL/dh_t"
        case .backward(.weightGradients): return "dW, db"
        case .backward(.embeddingGradient): return "dE[c_t]"
        case .backward(.dHiddenPrevious): return "dL/dh_{t-1}"
        default: return "—"
        }
    }

    /// Position within its phase and the phase's length, for "sub-step 3/8". A sub-step the
    /// cell does not have counts as the first.
    static func position(_ subStep: SubStep, cell: CellKind) -> (index: Int, count: Int) {
        let all = cell.walkthrough.sequence(subStep.phase)
        return (all.firstIndex(of: subStep) ?? 0, all.count)
    }
}
