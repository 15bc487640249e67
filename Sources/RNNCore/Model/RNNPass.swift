/// One forward + backward pass of the notes' RNN over a batch of sequences, the work behind
/// every training epoch and every recorded trace.
///
/// Layouts are time-major: step t of sequence b is row `t * B + b`. The embedding feeds a
/// linear map, so the pass first folds it into one table `P = E·W_ihᵀ + b_ih + b_hh` [V, H]
/// and each step starts from a row of P; the gradient is folded back the same way. The
/// workspace is allocated once for a (B, T) and reused across epochs.
final class RNNPass: SequencePass {
    let shape: ModelShape
    let batch: Int
    let steps: Int
    let activation: Activation
    let lossMode: LossMode
    /// When set, logits are computed at every step (also in `last` mode) and the part of
    /// dL/dh_t that comes from step t's own output is kept apart. Training leaves it off.
    let recording: Bool
    var forwardStepDone: ((Int) -> Void)?

    /// The output layer: logits, softmax, loss and their gradients.
    let head: OutputHead

    // Forward state.
    let inputTable: FloatBuffer      // [V, H] Q = E·W_ihᵀ, the input terms
    let table: FloatBuffer           // [V, H] P = Q + b_ih + b_hh
    let biasSum: FloatBuffer         // [H] b_ih + b_hh
    private(set) var wihT: FloatBuffer            // [H, H] W_ihᵀ (emptied by `releaseWeightCopies()`)
    private(set) var whhT: FloatBuffer            // [H, H] W_hhᵀ
    let recurrent: FloatBuffer       // [T, B, H] h_{t-1}·W_hhᵀ, only when recording
    let preactivation: FloatBuffer   // [T, B, H] a_t
    let hidden: FloatBuffer          // [T+1, B, H] h_0 = 0, h_1 … h_T
    // Backward state.
    let dHidden: FloatBuffer         // [T, B, H] total dL/dh_t
    let dHiddenFromOutput: FloatBuffer  // [T, B, H] only when recording
    let dPre: FloatBuffer            // [T, B, H] dL/da_t
    let dTable: FloatBuffer          // [V, H]
    /// Copies of weights read as a kernel's B operand, needed only when H % 16 ≠ 0
    /// (the kernel reads whole 16-float lanes; a copy has slack after its last row).
    private(set) var packedIH: FloatBuffer        // [H, H] W_ih, or empty
    private(set) var packedHH: FloatBuffer        // [H, H] W_hh, or empty
    private(set) var packedE: FloatBuffer         // [V, H] E, or empty

    init(shape: ModelShape, batch: Int, steps: Int, activation: Activation, lossMode: LossMode, recording: Bool) {
        self.shape = shape
        self.batch = batch
        self.steps = steps
        self.activation = activation
        self.lossMode = lossMode
        self.recording = recording
        let (V, H, B, T) = (shape.vocabSize, shape.hidden, batch, steps)
        let pack = H % 16 != 0
        head = OutputHead(shape: shape, batch: batch, steps: steps, lossMode: lossMode, allSteps: recording)
        inputTable = FloatBuffer(count: V * H)
        table = FloatBuffer(count: V * H)
        biasSum = FloatBuffer(count: H)
        wihT = FloatBuffer(count: H * H)
        whhT = FloatBuffer(count: H * H)
        recurrent = FloatBuffer(count: recording ? T * B * H : 0)
        preactivation = FloatBuffer(count: T * B * H)
        hidden = FloatBuffer(count: (T + 1) * B * H)
        dHidden = FloatBuffer(count: T * B * H)
        dHiddenFromOutput = FloatBuffer(count: recording ? T * B * H : 0)
        dPre = FloatBuffer(count: T * B * H)
        dTable = FloatBuffer(count: V * H)
        packedIH = FloatBuffer(count: pack ? H * H : 0)
        packedHH = FloatBuffer(count: pack ? H * H : 0)
        packedE = FloatBuffer(count: pack ? V * H : 0)
    }

    private func offset(_ name: ParameterName) -> Int { shape.offset(of: name) }

    func releaseWeightCopies() {
        let empty = FloatBuffer(count: 0)
        (wihT, whhT, packedIH, packedHH, packedE) = (empty, empty, empty, empty, empty)
    }

    /// A weight tensor as a kernel's B operand: in place, or copied when H % 16 ≠ 0.
    private func operand(_ p: UnsafePointer<Float>, _ name: ParameterName, _ copy: FloatBuffer) -> UnsafePointer<Float> {
        guard copy.count > 0 else { return p + offset(name) }
        copy.pointer.update(from: p + offset(name), count: copy.count)
        return UnsafePointer(copy.pointer)
    }

    func forward(_ p: UnsafePointer<Float>, _ x: UnsafePointer<Int32>) {
        let (V, H, B, T) = (shape.vocabSize, shape.hidden, batch, steps)
        let size = B * H  // floats per step
        Kernels.transpose(wihT.pointer, ldo: H, p + offset(.weightIH), rows: H, cols: H)
        Kernels.transpose(whhT.pointer, ldo: H, p + offset(.weightHH), rows: H, cols: H)
        Kernels.addProduct(
            inputTable.pointer, ldc: H, p + offset(.embedding), aRow: H, aCol: 1, wihT.pointer, ldb: H,
            m: V, k: H, n: H, accumulate: false)
        Elementwise.sum(biasSum.pointer, p + offset(.biasIH), p + offset(.biasHH), count: H)
        for v in 0..<V {
            Elementwise.sum(table.pointer + v * H, inputTable.pointer + v * H, biasSum.pointer, count: H)
        }

        // a_t = h_{t-1}·W_hhᵀ + P[x_t]: the product first, so that recording (which keeps the
        // product) and training round the same way. h_0 = 0 is never written (nor is step 1's
        // slice of `recurrent`), so it also serves as step 1's product.
        for t in 0..<T {
            let a = preactivation.pointer + t * size
            var product = UnsafePointer(hidden.pointer)
            if t > 0 {
                let out = recording ? recurrent.pointer + t * size : a
                Kernels.addProduct(
                    out, ldc: H, hidden.pointer + t * size, aRow: H, aCol: 1, whhT.pointer, ldb: H,
                    m: B, k: H, n: H, accumulate: false)
                product = UnsafePointer(out)
            }
            let h = hidden.pointer + (t + 1) * size
            RNNCellMath.forward(
                a: a, h: h, product: product, table: table.pointer, tokens: x + t * B, rows: B, width: H, activation)
            forwardStepDone?(t + 1)
        }
    }

    func backward(_ p: UnsafePointer<Float>, _ x: UnsafePointer<Int32>, _ g: UnsafeMutablePointer<Float>) {
        let (V, H, B, T) = (shape.vocabSize, shape.hidden, batch, steps)
        let size = B * H  // floats per step
        let firstOutputStep = head.firstOutputStep

        // Output layer: dW_hy, db_y, and dh from the outputs into dHidden's output rows.
        head.backward(p, g, hidden: hidden.pointer, dHidden: dHidden.pointer)
        if recording { dHiddenFromOutput.pointer.update(from: dHidden.pointer, count: T * size) }

        // Through time: dh_t += dL/da_{t+1}·W_hh (steps without an output start from it), then
        // dL/da_t = dh_t ⊙ f'(a_t), which also adds into dP[x_t] (the table's gradient: the sum
        // of dL/da over uses of each token).
        let whh = operand(p, .weightHH, packedHH)
        dTable.zero()
        for t in stride(from: T - 1, through: 0, by: -1) {
            let dh = dHidden.pointer + t * size
            if t < T - 1 {
                Kernels.addProduct(
                    dh, ldc: H, dPre.pointer + (t + 1) * size, aRow: H, aCol: 1, whh, ldb: H, m: B, k: H, n: H,
                    accumulate: t >= firstOutputStep)
            }
            let h = hidden.pointer + (t + 1) * size, da = dPre.pointer + t * size
            RNNCellMath.backward(
                da: da, dTable: dTable.pointer, dh: dh, h: h, tokens: x + t * B, rows: B, width: H, activation)
        }

        // dW_hh = Σ_t dL/da_tᵀ·h_{t-1}, over steps 2…T (h_0 = 0) in one product.
        if T > 1 {
            Kernels.addProductOfStoredTranspose(
                g + offset(.weightHH), ldc: H, dPre.pointer + size, ldat: H, hidden.pointer + size, ldb: H,
                m: H, k: (T - 1) * B, n: H, accumulate: false)
        } else {
            (g + offset(.weightHH)).update(repeating: 0, count: H * H)
        }

        // Unfold the table: dE = dP·W_ih; dW_ih = dPᵀ·E; db = Σ dP.
        Kernels.addProduct(
            g + offset(.embedding), ldc: H, dTable.pointer, aRow: H, aCol: 1, operand(p, .weightIH, packedIH), ldb: H,
            m: V, k: H, n: H, accumulate: false)
        Kernels.addProductOfStoredTranspose(
            g + offset(.weightIH), ldc: H, dTable.pointer, ldat: H, operand(p, .embedding, packedE), ldb: H,
            m: H, k: V, n: H, accumulate: false)
        let gbih = g + offset(.biasIH)
        gbih.update(repeating: 0, count: H)
        for v in 0..<V { Elementwise.sum(gbih, gbih, dTable.pointer + v * H, count: H) }
        (g + offset(.biasHH)).update(from: gbih, count: H)
    }
}
