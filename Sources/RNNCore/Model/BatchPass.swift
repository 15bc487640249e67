/// One forward + backward pass of the notes' RNN over a batch of sequences, the work behind
/// every training epoch and every recorded trace.
///
/// Layouts are time-major: step t of sequence b is row `t * B + b`. The embedding feeds a
/// linear map, so the pass first folds it into one table `P = E·W_ihᵀ + b_ih + b_hh` [V, H]
/// and each step starts from a row of P; the gradient is folded back the same way. The
/// workspace is allocated once for a (B, T) and reused across epochs.
final class BatchPass {
    let shape: ModelShape
    let batch: Int
    let steps: Int
    let activation: Activation
    let lossMode: LossMode
    /// When set, logits are computed at every step (also in `last` mode) and the part of
    /// dL/dh_t that comes from step t's own output is kept apart. Training leaves it off.
    let recording: Bool

    // Forward state.
    let table: FloatBuffer           // [V, H] P = E·W_ihᵀ + b_ih + b_hh
    let wihT: FloatBuffer            // [H, H] W_ihᵀ
    let whhT: FloatBuffer            // [H, H] W_hhᵀ
    let whyT: FloatBuffer            // [H, V] W_hyᵀ
    let preactivation: FloatBuffer   // [T, B, H] a_t
    let hidden: FloatBuffer          // [T+1, B, H] h_0 = 0, h_1 … h_T
    let probs: FloatBuffer           // [outputSteps, B, V] softmax (logits first, then overwritten)
    let logits: FloatBuffer          // [outputSteps, B, V]
    // Backward state.
    let dLogits: FloatBuffer         // [outputSteps, B, V]
    let dHidden: FloatBuffer         // [T, B, H] total dL/dh_t
    let dHiddenFromOutput: FloatBuffer  // [T, B, H] only when recording
    let dPre: FloatBuffer            // [T, B, H] dL/da_t
    let dTable: FloatBuffer          // [V, H]

    /// Steps whose logits are computed: all of them, or only the last.
    var outputSteps: Int { (lossMode == .every || recording) ? steps : 1 }

    init(shape: ModelShape, batch: Int, steps: Int, activation: Activation, lossMode: LossMode, recording: Bool) {
        self.shape = shape
        self.batch = batch
        self.steps = steps
        self.activation = activation
        self.lossMode = lossMode
        self.recording = recording
        let (V, H, B, T) = (shape.vocabSize, shape.hidden, batch, steps)
        let outRows = ((lossMode == .every || recording) ? T : 1) * B
        table = FloatBuffer(count: V * H)
        wihT = FloatBuffer(count: H * H)
        whhT = FloatBuffer(count: H * H)
        whyT = FloatBuffer(count: H * V)
        preactivation = FloatBuffer(count: T * B * H)
        hidden = FloatBuffer(count: (T + 1) * B * H)
        logits = FloatBuffer(count: outRows * V)
        probs = FloatBuffer(count: outRows * V)
        dLogits = FloatBuffer(count: outRows * V)
        dHidden = FloatBuffer(count: T * B * H)
        dHiddenFromOutput = FloatBuffer(count: recording ? T * B * H : 0)
        dPre = FloatBuffer(count: T * B * H)
        dTable = FloatBuffer(count: V * H)
    }

    /// Runs the pass and returns the loss (cross-entropy, summed over loss steps, mean over
    /// the batch). `gradients` is overwritten with dL/dθ.
    /// - Parameters:
    ///   - inputs: [T, B] tokens.
    ///   - targets: `last`: [B]; `every`: [T, B].
    func run(parameters: Parameters, inputs: [Int32], targets: [Int32], gradients: inout Parameters) -> Float {
        precondition(inputs.count == steps * batch)
        precondition(targets.count == (lossMode == .last ? batch : steps * batch))
        return parameters.storage.withUnsafeBufferPointer { p in
            gradients.storage.withUnsafeMutableBufferPointer { g in
                inputs.withUnsafeBufferPointer { x in
                    targets.withUnsafeBufferPointer { y in
                        forward(p.baseAddress!, x.baseAddress!)
                        let loss = outputLoss(p.baseAddress!, y.baseAddress!)
                        g.update(repeating: 0)
                        backward(p.baseAddress!, x.baseAddress!, g.baseAddress!)
                        return loss
                    }
                }
            }
        }
    }

    /// Forward only, for predictions: returns the last step's logits [B, V].
    func lastLogits(parameters: Parameters, inputs: [Int32]) -> [Float] {
        parameters.storage.withUnsafeBufferPointer { p in
            inputs.withUnsafeBufferPointer { x in
                forward(p.baseAddress!, x.baseAddress!)
                computeLogits(p.baseAddress!)
            }
        }
        let V = shape.vocabSize
        return logits.array((outputSteps - 1) * batch * V, batch * V)
    }

    private func offset(_ name: ParameterName) -> Int { shape.offset(of: name) }

    private func forward(_ p: UnsafePointer<Float>, _ x: UnsafePointer<Int32>) {
        let (V, H, B, T) = (shape.vocabSize, shape.hidden, batch, steps)
        let bih = p + offset(.biasIH), bhh = p + offset(.biasHH)
        Kernels.transpose(wihT.pointer, p + offset(.weightIH), rows: H, cols: H)
        Kernels.transpose(whhT.pointer, p + offset(.weightHH), rows: H, cols: H)
        Kernels.transpose(whyT.pointer, p + offset(.weightHY), rows: V, cols: H)
        for v in 0..<V {
            let row = table.pointer + v * H
            for i in 0..<H { row[i] = bih[i] + bhh[i] }
        }
        Kernels.addProduct(table.pointer, p + offset(.embedding), wihT.pointer, m: V, k: H, n: H)

        hidden.pointer.update(repeating: 0, count: B * H)
        for t in 0..<T {
            let a = preactivation.pointer + t * B * H
            for b in 0..<B {
                (a + b * H).update(from: table.pointer + Int(x[t * B + b]) * H, count: H)
            }
            if t > 0 {
                Kernels.addProduct(a, hidden.pointer + t * B * H, whhT.pointer, m: B, k: H, n: H)
            }
            let h = hidden.pointer + (t + 1) * B * H
            switch activation {
            case .tanh: for i in 0..<(B * H) { h[i] = tanhf(a[i]) }
            case .relu: for i in 0..<(B * H) { h[i] = a[i] > 0 ? a[i] : 0 }
            }
        }
    }

    /// logits = h·W_hyᵀ + b_y for the output steps.
    private func computeLogits(_ p: UnsafePointer<Float>) {
        let (V, H, B, T) = (shape.vocabSize, shape.hidden, batch, steps)
        let rows = outputSteps * B
        let by = p + offset(.biasY)
        for r in 0..<rows { (logits.pointer + r * V).update(from: by, count: V) }
        let firstHidden = hidden.pointer + (T - outputSteps + 1) * B * H
        Kernels.addProduct(logits.pointer, firstHidden, whyT.pointer, m: rows, k: H, n: V)
    }

    /// Softmax, cross-entropy and dL/dlogits for the loss steps.
    private func outputLoss(_ p: UnsafePointer<Float>, _ y: UnsafePointer<Int32>) -> Float {
        let (V, B) = (shape.vocabSize, batch)
        computeLogits(p)
        let rows = outputSteps * B
        // In `last` mode only the final step's rows carry loss.
        let firstLossRow = lossMode == .last ? rows - B : 0
        let scale = 1 / Float(B)
        dLogits.zero()
        var total: Double = 0
        for r in 0..<rows {
            let z = logits.pointer + r * V, q = probs.pointer + r * V
            var maxZ = -Float.infinity
            for v in 0..<V { maxZ = max(maxZ, z[v]) }
            var sum: Float = 0
            for v in 0..<V {
                q[v] = expf(z[v] - maxZ)
                sum += q[v]
            }
            let inverse = 1 / sum
            for v in 0..<V { q[v] *= inverse }
            guard r >= firstLossRow else { continue }
            let target = Int(y[r - firstLossRow])
            total += Double(logf(sum) + maxZ - z[target])
            let d = dLogits.pointer + r * V
            for v in 0..<V { d[v] = q[v] * scale }
            d[target] -= scale
        }
        return Float(total / Double(B))
    }

    private func backward(_ p: UnsafePointer<Float>, _ x: UnsafePointer<Int32>, _ g: UnsafeMutablePointer<Float>) {
        let (V, H, B, T) = (shape.vocabSize, shape.hidden, batch, steps)
        let rows = outputSteps * B
        let firstOutputStep = T - outputSteps
        let outputHidden = hidden.pointer + (firstOutputStep + 1) * B * H

        // Output layer: dW_hy = dlogitsᵀ·h, db_y = Σ dlogits, dh (from outputs) = dlogits·W_hy.
        Kernels.addTransposedProduct(g + offset(.weightHY), dLogits.pointer, outputHidden, m: V, k: rows, n: H)
        let gby = g + offset(.biasY)
        for r in 0..<rows {
            let d = dLogits.pointer + r * V
            for v in 0..<V { gby[v] += d[v] }
        }
        dHidden.zero()
        Kernels.addProduct(dHidden.pointer + firstOutputStep * B * H, dLogits.pointer, p + offset(.weightHY), m: rows, k: V, n: H)
        if recording { dHiddenFromOutput.pointer.update(from: dHidden.pointer, count: T * B * H) }

        // Through time: dh_t += dL/da_{t+1}·W_hh, then dL/da_t = dh_t ⊙ f'(a_t).
        let whh = p + offset(.weightHH)
        for t in stride(from: T - 1, through: 0, by: -1) {
            let dh = dHidden.pointer + t * B * H
            if t < T - 1 {
                Kernels.addProduct(dh, dPre.pointer + (t + 1) * B * H, whh, m: B, k: H, n: H)
            }
            let h = hidden.pointer + (t + 1) * B * H
            let da = dPre.pointer + t * B * H
            switch activation {
            case .tanh: for i in 0..<(B * H) { da[i] = dh[i] * (1 - h[i] * h[i]) }
            case .relu: for i in 0..<(B * H) { da[i] = h[i] > 0 ? dh[i] : 0 }
            }
        }

        // dW_hh = Σ_t dL/da_tᵀ·h_{t-1}, over steps 2…T (h_0 = 0) in one product.
        if T > 1 {
            Kernels.addTransposedProduct(
                g + offset(.weightHH), dPre.pointer + B * H, hidden.pointer + B * H, m: H, k: (T - 1) * B, n: H)
        }

        // Unfold the table: dP[v] = Σ dL/da over uses of v; dE = dP·W_ih; dW_ih = dPᵀ·E; db = Σ dP.
        dTable.zero()
        for t in 0..<T {
            for b in 0..<B {
                let da = dPre.pointer + (t * B + b) * H
                let row = dTable.pointer + Int(x[t * B + b]) * H
                for i in 0..<H { row[i] += da[i] }
            }
        }
        Kernels.addProduct(g + offset(.embedding), dTable.pointer, p + offset(.weightIH), m: V, k: H, n: H)
        Kernels.addTransposedProduct(g + offset(.weightIH), dTable.pointer, p + offset(.embedding), m: H, k: V, n: H)
        let gbih = g + offset(.biasIH), gbhh = g + offset(.biasHH)
        for v in 0..<V {
            let row = dTable.pointer + v * H
            for i in 0..<H { gbih[i] += row[i] }
        }
        gbhh.update(from: gbih, count: H)
    }
}

import Foundation
