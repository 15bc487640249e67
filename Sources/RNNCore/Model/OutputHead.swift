import Foundation

/// The output layer every cell shares: logits = h·W_hyᵀ + b_y, softmax and cross-entropy, and
/// their backward pass. Rows are time-major like the recurrent passes: step t of sequence b is
/// row `t * B + b`, over the output steps only.
final class OutputHead {
    let shape: ModelShape
    let batch: Int
    let steps: Int
    let lossMode: LossMode
    /// Steps whose logits are computed: all of them, or only the last.
    let outputSteps: Int
    /// Row stride Vp of the output buffers: V rounded up to whole 16-float lanes, so that
    /// softmax and the logits product never handle a partial lane.
    let outputStride: Int

    let whyT: FloatBuffer            // [H, Vp] W_hyᵀ, zero past column V
    let logits: FloatBuffer          // [outputSteps, B, Vp]
    let probs: FloatBuffer           // [outputSteps, B, Vp] softmax, zero past column V
    let dLogits: FloatBuffer         // [outputSteps, B, Vp] zero past column V
    let biasYSum: FloatBuffer        // [Vp] Σ dlogits over rows
    let rowMax: FloatBuffer          // [outputSteps·B] max of each logits row
    let rowSum: FloatBuffer          // [outputSteps·B] Σ e^(z − max) of each row
    let packedHY: FloatBuffer        // [V, H] W_hy when H % 16 ≠ 0 (kernel operand), else empty
    /// The windows the loss is averaged over: this pass's batch, or, for one part of a batch
    /// split across passes (`BatchSplit`), the whole batch's, so that each part's dL/dlogits
    /// are the whole batch's and the parts' gradients add up to it.
    var lossBatch: Int
    /// The last `loss`'s sum over this pass's windows (before dividing by `lossBatch`).
    private(set) var lossTotal: Double = 0

    /// - Parameter allSteps: compute logits at every step (also in `last` mode, for recording).
    init(shape: ModelShape, batch: Int, steps: Int, lossMode: LossMode, allSteps: Bool) {
        self.shape = shape
        self.batch = batch
        self.steps = steps
        self.lossMode = lossMode
        outputSteps = (lossMode == .every || allSteps) ? steps : 1
        let (V, H) = (shape.vocabSize, shape.hidden)
        let Vp = (V + 15) / 16 * 16
        outputStride = Vp
        let rows = outputSteps * batch
        whyT = FloatBuffer(count: H * Vp)
        logits = FloatBuffer(count: rows * Vp)
        probs = FloatBuffer(count: rows * Vp)
        dLogits = FloatBuffer(count: rows * Vp)
        biasYSum = FloatBuffer(count: Vp)
        rowMax = FloatBuffer(count: rows)
        rowSum = FloatBuffer(count: rows)
        packedHY = FloatBuffer(count: H % 16 != 0 ? V * H : 0)
        lossBatch = batch
    }

    /// The first step (0-based) with logits.
    var firstOutputStep: Int { steps - outputSteps }

    /// Row `row` of an output buffer (logits, probs, dLogits) as V values.
    func row(_ buffer: FloatBuffer, _ row: Int) -> [Float] {
        buffer.array(row * outputStride, shape.vocabSize)
    }

    /// logits = h·W_hyᵀ + b_y for the output steps. `hidden` is the [T+1, B, H] buffer with h_0 first.
    func computeLogits(_ p: UnsafePointer<Float>, hidden: UnsafePointer<Float>) {
        let (V, H, B, Vp) = (shape.vocabSize, shape.hidden, batch, outputStride)
        Kernels.transpose(whyT.pointer, ldo: Vp, p + shape.offset(of: .weightHY), rows: V, cols: H)
        let rows = outputSteps * B
        let by = p + shape.offset(of: .biasY)
        for r in 0..<rows { (logits.pointer + r * Vp).update(from: by, count: V) }
        let firstHidden = hidden + (firstOutputStep + 1) * B * H
        Kernels.addProduct(logits.pointer, ldc: Vp, firstHidden, aRow: H, aCol: 1, whyT.pointer, ldb: Vp, m: rows, k: H, n: Vp)
    }

    /// Logits, softmax, cross-entropy and dL/dlogits for the loss steps; returns the loss
    /// (summed over loss steps, mean over the batch: over `lossBatch` windows).
    func loss(_ p: UnsafePointer<Float>, hidden: UnsafePointer<Float>, targets y: UnsafePointer<Int32>) -> Float {
        let (V, B, Vp) = (shape.vocabSize, batch, outputStride)
        computeLogits(p, hidden: hidden)
        let rows = outputSteps * B
        // In `last` mode only the final step's rows carry loss.
        let firstLossRow = lossMode == .last ? rows - B : 0
        let scale = 1 / Float(lossBatch)
        Softmax.rows(probs.pointer, logits.pointer, rows: rows, count: V, stride: Vp, max: rowMax.pointer, sum: rowSum.pointer)
        dLogits.zero()
        var total: Double = 0
        for r in firstLossRow..<rows {
            let z = logits.pointer + r * Vp, q = probs.pointer + r * Vp
            let target = Int(y[r - firstLossRow])
            total += Double(logf(rowSum.pointer[r]) + rowMax.pointer[r] - z[target])
            let d = dLogits.pointer + r * Vp
            for j in stride(from: 0, to: Vp, by: 16) { (Lane.load(q + j) * scale).store(d + j) }
            d[target] -= scale
        }
        lossTotal = total
        return Float(total / Double(lossBatch))
    }

    /// dW_hy = dlogitsᵀ·h and db_y = Σ dlogits into `g`; dL/dh from the outputs into the output
    /// steps' rows of `dHidden` [T, B, H] (overwritten, not added).
    func backward(
        _ p: UnsafePointer<Float>, _ g: UnsafeMutablePointer<Float>, hidden: UnsafePointer<Float>,
        dHidden: UnsafeMutablePointer<Float>
    ) {
        let (V, H, B, Vp) = (shape.vocabSize, shape.hidden, batch, outputStride)
        let rows = outputSteps * B
        let outputHidden = hidden + (firstOutputStep + 1) * B * H
        Kernels.addProduct(
            g + shape.offset(of: .weightHY), ldc: H, dLogits.pointer, aRow: 1, aCol: Vp, outputHidden, ldb: H,
            m: V, k: rows, n: H, accumulate: false)
        biasYSum.zero()
        for r in 0..<rows {
            Elementwise.sum(biasYSum.pointer, biasYSum.pointer, dLogits.pointer + r * Vp, count: Vp)
        }
        (g + shape.offset(of: .biasY)).update(from: biasYSum.pointer, count: V)
        var why = p + shape.offset(of: .weightHY)
        if packedHY.count > 0 {
            packedHY.pointer.update(from: why, count: packedHY.count)
            why = UnsafePointer(packedHY.pointer)
        }
        Kernels.addProduct(
            dHidden + firstOutputStep * B * H, ldc: H, dLogits.pointer, aRow: Vp, aCol: 1, why, ldb: H,
            m: rows, k: V, n: H, accumulate: false)
    }
}
