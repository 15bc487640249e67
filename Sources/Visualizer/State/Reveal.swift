import RNNCore
import ScopeNames

/// Progressive reveal: which values the walk-through has computed by the cursor's (t,
/// sub-step). Going forward, step t's values appear sub-step by sub-step and later steps are
/// not computed yet; no gradient exists before BPTT starts. Going backward every forward
/// value exists, and the gradients of steps after t (BPTT runs from t=T down) plus step t's up
/// to the current sub-step. `R` (`UIState.revealAll`) shows everything.
public struct Reveal: Sendable, Equatable {
    public let all: Bool
    /// A lesson's question is pending: nothing computed is shown.
    public var concealed = false
    public let cursor: Cursor
    let forward: [SubStep]
    let backward: [SubStep]

    init(all: Bool, cursor: Cursor, cell: CellKind) {
        self.all = all
        self.cursor = cursor
        let walkthrough = cell.walkthrough
        forward = walkthrough.sequence(.forward)
        backward = walkthrough.sequence(.backward)
    }

    /// Whether the value forward sub-step `subStep` computes at `step` exists yet.
    public func computed(_ subStep: SubStep, at step: Int) -> Bool {
        if step < 1 { return true }  // h_0 = 0 is given, not computed
        if concealed { return false }
        if all { return true }
        switch subStep.phase {
        case .forward:
            if cursor.phase == .backward || step < cursor.t { return true }
            if step > cursor.t { return false }
            return position(subStep, in: forward) <= position(cursor.subStep, in: forward)
        case .backward:
            if cursor.phase == .forward || step < cursor.t { return false }
            if step > cursor.t { return true }
            return position(subStep, in: backward) <= position(cursor.subStep, in: backward)
        }
    }

    /// A sub-step the cell lacks counts as its phase's last (computed once the phase is done).
    private func position(_ subStep: SubStep, in sequence: [SubStep]) -> Int {
        sequence.firstIndex(of: subStep) ?? sequence.count
    }

    /// h_{t'} exists: the cell's last state-computing sub-step at t' (the RNN's activation,
    /// a gated cell's new h) has run. h_0 = 0 always exists.
    public func hidden(at step: Int) -> Bool {
        computed(forward.contains(.forward(.activation)) ? .forward(.activation) : .forward(.newHidden), at: step)
    }

    /// dL/dh_{t'} exists: BPTT has reached step t' and computed it.
    public func hiddenGradient(at step: Int) -> Bool { computed(.backward(.dHidden), at: step) }
}
