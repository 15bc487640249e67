extension GatedPass {
    /// A gated cell keeps its two G·H-wide terms, and c_t and dL/dc_t when it has a memory c.
    func recorded(_ vector: RecordedVector, step row: Int, token: Int) -> [Float]? {
        let H = shape.hidden, GH = shape.gateRows
        switch vector {
        case .inputTerm, .recurrentTerm, .preactivation, .dPreactivation: return nil
        case .gatedInputTerm: return table.array(token * GH, GH)
        case .gatedHiddenTerm: return hiddenTerm.array(row * GH, GH)
        case .cellStatePrev: return Cell.hasCellState ? cellState.array(row * H, H) : nil
        case .cellState: return Cell.hasCellState ? cellState.array((row + 1) * H, H) : nil
        case .dCellState: return Cell.hasCellState ? dCell.array(row * H, H) : nil
        case .dGatedHiddenTerm: return dHiddenTerm.array(row * GH, GH)
        }
    }

    func recordedGateValues(step row: Int) -> [[Float]] {
        let H = shape.hidden, GH = shape.gateRows
        return Cell.gates.indices.map { index in gates.array(row * GH + index * H, H) }
    }

    func recordedGates(step row: Int) -> [GateValues] {
        let H = shape.hidden, GH = shape.gateRows
        return Cell.gates.enumerated().map { index, gate in
            GateValues(
                name: gate.name, values: gates.array(row * GH + index * H, H),
                gradient: dGates.array(row * GH + index * H, H))
        }
    }
}
