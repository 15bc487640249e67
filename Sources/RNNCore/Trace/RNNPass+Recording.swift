extension RNNPass {
    /// The plain RNN keeps a_t's parts and dL/da_t; it has no gates and no memory c.
    func recorded(_ vector: RecordedVector, step row: Int, token: Int) -> [Float]? {
        let H = shape.hidden
        switch vector {
        case .inputTerm: return inputTable.array(token * H, H)
        case .recurrentTerm: return recurrent.array(row * H, H)
        case .preactivation: return preactivation.array(row * H, H)
        case .dPreactivation: return dPre.array(row * H, H)
        case .gatedInputTerm, .gatedHiddenTerm, .cellStatePrev, .cellState, .dCellState, .dGatedHiddenTerm: return nil
        }
    }

    func recordedGates(step row: Int) -> [GateValues] { [] }

    func recordedGateValues(step row: Int) -> [[Float]] { [] }
}
