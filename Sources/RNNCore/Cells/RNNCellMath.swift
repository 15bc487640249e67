/// The notes' plain RNN: one block, the pre-activation a_t, and h_t = f(a_t) with f from
/// `Activation` (tanh or ReLU):
///
///     a_t = W_xh x_t + b_ih + W_hh h_{t-1} + b_hh,   h_t = f(a_t)
enum RNNCellMath: CellMath {
    static let gates = [Gate(name: "a", squash: .activation)]
    static let isGated = false
    static let candidateGate = 0
    static let keepGate: Int? = nil
    static let recurrentMatrixName = "W_hh"
    static let title = "RNN"
    static let stateBlocks = 1

    static func makePass(
        config: ModelConfig, lossMode: LossMode, batch: Int, steps: Int, recording: Bool
    ) -> any SequencePass {
        RNNPass(
            shape: config.shape, batch: batch, steps: steps, activation: config.activation, lossMode: lossMode,
            recording: recording)
    }

    /// One forward step, `rows` rows of `width`: a = product + P[token], h = f(a). One call per
    /// step (not per row) lets the lane code's constants stay in registers across rows.
    static func forward(
        a: UnsafeMutablePointer<Float>, h: UnsafeMutablePointer<Float>, product: UnsafePointer<Float>,
        table: UnsafePointer<Float>, tokens: UnsafePointer<Int32>, rows: Int, width: Int, _ f: Activation
    ) {
        for r in 0..<rows {
            let start = r * width, tableRow = table + Int(tokens[r]) * width
            var i = 0
            while i + 16 <= width {
                forwardLane(a + start + i, h + start + i, product + start + i, tableRow + i, 16, f)
                i += 16
            }
            if i < width { forwardLane(a + start + i, h + start + i, product + start + i, tableRow + i, width - i, f) }
        }
    }

    /// One backward step, `rows` rows of `width`: da = dh ⊙ f'(a), with f' written in terms of
    /// h = f(a); dP[token] += da (the table's gradient sums dL/da over uses of each token).
    static func backward(
        da: UnsafeMutablePointer<Float>, dTable: UnsafeMutablePointer<Float>, dh: UnsafePointer<Float>,
        h: UnsafePointer<Float>, tokens: UnsafePointer<Int32>, rows: Int, width: Int, _ f: Activation
    ) {
        for r in 0..<rows {
            let start = r * width, tableRow = dTable + Int(tokens[r]) * width
            var i = 0
            while i + 16 <= width {
                backwardLane(da + start + i, tableRow + i, dh + start + i, h + start + i, 16, f)
                i += 16
            }
            if i < width { backwardLane(da + start + i, tableRow + i, dh + start + i, h + start + i, width - i, f) }
        }
    }

    @inline(__always)
    private static func forwardLane(
        _ a: UnsafeMutablePointer<Float>, _ h: UnsafeMutablePointer<Float>,
        _ product: UnsafePointer<Float>, _ tableRow: UnsafePointer<Float>, _ width: Int, _ f: Activation
    ) {
        let x = Lane.load(product, width) + Lane.load(tableRow, width)
        x.store(a, width)
        switch f {
        case .tanh: x.tanh().store(h, width)
        case .relu: Lane().replacing(with: x, where: x .> 0).store(h, width)
        }
    }

    @inline(__always)
    private static func backwardLane(
        _ da: UnsafeMutablePointer<Float>, _ dTableRow: UnsafeMutablePointer<Float>,
        _ dh: UnsafePointer<Float>, _ h: UnsafePointer<Float>, _ width: Int, _ f: Activation
    ) {
        let g = Lane.load(dh, width), y = Lane.load(h, width)
        let d: Lane
        switch f {
        case .tanh: d = g * (1 - y * y)
        case .relu: d = Lane().replacing(with: g, where: y .> 0)
        }
        d.store(da, width)
        (Lane.load(dTableRow, width) + d).store(dTableRow, width)
    }

    /// ∂h_t/∂h_{t-1} = diag(f'(a_t)) W_hh.
    static func stateJacobian(_ step: TraceStep, weights w: Matrix, activation: Activation) -> Matrix {
        let H = w.cols
        let scale = step.h.map { activation.derivative(fromOutput: $0) }
        var j = Matrix(rows: H, cols: H)  // [H, H] h_{t-1} → h_t
        for i in 0..<H {
            for k in 0..<H { j[i, k] = scale[i] * w[i, k] }
        }
        return j
    }

    static func jacobianProducts(_ step: TraceStep) -> (any JacobianProducts)? { nil }

    static func jacobianRowScale(_ step: TraceStep, activation: Activation) -> [Float]? {
        step.h.map { activation.derivative(fromOutput: $0) }
    }

    static func referencePass(_ model: CharRNN, input: [Int], target: [Int]) -> ReferenceResult {
        RNNReference.lossAndGradients(model, input: input, target: target)
    }
}
