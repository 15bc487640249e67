/// How a gate's pre-activation is squashed into its value.
enum Squash: Sendable {
    /// σ(v) = 1 / (1 + e^(−v)), a gate between 0 and 1.
    case sigmoid
    /// tanh(v), a candidate value between −1 and 1.
    case tanh
    /// The plain RNN's configured f (`Activation`: tanh or ReLU).
    case activation
}

/// One block of rows stacked in W_ih, W_hh and the biases.
struct Gate: Sendable, Equatable {
    /// The letter PyTorch's documentation gives it ("r", "i", …; "a" for the plain RNN).
    let name: String
    let squash: Squash
}

/// Everything that differs from one recurrent cell to the next, in one type per cell
/// (Sources/RNNCore/Cells/): its gates, the pass that runs it, one step's state Jacobian
/// ∂s_t/∂s_{t-1}, and the readable reference pass. `CellKind.math` maps each case to its
/// type, so a new cell is one new conforming type and one enum case.
protocol CellMath {
    /// The gates stacked in W_ih, W_hh and the biases, in PyTorch's order.
    static var gates: [Gate] { get }
    /// Whether the cell has gates at all (false for the plain RNN's single block).
    static var isGated: Bool { get }
    /// The block whose W_hh rows feed the candidate state: the plain RNN's W_hh.
    static var candidateGate: Int { get }
    /// The gate that carries memory (and its gradient) straight across a step, if any.
    static var keepGate: Int? { get }
    /// What σ_max, ρ and the presets call the candidate block of W_hh.
    static var recurrentMatrixName: String { get }
    /// The name on screens and in messages.
    static var title: String { get }
    /// The recurrent state s in units of H: 1 for s = h, 2 for the LSTM's s = [h; c].
    static var stateBlocks: Int { get }

    /// The fast SIMD pass over a batch of sequences for this cell.
    static func makePass(
        config: ModelConfig, lossMode: LossMode, batch: Int, steps: Int, recording: Bool
    ) -> any SequencePass

    /// ∂s_t/∂s_{t-1} at `step`, [S, S] with S = stateBlocks·H, from W_hh `w` [G·H, H].
    static func stateJacobian(_ step: TraceStep, weights w: Matrix, activation: Activation) -> Matrix

    /// s when ∂h_t/∂h_{t-1} = diag(s)·W_hh (the plain RNN: s = f'(a_t)), so the analysis can
    /// take its norm without forming it and bound it by σ_max(W_hh); nil for other cells.
    static func jacobianRowScale(_ step: TraceStep, activation: Activation) -> [Float]?

    /// ∂s_t/∂s_{t-1} as products with W_hh, never formed, for the analysis of large models
    /// (`JacobianProducts`); nil for the plain RNN, whose `jacobianRowScale` serves instead.
    /// Reads the step's forward values only: it runs while the backward pass does (`AnalysisHeadStart`).
    static func jacobianProducts(_ step: TraceStep) -> (any JacobianProducts)?

    /// Forward, loss and full BPTT for one sequence by the readable reference pass
    /// (Sources/RNNCore/Reference/): plain loops, for students and as a second test oracle.
    static func referencePass(_ model: CharRNN, input: [Int], target: [Int]) -> ReferenceResult
}
