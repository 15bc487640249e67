/// ∂s_t/∂s_{t-1}, how one step passes a change of the recurrent state on: the matrix whose
/// products carry gradients back through time. The state s is h for the RNN and the GRU, and
/// [h; c] (2H) for the LSTM, whose cell state is a second path back. Each cell's
/// `CellMath.stateJacobian` builds it.
enum StateJacobian {
    /// Rows of the state vector for `cell` with H units.
    static func stateSize(_ cell: CellKind, hidden: Int) -> Int { cell.math.stateBlocks * hidden }

    /// The Jacobian of step t (1-based) as a row-major S×S matrix.
    static func matrix(_ trace: Trace, step t: Int) -> Matrix {
        matrix(trace, step: t, weights: trace.parameters.matrix(.weightHH))
    }

    /// The same with W_hh [G·H, H] given, so a loop over the steps copies it once.
    static func matrix(_ trace: Trace, step t: Int, weights w: Matrix) -> Matrix {
        trace.config.cell.math.stateJacobian(trace.step(t), weights: w, activation: trace.config.activation)
    }

    /// s with ∂h_t/∂h_{t-1} = diag(s)·W_hh at step t (1-based), when the cell's Jacobian has
    /// that form (the plain RNN); nil otherwise.
    static func rowScale(_ trace: Trace, step t: Int) -> [Float]? {
        trace.config.cell.math.jacobianRowScale(trace.step(t), activation: trace.config.activation)
    }
}
