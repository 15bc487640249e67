/// The weight gradients as BPTT accumulates them: the sum over steps T down to `from` of each
/// step's contribution, dW_hh += d(recurrent term)_t h_{t-1}ᵀ and dW_ih += d(input term)_t x_tᵀ,
/// and likewise the output layer's (dW_hy += dL/dz_t h_tᵀ, db_y += dL/dz_t) and the
/// embedding's (dE[c_t] += W_ihᵀ d(input term)_t, one row per step). At `from` = 1 they are the
/// whole sequence's gradients; the walk-through draws them filling in.
public struct PartialGradients: Sendable {
    /// The first step included (BPTT has come down to it).
    public let from: Int
    /// dW_hh so far, [G·H, H].
    public let recurrent: Matrix
    /// dW_ih so far, [G·H, H] (the input is the embedding x_t, H wide).
    public let input: Matrix
    /// dW_hy so far, [V, H].
    public let output: Matrix
    /// db_y so far, [V].
    public let outputBias: [Float]
    /// dE so far, [V, H]: row c only where some step from T down to `from` read character c.
    public let embedding: Matrix
    /// Step `from`'s own contributions: dL/dz_t h_tᵀ [V, H] and dE's [V, H] (one row non-zero);
    /// zero when `from` is past the end.
    public let outputStep: Matrix
    public let embeddingStep: Matrix

    public init(trace: Trace, from: Int) {
        let H = trace.config.hidden, rows = trace.config.shape.gateRows, V = trace.config.vocabulary.count
        var recurrent = Matrix(rows: rows, cols: H), input = Matrix(rows: rows, cols: H)
        var output = Matrix(rows: V, cols: H), outputBias = [Float](repeating: 0, count: V)
        var embedding = Matrix(rows: V, cols: H)
        var outputStep = Matrix(rows: V, cols: H), embeddingStep = Matrix(rows: V, cols: H)
        let wih = trace.parameters.matrix(.weightIH)
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
            let dz = step.dLogits, h = step.h
            for c in 0..<V where dz[c] != 0 {
                outputBias[c] += dz[c]
                for j in 0..<H { output[c, j] += dz[c] * h[j] }
            }
            let dx = Self.embeddingContribution(step, weightIH: wih)
            for j in 0..<H { embedding[step.token, j] += dx[j] }
            if t == first {
                for c in 0..<V where dz[c] != 0 {
                    for j in 0..<H { outputStep[c, j] = dz[c] * h[j] }
                }
                for j in 0..<H { embeddingStep[step.token, j] = dx[j] }
            }
        }
        self.from = first
        self.recurrent = recurrent
        self.input = input
        self.output = output
        self.outputBias = outputBias
        self.embedding = embedding
        self.outputStep = outputStep
        self.embeddingStep = embeddingStep
    }

    /// dL/dx_t = W_ihᵀ d(input term)_t, [H]: what step t adds to row c_t of E (x_t = E[c_t]).
    /// `weightIH` is the trace's W_ih, [G·H, H].
    public static func embeddingContribution(_ step: TraceStep, weightIH wih: Matrix) -> [Float] {
        let dInput = step.dInputTerm
        var dx = [Float](repeating: 0, count: wih.cols)
        for k in 0..<min(wih.rows, dInput.count) where dInput[k] != 0 {
            for j in 0..<wih.cols { dx[j] += wih[k, j] * dInput[k] }
        }
        return dx
    }
}
