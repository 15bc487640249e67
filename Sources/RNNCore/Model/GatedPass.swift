import Foundation

/// One forward + backward pass of a GRU or LSTM (PyTorch's equations, gates stacked in its
/// order) over a batch of sequences. As in the plain RNN's pass, the embedding is folded into
/// a table Q = E·W_ihᵀ + b_ih [V, G·H], so each step's input terms are a row of Q.
///
/// GRU:  r = σ(Q_r + W_hr h + b_hr), z = σ(Q_z + W_hz h + b_hz),
///       n = tanh(Q_n + r ⊙ (W_hn h + b_hn)), h' = (1 − z) ⊙ n + z ⊙ h
/// LSTM: i, f, o = σ(Q_· + W_h· h + b_h·), g = tanh(Q_g + W_hg h + b_hg),
///       c' = f ⊙ c + i ⊙ g, h' = o ⊙ tanh(c')
final class GatedPass: SequencePass {
    let shape: ModelShape
    let batch: Int
    let steps: Int
    let lossMode: LossMode
    let recording: Bool
    let head: OutputHead

    // Weights as kernel operands (copies with slack: the kernel reads whole 16-float lanes).
    let wihT: FloatBuffer            // [H, GH] W_ihᵀ
    let whhT: FloatBuffer            // [H, GH] W_hhᵀ
    let wih: FloatBuffer             // [GH, H] W_ih
    let whh: FloatBuffer             // [GH, H] W_hh
    let embedding: FloatBuffer       // [V, H] E
    // Forward state.
    let table: FloatBuffer           // [V, GH] Q = E·W_ihᵀ + b_ih
    let hiddenTerm: FloatBuffer      // [T, B, GH] W_hh h_{t-1} + b_hh
    let gates: FloatBuffer           // [T, B, GH] gate values after σ / tanh
    let hidden: FloatBuffer          // [T+1, B, H] h_0 = 0, h_1 … h_T
    let cellState: FloatBuffer       // [T+1, B, H] LSTM's c_0 = 0, c_1 … c_T (empty for GRU)
    let cellTanh: FloatBuffer        // [T, B, H] LSTM's tanh(c_t)
    // Backward state.
    let dHidden: FloatBuffer         // [T, B, H] total dL/dh_t
    let dHiddenFromOutput: FloatBuffer  // [T, B, H] only when recording
    let dCell: FloatBuffer           // [T, B, H] LSTM's total dL/dc_t
    let dGates: FloatBuffer          // [T, B, GH] dL/d(each gate's pre-activation)
    let dHiddenTerm: FloatBuffer     // [T, B, GH] dL/d(W_hh h_{t-1} + b_hh)
    let dTable: FloatBuffer          // [V, GH]

    init(shape: ModelShape, batch: Int, steps: Int, lossMode: LossMode, recording: Bool) {
        precondition(shape.cell.isGated)
        self.shape = shape
        self.batch = batch
        self.steps = steps
        self.lossMode = lossMode
        self.recording = recording
        let (V, H, B, T, GH) = (shape.vocabSize, shape.hidden, batch, steps, shape.gateRows)
        let lstm = shape.cell == .lstm
        head = OutputHead(shape: shape, batch: batch, steps: steps, lossMode: lossMode, allSteps: recording)
        wihT = FloatBuffer(count: H * GH)
        whhT = FloatBuffer(count: H * GH)
        wih = FloatBuffer(count: GH * H)
        whh = FloatBuffer(count: GH * H)
        embedding = FloatBuffer(count: V * H)
        table = FloatBuffer(count: V * GH)
        hiddenTerm = FloatBuffer(count: T * B * GH)
        gates = FloatBuffer(count: T * B * GH)
        hidden = FloatBuffer(count: (T + 1) * B * H)
        cellState = FloatBuffer(count: lstm ? (T + 1) * B * H : 0)
        cellTanh = FloatBuffer(count: lstm ? T * B * H : 0)
        dHidden = FloatBuffer(count: T * B * H)
        dHiddenFromOutput = FloatBuffer(count: recording ? T * B * H : 0)
        dCell = FloatBuffer(count: lstm ? T * B * H : 0)
        dGates = FloatBuffer(count: T * B * GH)
        dHiddenTerm = FloatBuffer(count: T * B * GH)
        dTable = FloatBuffer(count: V * GH)
    }

    func run(parameters: Parameters, inputs: [Int32], targets: [Int32], gradients: inout Parameters) -> Float {
        precondition(inputs.count == steps * batch)
        precondition(targets.count == (lossMode == .last ? batch : steps * batch))
        return parameters.storage.withUnsafeBufferPointer { p in
            gradients.storage.withUnsafeMutableBufferPointer { g in
                inputs.withUnsafeBufferPointer { x in
                    targets.withUnsafeBufferPointer { y in
                        forward(p.baseAddress!, x.baseAddress!)
                        let loss = head.loss(p.baseAddress!, hidden: hidden.pointer, targets: y.baseAddress!)
                        backward(p.baseAddress!, x.baseAddress!, g.baseAddress!)
                        return loss
                    }
                }
            }
        }
    }

    func lastLogits(parameters: Parameters, inputs: [Int32]) -> [Float] {
        parameters.storage.withUnsafeBufferPointer { p in
            inputs.withUnsafeBufferPointer { x in
                forward(p.baseAddress!, x.baseAddress!)
                head.computeLogits(p.baseAddress!, hidden: hidden.pointer)
            }
        }
        return (0..<batch).flatMap { head.row(head.logits, (head.outputSteps - 1) * batch + $0) }
    }

    private func offset(_ name: ParameterName) -> Int { shape.offset(of: name) }

    private func forward(_ p: UnsafePointer<Float>, _ x: UnsafePointer<Int32>) {
        let (V, H, B, T, GH) = (shape.vocabSize, shape.hidden, batch, steps, shape.gateRows)
        Kernels.transpose(wihT.pointer, ldo: GH, p + offset(.weightIH), rows: GH, cols: H)
        Kernels.transpose(whhT.pointer, ldo: GH, p + offset(.weightHH), rows: GH, cols: H)
        wih.pointer.update(from: p + offset(.weightIH), count: GH * H)
        whh.pointer.update(from: p + offset(.weightHH), count: GH * H)
        embedding.pointer.update(from: p + offset(.embedding), count: V * H)
        Kernels.addProduct(
            table.pointer, ldc: GH, embedding.pointer, aRow: H, aCol: 1, wihT.pointer, ldb: GH, m: V, k: H, n: GH,
            accumulate: false)
        let bih = p + offset(.biasIH), bhh = p + offset(.biasHH)
        for v in 0..<V { Elementwise.sum(table.pointer + v * GH, table.pointer + v * GH, bih, count: GH) }

        for t in 0..<T {
            let hp = hiddenTerm.pointer + t * B * GH
            for b in 0..<B { (hp + b * GH).update(from: bhh, count: GH) }
            if t > 0 {  // h_0 = 0 contributes nothing
                Kernels.addProduct(
                    hp, ldc: GH, hidden.pointer + t * B * H, aRow: H, aCol: 1, whhT.pointer, ldb: GH, m: B, k: H, n: GH)
            }
            for b in 0..<B {
                let row = t * B + b
                let q = UnsafePointer(table.pointer + Int(x[row]) * GH), r = UnsafePointer(hp + b * GH)
                let gate = gates.pointer + row * GH
                let hPrev = UnsafePointer(hidden.pointer + row * H), h = hidden.pointer + (row + B) * H
                if shape.cell == .gru {
                    Self.gruStep(q: q, hp: r, gate: gate, hPrev: hPrev, h: h, H: H)
                } else {
                    Self.lstmStep(
                        q: q, hp: r, gate: gate, cPrev: cellState.pointer + row * H, c: cellState.pointer + (row + B) * H,
                        tanhC: cellTanh.pointer + row * H, h: h, H: H)
                }
            }
        }
    }

    @inline(__always)
    private static func sigmoid(_ v: Float) -> Float { 1 / (1 + expf(-v)) }

    private static func gruStep(
        q: UnsafePointer<Float>, hp: UnsafePointer<Float>, gate: UnsafeMutablePointer<Float>,
        hPrev: UnsafePointer<Float>, h: UnsafeMutablePointer<Float>, H: Int
    ) {
        for j in 0..<H {
            let r = sigmoid(q[j] + hp[j])
            let z = sigmoid(q[H + j] + hp[H + j])
            let n = tanhf(q[2 * H + j] + r * hp[2 * H + j])
            gate[j] = r
            gate[H + j] = z
            gate[2 * H + j] = n
            h[j] = (1 - z) * n + z * hPrev[j]
        }
    }

    private static func lstmStep(
        q: UnsafePointer<Float>, hp: UnsafePointer<Float>, gate: UnsafeMutablePointer<Float>,
        cPrev: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, tanhC: UnsafeMutablePointer<Float>,
        h: UnsafeMutablePointer<Float>, H: Int
    ) {
        for j in 0..<H {
            let i = sigmoid(q[j] + hp[j])
            let f = sigmoid(q[H + j] + hp[H + j])
            let g = tanhf(q[2 * H + j] + hp[2 * H + j])
            let o = sigmoid(q[3 * H + j] + hp[3 * H + j])
            gate[j] = i
            gate[H + j] = f
            gate[2 * H + j] = g
            gate[3 * H + j] = o
            c[j] = f * cPrev[j] + i * g
            tanhC[j] = tanhf(c[j])
            h[j] = o * tanhC[j]
        }
    }

    private func backward(_ p: UnsafePointer<Float>, _ x: UnsafePointer<Int32>, _ g: UnsafeMutablePointer<Float>) {
        let (V, H, B, T, GH) = (shape.vocabSize, shape.hidden, batch, steps, shape.gateRows)
        let size = B * H
        // Steps before the first output get their dL/dh only from later steps.
        dHidden.pointer.update(repeating: 0, count: head.firstOutputStep * size)
        head.backward(p, g, hidden: hidden.pointer, dHidden: dHidden.pointer)
        if recording { dHiddenFromOutput.pointer.update(from: dHidden.pointer, count: T * size) }

        // Through time: each step turns the complete dL/dh_t (and for the LSTM dL/dc_{t+1})
        // into gate gradients, then passes dL/dh_{t-1} = direct path + dHiddenTerm·W_hh back.
        dTable.zero()
        for t in stride(from: T - 1, through: 0, by: -1) {
            for b in 0..<B {
                let row = t * B + b
                let dh = UnsafePointer(dHidden.pointer + row * H)
                let gate = UnsafePointer(gates.pointer + row * GH)
                let dIn = dGates.pointer + row * GH, dRec = dHiddenTerm.pointer + row * GH
                if shape.cell == .gru {
                    let hPrev = UnsafePointer(hidden.pointer + row * H)
                    let hpn = UnsafePointer(hiddenTerm.pointer + row * GH + 2 * H)
                    for j in 0..<H {
                        let (r, z, n) = (gate[j], gate[H + j], gate[2 * H + j])
                        let dnPre = dh[j] * (1 - z) * (1 - n * n)
                        let dzPre = dh[j] * (hPrev[j] - n) * z * (1 - z)
                        let drPre = dnPre * hpn[j] * r * (1 - r)
                        dIn[j] = drPre
                        dIn[H + j] = dzPre
                        dIn[2 * H + j] = dnPre
                        dRec[j] = drPre
                        dRec[H + j] = dzPre
                        dRec[2 * H + j] = dnPre * r
                    }
                    if t > 0 {  // h' = … + z ⊙ h: the direct path
                        let dPrev = dHidden.pointer + (row - B) * H
                        for j in 0..<H { dPrev[j] += dh[j] * gate[H + j] }
                    }
                } else {
                    let cPrev = UnsafePointer(cellState.pointer + row * H)
                    let tanhC = UnsafePointer(cellTanh.pointer + row * H)
                    let dc = dCell.pointer + row * H
                    for j in 0..<H {
                        let (i, f, gg, o) = (gate[j], gate[H + j], gate[2 * H + j], gate[3 * H + j])
                        var total = dh[j] * o * (1 - tanhC[j] * tanhC[j])
                        if t < T - 1 {  // c_{t+1} = f_{t+1} ⊙ c_t + …
                            total += dCell.pointer[(row + B) * H + j] * gates.pointer[(row + B) * GH + H + j]
                        }
                        dc[j] = total
                        dIn[j] = total * gg * i * (1 - i)
                        dIn[H + j] = total * cPrev[j] * f * (1 - f)
                        dIn[2 * H + j] = total * i * (1 - gg * gg)
                        dIn[3 * H + j] = dh[j] * tanhC[j] * o * (1 - o)
                    }
                    (dRec).update(from: dIn, count: GH)
                }
                let dq = dTable.pointer + Int(x[row]) * GH
                Elementwise.sum(dq, dq, dIn, count: GH)
            }
            if t > 0 {
                Kernels.addProduct(
                    dHidden.pointer + (t - 1) * size, ldc: H, dHiddenTerm.pointer + t * B * GH, aRow: GH, aCol: 1,
                    whh.pointer, ldb: H, m: B, k: GH, n: H)
            }
        }

        // dW_hh = Σ_t dHiddenTermᵀ·h_{t-1} (h_0 = 0 adds nothing), db_hh = Σ dHiddenTerm.
        Kernels.addProduct(
            g + offset(.weightHH), ldc: H, dHiddenTerm.pointer, aRow: 1, aCol: GH, hidden.pointer, ldb: H,
            m: GH, k: T * B, n: H, accumulate: false)
        Self.sumRows(into: g + offset(.biasHH), dHiddenTerm.pointer, rows: T * B, width: GH)
        // Unfold the table: dE = dQ·W_ih; dW_ih = dQᵀ·E; db_ih = Σ dQ.
        Kernels.addProduct(
            g + offset(.embedding), ldc: H, dTable.pointer, aRow: GH, aCol: 1, wih.pointer, ldb: H, m: V, k: GH, n: H,
            accumulate: false)
        Kernels.addProduct(
            g + offset(.weightIH), ldc: H, dTable.pointer, aRow: 1, aCol: GH, embedding.pointer, ldb: H, m: GH, k: V, n: H,
            accumulate: false)
        Self.sumRows(into: g + offset(.biasIH), dTable.pointer, rows: V, width: GH)
    }

    private static func sumRows(into out: UnsafeMutablePointer<Float>, _ rows: UnsafePointer<Float>, rows count: Int, width: Int) {
        out.update(repeating: 0, count: width)
        for r in 0..<count { Elementwise.sum(out, out, rows + r * width, count: width) }
    }
}
