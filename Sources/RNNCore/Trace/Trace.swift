/// Everything one forward + backward pass computed for one sequence: the record every
/// screen draws. Steps are numbered from 1, as in the notes.
public struct Trace: Sendable {
    public let config: ModelConfig
    /// The weights the pass ran with.
    public let parameters: Parameters
    /// Input tokens x_1 … x_T.
    public let input: [Int]
    /// `last`: one token (the next character). `every`: T tokens (the input shifted by one).
    public let target: [Int]
    public let loss: Float
    public let steps: [TraceStep]
    /// dL/dθ for every parameter.
    public let gradients: Parameters
    /// Whether the loss, every weight, every h_t and every dL/dh_t are finite: what the screens'
    /// "× marks NaN" line says. Worked out once, as the pass is recorded and on the thread that
    /// records it (the trainer's worker, a rebuild's thread), so a frame reads a stored flag:
    /// at H=1024 an LSTM's weights are 4.4M values, ~4 ms a frame to look through.
    public let isFinite: Bool

    public var length: Int { steps.count }

    /// Step t, 1-based.
    public func step(_ t: Int) -> TraceStep { steps[t - 1] }

    /// The same record without dL/dθ: `gradients` keeps its shape and holds no values (reading
    /// one traps). For a trace whose readers draw only its states, gates, losses and dL/dh (the
    /// comparison view's partner): the gradient is one parameter-sized buffer, 34 MB for an
    /// H=1024 LSTM, and a kept trace would hold it for nothing.
    public func droppingParameterGradients() -> Trace {
        Trace(config: config, parameters: parameters, input: input, target: target, loss: loss, steps: steps,
              gradients: Parameters(noValuesOf: gradients.shape), isFinite: isFinite)
    }

    /// False after `droppingParameterGradients()`.
    public var hasParameterGradients: Bool { gradients.storage.count == gradients.shape.totalCount }
}

/// One time step's values. Vectors are [H] unless noted. Each vector property is read from the
/// recorded pass on access (a new array each time), so recording costs no per-step copies.
public struct TraceStep: Sendable, Equatable {
    let record: TraceRecord
    public let t: Int
    public let token: Int
    /// The target token when this step is in the loss.
    public let target: Int?
    /// −log p(target) when this step is in the loss.
    public let stepLoss: Float?

    /// Row index of this step in the pass's [T, H] buffers (batch 1).
    private var row: Int { t - 1 }

    /// x_t, the embedding row of the token.
    public var x: [Float] { record.embeddingRow(token) }
    public var hPrev: [Float] { record.hiddenRow(row) }
    /// W_ih·x_t (without bias), the input's part of a_t. Plain RNN only (empty for gated cells).
    public var inputTerm: [Float] { record.vector(.inputTerm, row, token) ?? [] }
    /// W_hh·h_{t-1} (without bias), the memory's part of a_t. Plain RNN only.
    public var recurrentTerm: [Float] { record.vector(.recurrentTerm, row, token) ?? [] }
    /// a_t = W_ih x_t + b_ih + W_hh h_{t-1} + b_hh. Plain RNN only.
    public var a: [Float] { record.vector(.preactivation, row, token) ?? [] }
    public var h: [Float] { record.hiddenRow(row + 1) }
    /// [V] W_hy h_t + b_y, computed at every step (in `last` mode only step T enters the loss).
    public var logits: [Float] { record.head.row(record.head.logits, row) }
    /// [V] softmax(logits)
    public var probs: [Float] { record.head.row(record.head.probs, row) }
    /// [V] dL/dlogits = softmax − onehot (zeros where the step is not in the loss).
    public var dLogits: [Float] { record.head.row(record.head.dLogits, row) }
    /// W_hyᵀ·dL/dlogits: the part of dL/dh_t from this step's output.
    public var dhFromOutput: [Float] { record.row(record.pass.dHiddenFromOutput, row) }
    /// W_hhᵀ·dL/da_{t+1}: the part of dL/dh_t from step t+1.
    public var dhFromNext: [Float] { zip(dh, dhFromOutput).map { $0 - $1 } }
    /// dL/dh_t, the total.
    public var dh: [Float] { record.row(record.pass.dHidden, row) }
    /// dL/da_t = dL/dh_t ⊙ f'(a_t). Plain RNN only.
    public var da: [Float] { record.vector(.dPreactivation, row, token) ?? [] }

    /// A gated cell's gates at this step in PyTorch's order (GRU r, z, n; LSTM i, f, g, o):
    /// each gate's value and dL/d(its pre-activation). Empty for the plain RNN.
    public var gates: [GateValues] { record.pass.recordedGates(step: row) }

    /// The gates' values alone, in the order of `gates`: read only from the forward pass, so
    /// the analysis may read them while the backward pass runs (`AnalysisHeadStart`).
    public var gateValues: [[Float]] { record.pass.recordedGateValues(step: row) }

    /// The gate called `name` ("r", "z", "n", "i", "f", "g" or "o"), if the cell has it.
    public func gate(_ name: String) -> GateValues? { gates.first { $0.name == name } }

    /// W_ih x_t + b_ih for a gated cell, [G·H] (a row of the pass's table).
    public var gatedInputTerm: [Float] { record.vector(.gatedInputTerm, row, token) ?? [] }

    /// W_hh h_{t-1} + b_hh for a gated cell, [G·H]: GRU's n reads its block through r.
    public var gatedHiddenTerm: [Float] { record.vector(.gatedHiddenTerm, row, token) ?? [] }
    /// The gradient reaching this step's recurrent term W_hh h_{t-1} + b_hh, [G·H]: dL/da_t
    /// for the plain RNN, the gates' (a GRU's candidate through r) for gated cells.
    public var dRecurrentTerm: [Float] { record.vector(.dGatedHiddenTerm, row, token) ?? da }
    /// The gradient reaching this step's input term W_ih x_t + b_ih, [G·H].
    public var dInputTerm: [Float] { record.vector(.dGatedHiddenTerm, row, token) == nil ? da : gates.flatMap(\.gradient) }

    /// The LSTM's cell state c_{t-1}, c_t and total dL/dc_t; nil for other cells.
    public var cPrev: [Float]? { record.vector(.cellStatePrev, row, token) }
    public var c: [Float]? { record.vector(.cellState, row, token) }
    public var dc: [Float]? { record.vector(.dCellState, row, token) }

    public static func == (lhs: TraceStep, rhs: TraceStep) -> Bool {
        lhs.t == rhs.t && lhs.token == rhs.token && lhs.target == rhs.target && lhs.stepLoss == rhs.stepLoss
            && lhs.x == rhs.x && lhs.hPrev == rhs.hPrev && lhs.inputTerm == rhs.inputTerm
            && lhs.recurrentTerm == rhs.recurrentTerm && lhs.a == rhs.a && lhs.h == rhs.h
            && lhs.logits == rhs.logits && lhs.probs == rhs.probs && lhs.dLogits == rhs.dLogits
            && lhs.dhFromOutput == rhs.dhFromOutput && lhs.dh == rhs.dh && lhs.da == rhs.da
            && lhs.gates == rhs.gates && lhs.c == rhs.c && lhs.dc == rhs.dc
    }
}

/// One gate's values at a step: after its σ or tanh, and dL/d(its pre-activation).
public struct GateValues: Sendable, Equatable {
    public let name: String
    public let values: [Float]
    public let gradient: [Float]
}

/// The buffers of one recorded pass (batch 1), shared by a trace's steps. The pass is never
/// run again once recorded, so sharing it across threads is safe.
final class TraceRecord: @unchecked Sendable {
    let pass: any SequencePass
    /// The weights the pass ran with (for the embedding rows).
    let parameters: Parameters
    let hidden: Int

    init(pass: any SequencePass, parameters: Parameters) {
        self.pass = pass
        self.parameters = parameters
        hidden = parameters.shape.hidden
    }

    var head: OutputHead { pass.head }

    /// A cell-specific vector of step `row` (input `token`), nil when the cell has none.
    func vector(_ vector: RecordedVector, _ row: Int, _ token: Int) -> [Float]? {
        pass.recorded(vector, step: row, token: token)
    }

    /// Row `index` of a [T, H] buffer.
    func row(_ buffer: FloatBuffer, _ index: Int) -> [Float] { buffer.array(index * hidden, hidden) }

    /// h_index from the [T+1, H] hidden buffer (h_0 = 0).
    func hiddenRow(_ index: Int) -> [Float] { row(pass.hidden, index) }

    func embeddingRow(_ token: Int) -> [Float] {
        let start = parameters.shape.offset(of: .embedding) + token * hidden
        return Array(parameters.storage[start ..< start + hidden])
    }
}
