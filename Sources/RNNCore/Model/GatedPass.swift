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

    private func offset(_ name: ParameterName) -> Int { shape.offset(of: name) }

    func forward(_ p: UnsafePointer<Float>, _ x: UnsafePointer<Int32>) {
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

    /// σ(v) = 1 / (1 + e^(−v)) on 16 lanes, through e^(−|v|) so that the exponent never
    /// overflows: e/(1 + e) for negative v.
    @inline(__always)
    private static func sigmoid(_ v: Lane) -> Lane {
        let magnitude = v.replacing(with: -v, where: v .< 0)
        let e = (-magnitude).expOfNonPositive()
        let inverse = 1 / (1 + e)
        return inverse.replacing(with: e * inverse, where: v .< 0)
    }

    // The gate loops run 16 units at a time with the vector σ and tanh (scalar expf and
    // tanhf took most of an epoch); a last partial lane loads and stores only its units.

    private static func gruStep(
        q: UnsafePointer<Float>, hp: UnsafePointer<Float>, gate: UnsafeMutablePointer<Float>,
        hPrev: UnsafePointer<Float>, h: UnsafeMutablePointer<Float>, H: Int
    ) {
        var j = 0
        while j < H {
            let n = min(16, H - j)
            let r = sigmoid(Lane.load(q + j, n) + Lane.load(hp + j, n))
            let z = sigmoid(Lane.load(q + H + j, n) + Lane.load(hp + H + j, n))
            let candidate = (Lane.load(q + 2 * H + j, n) + r * Lane.load(hp + 2 * H + j, n)).tanh()
            r.store(gate + j, n)
            z.store(gate + H + j, n)
            candidate.store(gate + 2 * H + j, n)
            ((1 - z) * candidate + z * Lane.load(hPrev + j, n)).store(h + j, n)
            j += 16
        }
    }

    private static func lstmStep(
        q: UnsafePointer<Float>, hp: UnsafePointer<Float>, gate: UnsafeMutablePointer<Float>,
        cPrev: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, tanhC: UnsafeMutablePointer<Float>,
        h: UnsafeMutablePointer<Float>, H: Int
    ) {
        var j = 0
        while j < H {
            let n = min(16, H - j)
            let i = sigmoid(Lane.load(q + j, n) + Lane.load(hp + j, n))
            let f = sigmoid(Lane.load(q + H + j, n) + Lane.load(hp + H + j, n))
            let g = (Lane.load(q + 2 * H + j, n) + Lane.load(hp + 2 * H + j, n)).tanh()
            let o = sigmoid(Lane.load(q + 3 * H + j, n) + Lane.load(hp + 3 * H + j, n))
            i.store(gate + j, n)
            f.store(gate + H + j, n)
            g.store(gate + 2 * H + j, n)
            o.store(gate + 3 * H + j, n)
            let cell = f * Lane.load(cPrev + j, n) + i * g
            let squashed = cell.tanh()
            cell.store(c + j, n)
            squashed.store(tanhC + j, n)
            (o * squashed).store(h + j, n)
            j += 16
        }
    }

    func backward(_ p: UnsafePointer<Float>, _ x: UnsafePointer<Int32>, _ g: UnsafeMutablePointer<Float>) {
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
                    Self.gruBackward(
                        dh: dh, gate: gate, hPrev: hidden.pointer + row * H, hn: hiddenTerm.pointer + row * GH + 2 * H,
                        dIn: dIn, dRec: dRec, dPrev: t > 0 ? dHidden.pointer + (row - B) * H : nil, H: H)
                } else {
                    let next = t < T - 1 ? (dc: UnsafePointer(dCell.pointer + (row + B) * H), f: UnsafePointer(gates.pointer + (row + B) * GH + H)) : nil
                    Self.lstmBackward(
                        dh: dh, gate: gate, cPrev: cellState.pointer + row * H, tanhC: cellTanh.pointer + row * H,
                        next: next, dc: dCell.pointer + row * H, dIn: dIn, H: H)
                    dRec.update(from: dIn, count: GH)
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

    /// One GRU step back: gate gradients (input side dIn, recurrent side dRec, where n's block
    /// passes through r) and the direct path z ⊙ dL/dh_t added into dL/dh_{t-1}.
    private static func gruBackward(
        dh: UnsafePointer<Float>, gate: UnsafePointer<Float>, hPrev: UnsafePointer<Float>, hn: UnsafePointer<Float>,
        dIn: UnsafeMutablePointer<Float>, dRec: UnsafeMutablePointer<Float>, dPrev: UnsafeMutablePointer<Float>?, H: Int
    ) {
        var j = 0
        while j < H {
            let n = min(16, H - j)
            let d = Lane.load(dh + j, n)
            let r = Lane.load(gate + j, n), z = Lane.load(gate + H + j, n), candidate = Lane.load(gate + 2 * H + j, n)
            let dnPre = d * (1 - z) * (1 - candidate * candidate)
            let dzPre = d * (Lane.load(hPrev + j, n) - candidate) * z * (1 - z)
            let drPre = dnPre * Lane.load(hn + j, n) * r * (1 - r)
            drPre.store(dIn + j, n)
            dzPre.store(dIn + H + j, n)
            dnPre.store(dIn + 2 * H + j, n)
            drPre.store(dRec + j, n)
            dzPre.store(dRec + H + j, n)
            (dnPre * r).store(dRec + 2 * H + j, n)
            if let dPrev { (Lane.load(dPrev + j, n) + d * z).store(dPrev + j, n) }
            j += 16
        }
    }

    /// One LSTM step back: dL/dc_t (from h_t and from c_{t+1} through f_{t+1}) and the four
    /// gates' pre-activation gradients.
    private static func lstmBackward(
        dh: UnsafePointer<Float>, gate: UnsafePointer<Float>, cPrev: UnsafePointer<Float>, tanhC: UnsafePointer<Float>,
        next: (dc: UnsafePointer<Float>, f: UnsafePointer<Float>)?, dc: UnsafeMutablePointer<Float>,
        dIn: UnsafeMutablePointer<Float>, H: Int
    ) {
        var j = 0
        while j < H {
            let n = min(16, H - j)
            let d = Lane.load(dh + j, n), squashed = Lane.load(tanhC + j, n)
            let i = Lane.load(gate + j, n), f = Lane.load(gate + H + j, n)
            let g = Lane.load(gate + 2 * H + j, n), o = Lane.load(gate + 3 * H + j, n)
            var total = d * o * (1 - squashed * squashed)
            if let next { total += Lane.load(next.dc + j, n) * Lane.load(next.f + j, n) }
            total.store(dc + j, n)
            (total * g * i * (1 - i)).store(dIn + j, n)
            (total * Lane.load(cPrev + j, n) * f * (1 - f)).store(dIn + H + j, n)
            (total * i * (1 - g * g)).store(dIn + 2 * H + j, n)
            (d * squashed * o * (1 - o)).store(dIn + 3 * H + j, n)
            j += 16
        }
    }

    private static func sumRows(into out: UnsafeMutablePointer<Float>, _ rows: UnsafePointer<Float>, rows count: Int, width: Int) {
        out.update(repeating: 0, count: width)
        for r in 0..<count { Elementwise.sum(out, out, rows + r * width, count: width) }
    }
}
