/// The weight gradients as BPTT accumulates them: the sum over steps T down to `from` of each
/// step's contribution, dW_hh += d(recurrent term)_t h_{t-1}ᵀ and dW_ih += d(input term)_t x_tᵀ.
/// At `from` = 1 they are the whole sequence's gradients; the walk-through draws them filling in.
public struct PartialGradients: Sendable {
    /// The first step included (BPTT has come down to it).
    public let from: Int
    /// dW_hh so far, [G·H, H].
    public let recurrent: Matrix
    /// dW_ih so far, [G·H, H] (the input is the embedding x_t, H wide).
    public let input: Matrix

    public init(trace: Trace, from: Int) {
        let H = trace.config.hidden, rows = trace.config.shape.gateRows
        var recurrent = Matrix(rows: rows, cols: H), input = Matrix(rows: rows, cols: H)
        let first = min(max(1, from), trace.length + 1)
        for t in stride(from: trace.length, through: first, by: -1) {
            let step = trace.step(t)
            let dRecurrent = step.dRecurrentTerm, dInput = step.dInputTerm, hPrev = step.hPrev, x = step.x
            for i in 0..<min(rows, dRecurrent.count, dInput.count) {
                for j in 0..<H {
                    recurrent[i, j] += dRecurrent[i] * hPrev[j]
                    input[i, j] += dInput[i] * x[j]
                }
            }
        }
        self.from = first
        self.recurrent = recurrent
        self.input = input
    }
}
