/// A gated cell's per-unit maths, which `GatedPass<Cell>` runs for each sequence at each step.
/// Both steps work 16 units at a time (`Lane`); a last partial lane loads and stores only its
/// units. The pass is generic over the cell, so the compiler specialises it for each one.
protocol GatedCellMath: CellMath {
    /// Whether the cell keeps a memory c beside h (the LSTM): the pass then keeps c_t, tanh(c_t)
    /// and dL/dc_t, and the `GatedStepForward`/`GatedStepBackward` fields for them are valid.
    static var hasCellState: Bool { get }

    /// Gates and h_t (and c_t) from the step's input term and hidden term.
    static func forward(_ step: GatedStepForward, hidden H: Int)

    /// Each gate's dL/d(pre-activation) on the input side and on the hidden side, and the
    /// state's direct path back (dL/dh_{t-1} or dL/dc_t).
    static func backward(_ step: GatedStepBackward, hidden H: Int)

    /// Runs `pass`'s forward loop from a context where the cell is a concrete type, so that the
    /// compiler specialises the loop for it (a call through `any SequencePass` reaches only the
    /// generic class's unspecialised methods). The default does this; cells need not.
    static func runForward(_ pass: GatedPass<Self>, _ p: UnsafePointer<Float>, _ x: UnsafePointer<Int32>)
    /// The same for the backward loop.
    static func runBackward(
        _ pass: GatedPass<Self>, _ p: UnsafePointer<Float>, _ x: UnsafePointer<Int32>, _ g: UnsafeMutablePointer<Float>)
}

extension GatedCellMath {
    static var isGated: Bool { true }

    static func runForward(_ pass: GatedPass<Self>, _ p: UnsafePointer<Float>, _ x: UnsafePointer<Int32>) {
        pass.forwardSteps(p, x)
    }

    static func runBackward(
        _ pass: GatedPass<Self>, _ p: UnsafePointer<Float>, _ x: UnsafePointer<Int32>, _ g: UnsafeMutablePointer<Float>
    ) {
        pass.backwardSteps(p, x, g)
    }

    static func makePass(
        config: ModelConfig, lossMode: LossMode, batch: Int, steps: Int, recording: Bool
    ) -> any SequencePass {
        GatedPass<Self>(shape: config.shape, batch: batch, steps: steps, lossMode: lossMode, recording: recording)
    }

    /// Gated cells have no row-scaled Jacobian: their direct path (z ⊙ h, f ⊙ c) is not W_hh's.
    static func jacobianRowScale(_ step: TraceStep, activation: Activation) -> [Float]? { nil }
}

/// One sequence's buffers at one forward step. G·H-wide rows hold the gates in PyTorch's order.
struct GatedStepForward {
    /// [G·H] W_ih x_t + b_ih (a row of the pass's table Q).
    let inputTerm: UnsafePointer<Float>
    /// [G·H] W_hh h_{t-1} + b_hh.
    let hiddenTerm: UnsafePointer<Float>
    /// [G·H] out: each gate's value after its squash.
    let gates: UnsafeMutablePointer<Float>
    /// [H] h_{t-1}.
    let hPrev: UnsafePointer<Float>
    /// [H] out: h_t.
    let h: UnsafeMutablePointer<Float>
    /// [H] c_{t-1}; only when the cell `hasCellState`.
    let cPrev: UnsafePointer<Float>
    /// [H] out: c_t; only when the cell `hasCellState`.
    let c: UnsafeMutablePointer<Float>
    /// [H] out: tanh(c_t); only when the cell `hasCellState`.
    let tanhC: UnsafeMutablePointer<Float>
}

/// One sequence's buffers at one backward step.
struct GatedStepBackward {
    /// [H] the complete dL/dh_t.
    let dh: UnsafePointer<Float>
    /// [G·H] the gate values the forward step stored.
    let gates: UnsafePointer<Float>
    /// [G·H] W_hh h_{t-1} + b_hh.
    let hiddenTerm: UnsafePointer<Float>
    /// [H] h_{t-1}.
    let hPrev: UnsafePointer<Float>
    /// [G·H] dL/dQ's row for x_t, to add dL/d(W_ih x_t + b_ih) into (each gate's
    /// pre-activation gradient on the input side; the same token's steps add in step order).
    let dTable: UnsafeMutablePointer<Float>
    /// [G·H] out: dL/d(W_ih x_t + b_ih) itself, kept only by a recording pass (nil otherwise).
    let dInputTerm: UnsafeMutablePointer<Float>?
    /// [G·H] out: dL/d(W_hh h_{t-1} + b_hh) (GRU's n block passes through r).
    let dHiddenTerm: UnsafeMutablePointer<Float>
    /// [H] dL/dh_{t-1} to add a direct path into (GRU's z ⊙ dL/dh_t); nil at the first step.
    let dhPrev: UnsafeMutablePointer<Float>?
    /// [H] c_{t-1}; only when the cell `hasCellState`.
    let cPrev: UnsafePointer<Float>
    /// [H] tanh(c_t); only when the cell `hasCellState`.
    let tanhC: UnsafePointer<Float>
    /// [H] out: the complete dL/dc_t; only when the cell `hasCellState`.
    let dc: UnsafeMutablePointer<Float>
    /// Step t+1's dL/dc and gate values, nil at the last step; only when the cell `hasCellState`.
    let next: (dc: UnsafePointer<Float>, gates: UnsafePointer<Float>)?
}
