import RNNCore
import ScopeNames

/// Where the walk-through is: time step, sub-step and inspected unit. A value with pure moves;
/// each needs only the cell (which sub-steps a step has), the sequence length and H.
public struct Cursor: Equatable, Sendable {
    /// 1-based time step.
    public var t = 1
    public var subStep: SubStep = .forward(.embed)
    /// The inspected hidden unit (0-based).
    public var unit = 0

    public init(t: Int = 1, subStep: SubStep = .forward(.embed), unit: Int = 0) {
        self.t = t
        self.subStep = subStep
        self.unit = unit
    }

    public var phase: Phase { subStep.phase }

    /// What a move ran into, for the explorer to say.
    public enum Note: Equatable, Sendable {
        /// The forward pass reached t=T and BPTT begins.
        case forwardDone(t: Int)
        /// BPTT reached t=1.
        case backwardDone
    }

    /// The next sub-step: forward goes through a step's sub-steps, then the next step, then BPTT
    /// from t=T; backward goes through a step's sub-steps, then the step before.
    public func next(cell: CellKind, length: Int) -> (Cursor, Note?) {
        let sequence = cell.walkthrough.sequence(phase)
        var moved = self
        if let index = sequence.firstIndex(of: subStep), index + 1 < sequence.count {
            moved.subStep = sequence[index + 1]
            return (moved, nil)
        }
        switch phase {
        case .forward where t < length:
            moved.t += 1
            moved.subStep = Self.first(.forward, cell: cell)
        case .forward:
            moved.subStep = Self.first(.backward, cell: cell)
            return (moved, .forwardDone(t: t))
        case .backward where t > 1:
            moved.t -= 1
            moved.subStep = Self.first(.backward, cell: cell)
        case .backward:
            return (self, .backwardDone)
        }
        return (moved, nil)
    }

    /// The previous sub-step, the exact inverse of `next`.
    public func previous(cell: CellKind, length: Int) -> Cursor {
        let sequence = cell.walkthrough.sequence(phase)
        var moved = self
        if let index = sequence.firstIndex(of: subStep), index > 0 {
            moved.subStep = sequence[index - 1]
            return moved
        }
        switch phase {
        case .forward where t > 1:
            moved.t -= 1
            moved.subStep = Self.last(.forward, cell: cell)
        case .forward:
            break
        case .backward where t < length:
            moved.t += 1
            moved.subStep = Self.last(.backward, cell: cell)
        case .backward:
            moved.subStep = Self.last(.forward, cell: cell)
        }
        return moved
    }

    /// The cursor moved to step `t` (clamped).
    public func at(t newT: Int, length: Int) -> Cursor {
        var moved = self
        moved.t = min(max(1, newT), max(1, length))
        return moved
    }

    /// The first sub-step of `phase`, at the same step and unit.
    public func starting(_ phase: Phase, cell: CellKind) -> Cursor {
        var moved = self
        moved.subStep = Self.first(phase, cell: cell)
        return moved
    }

    /// The inspected unit moved by `offset` (clamped to 0…H−1).
    public func unit(by offset: Int, hidden: Int) -> Cursor {
        var moved = self
        moved.unit = min(max(0, unit + offset), max(0, hidden - 1))
        return moved
    }

    /// This cursor made valid for a model: t within the sequence, the unit within H, and the
    /// sub-step one the cell has (else the nearest it has).
    public func fitted(cell: CellKind, length: Int, hidden: Int) -> Cursor {
        var moved = at(t: t, length: length).unit(by: 0, hidden: hidden)
        let sequence = cell.walkthrough.sequence(phase)
        guard !sequence.contains(subStep) else { return moved }
        switch subStep {
        case .forward(let f) where f.rawValue >= SubStep.Forward.logits.rawValue: break
        case .backward(.dLogits), .backward(.outputGradients), .backward(.dHidden), .backward(.weightGradients),
             .backward(.embeddingGradient), .backward(.dHiddenPrevious): break
        default: moved.subStep = sequence[min(1, sequence.count - 1)]  // the cell's first computing piece
        }
        return moved
    }

    static func first(_ phase: Phase, cell: CellKind) -> SubStep { cell.walkthrough.sequence(phase).first ?? .forward(.embed) }
    static func last(_ phase: Phase, cell: CellKind) -> SubStep { cell.walkthrough.sequence(phase).last ?? .forward(.embed) }
}
