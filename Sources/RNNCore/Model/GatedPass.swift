/// One forward + backward pass of a gated cell over a batch of sequences, generic over the
/// cell's per-unit maths (`GRUCellMath`, `LSTMCellMath`) so that each cell gets its own
/// specialised loop. As in the plain RNN's pass, the embedding is folded into a table
/// Q = E·W_ihᵀ + b_ih [V, G·H], so each step's input terms are a row of Q; the hidden terms
/// W_hh h_{t-1} + b_hh come from one product per step over the batch.
final class GatedPass<Cell: GatedCellMath>: SequencePass {
    let shape: ModelShape
    let batch: Int
    let steps: Int
    let lossMode: LossMode
    let recording: Bool
    let head: OutputHead
    var forwardStepDone: ((Int) -> Void)?

    // Weights as kernel operands: W_ihᵀ and W_hhᵀ transposed; W_ih, W_hh and E copied (with
    // slack: the kernel reads whole 16-float lanes) only when H % 16 ≠ 0, else read in place.
    // `releaseWeightCopies()` empties them once the pass has run for the last time.
    private(set) var wihT: FloatBuffer            // [H, GH] W_ihᵀ
    private(set) var whhT: FloatBuffer            // [H, GH] W_hhᵀ
    private(set) var wih: FloatBuffer             // [GH, H] W_ih, or empty
    private(set) var whh: FloatBuffer             // [GH, H] W_hh, or empty
    private(set) var embedding: FloatBuffer       // [V, H] E, or empty
    // Forward state.
    let table: FloatBuffer           // [V, GH] Q = E·W_ihᵀ + b_ih
    let hiddenTerm: FloatBuffer      // [T, B, GH] W_hh h_{t-1} + b_hh
    let gates: FloatBuffer           // [T, B, GH] gate values after σ / tanh
    let hidden: FloatBuffer          // [T+1, B, H] h_0 = 0, h_1 … h_T
    let cellState: FloatBuffer       // [T+1, B, H] c_0 = 0, c_1 … c_T (empty without a memory c)
    let cellTanh: FloatBuffer        // [T, B, H] tanh(c_t) (empty without a memory c)
    // Backward state.
    let dHidden: FloatBuffer         // [T, B, H] total dL/dh_t
    let dHiddenFromOutput: FloatBuffer  // [T, B, H] only when recording
    let dCell: FloatBuffer           // [T, B, H] total dL/dc_t (empty without a memory c)
    let dGates: FloatBuffer          // [T, B, GH] dL/d(each gate's pre-activation), only when recording
    let dHiddenTerm: FloatBuffer     // [T, B, GH] dL/d(W_hh h_{t-1} + b_hh)
    let dTable: FloatBuffer          // [V, GH]

    init(shape: ModelShape, batch: Int, steps: Int, lossMode: LossMode, recording: Bool) {
        precondition(ObjectIdentifier(shape.cell.math) == ObjectIdentifier(Cell.self))
        self.shape = shape
        self.batch = batch
        self.steps = steps
        self.lossMode = lossMode
        self.recording = recording
        let (V, H, B, T, GH) = (shape.vocabSize, shape.hidden, batch, steps, shape.gateRows)
        let memory = Cell.hasCellState
        head = OutputHead(shape: shape, batch: batch, steps: steps, lossMode: lossMode, allSteps: recording)
        wihT = FloatBuffer(count: H * GH)
        whhT = FloatBuffer(count: H * GH)
        let pack = H % 16 != 0
        wih = FloatBuffer(count: pack ? GH * H : 0)
        whh = FloatBuffer(count: pack ? GH * H : 0)
        embedding = FloatBuffer(count: pack ? V * H : 0)
        table = FloatBuffer(count: V * GH)
        hiddenTerm = FloatBuffer(count: T * B * GH)
        gates = FloatBuffer(count: T * B * GH)
        hidden = FloatBuffer(count: (T + 1) * B * H)
        cellState = FloatBuffer(count: memory ? (T + 1) * B * H : 0)
        cellTanh = FloatBuffer(count: memory ? T * B * H : 0)
        dHidden = FloatBuffer(count: T * B * H)
        dHiddenFromOutput = FloatBuffer(count: recording ? T * B * H : 0)
        dCell = FloatBuffer(count: memory ? T * B * H : 0)
        dGates = FloatBuffer(count: recording ? T * B * GH : 0)
        dHiddenTerm = FloatBuffer(count: T * B * GH)
        dTable = FloatBuffer(count: V * GH)
    }

    private func offset(_ name: ParameterName) -> Int { shape.offset(of: name) }

    /// A weight tensor as a kernel's B operand: in place, or the copy `forwardSteps` made.
    @inline(__always)
    private func operand(_ p: UnsafePointer<Float>, _ name: ParameterName, _ copy: FloatBuffer) -> UnsafePointer<Float> {
        copy.count > 0 ? UnsafePointer(copy.pointer) : p + offset(name)
    }

    func releaseWeightCopies() {
        let empty = FloatBuffer(count: 0)
        (wihT, whhT, wih, whh, embedding) = (empty, empty, empty, empty, empty)
    }

    func forward(_ p: UnsafePointer<Float>, _ x: UnsafePointer<Int32>) { Cell.runForward(self, p, x) }

    func backward(_ p: UnsafePointer<Float>, _ x: UnsafePointer<Int32>, _ g: UnsafeMutablePointer<Float>) {
        Cell.runBackward(self, p, x, g)
    }

    /// The forward pass; `forward` reaches it through the cell, specialised (see `runForward`).
    func forwardSteps(_ p: UnsafePointer<Float>, _ x: UnsafePointer<Int32>) {
        let (V, H, B, T, GH) = (shape.vocabSize, shape.hidden, batch, steps, shape.gateRows)
        Kernels.transpose(wihT.pointer, ldo: GH, p + offset(.weightIH), rows: GH, cols: H)
        Kernels.transpose(whhT.pointer, ldo: GH, p + offset(.weightHH), rows: GH, cols: H)
        if wih.count > 0 { wih.pointer.update(from: p + offset(.weightIH), count: GH * H) }
        if whh.count > 0 { whh.pointer.update(from: p + offset(.weightHH), count: GH * H) }
        if embedding.count > 0 { embedding.pointer.update(from: p + offset(.embedding), count: V * H) }
        Kernels.addProduct(
            table.pointer, ldc: GH, p + offset(.embedding), aRow: H, aCol: 1, wihT.pointer, ldb: GH, m: V, k: H, n: GH,
            accumulate: false)
        let bih = p + offset(.biasIH), bhh = p + offset(.biasHH)
        for v in 0..<V { Elementwise.sum(table.pointer + v * GH, table.pointer + v * GH, bih, count: GH) }

        for t in 0..<T {
            // Every row starts from b_hh inside the kernel (no copy per row); h_0 = 0
            // contributes nothing, so step 0's product is empty (k = 0) and stores b_hh.
            let hp = hiddenTerm.pointer + t * B * GH
            Kernels.addProduct(
                hp, ldc: GH, hidden.pointer + t * B * H, aRow: H, aCol: 1, whhT.pointer, ldb: GH, m: B, k: t > 0 ? H : 0, n: GH,
                accumulate: false, bias: bhh)
            for b in 0..<B {
                let row = t * B + b
                Cell.forward(
                    GatedStepForward(
                        inputTerm: table.pointer + Int(x[row]) * GH, hiddenTerm: hp + b * GH, gates: gates.pointer + row * GH,
                        hPrev: hidden.pointer + row * H, h: hidden.pointer + (row + B) * H,
                        cPrev: cellState.row(row, H), c: cellState.row(row + B, H), tanhC: cellTanh.row(row, H)),
                    hidden: H)
            }
            forwardStepDone?(t + 1)
        }
    }

    /// The backward pass; `backward` reaches it through the cell, specialised.
    func backwardSteps(_ p: UnsafePointer<Float>, _ x: UnsafePointer<Int32>, _ g: UnsafeMutablePointer<Float>) {
        let (V, H, B, T, GH) = (shape.vocabSize, shape.hidden, batch, steps, shape.gateRows)
        let size = B * H
        // Steps before the first output get their dL/dh only from later steps.
        dHidden.pointer.update(repeating: 0, count: head.firstOutputStep * size)
        head.backward(p, g, hidden: hidden.pointer, dHidden: dHidden.pointer)
        if recording { dHiddenFromOutput.pointer.update(from: dHidden.pointer, count: T * size) }

        // Through time: each step turns the complete dL/dh_t (and any dL/dc_{t+1})
        // into gate gradients, then passes dL/dh_{t-1} = direct path + dHiddenTerm·W_hh back.
        dTable.zero()
        for t in stride(from: T - 1, through: 0, by: -1) {
            for b in 0..<B {
                let row = t * B + b
                let next = Cell.hasCellState && t < T - 1
                    ? (dc: UnsafePointer(dCell.row(row + B, H)), gates: UnsafePointer(gates.pointer + (row + B) * GH)) : nil
                Cell.backward(
                    GatedStepBackward(
                        dh: dHidden.pointer + row * H, gates: gates.pointer + row * GH,
                        hiddenTerm: hiddenTerm.pointer + row * GH, hPrev: hidden.pointer + row * H,
                        dTable: dTable.pointer + Int(x[row]) * GH, dInputTerm: recording ? dGates.pointer + row * GH : nil,
                        dHiddenTerm: dHiddenTerm.pointer + row * GH,
                        dhPrev: t > 0 ? dHidden.pointer + (row - B) * H : nil,
                        cPrev: cellState.row(row, H), tanhC: cellTanh.row(row, H), dc: dCell.row(row, H), next: next),
                    hidden: H)
            }
            if t > 0 {
                // The one product with fused multiply-add (BENCHMARKS.md, "speed round 3"): it
                // brings the GRU's loss curve closer to PyTorch's, which FMA elsewhere does not.
                Kernels.addProduct(
                    dHidden.pointer + (t - 1) * size, ldc: H, dHiddenTerm.pointer + t * B * GH, aRow: GH, aCol: 1,
                    operand(p, .weightHH, whh), ldb: H, m: B, k: GH, n: H, fused: true)
            }
        }

        // dW_hh = Σ_t dHiddenTermᵀ·h_{t-1} (h_0 = 0 adds nothing), db_hh = Σ dHiddenTerm.
        Kernels.addProductOfStoredTranspose(
            g + offset(.weightHH), ldc: H, dHiddenTerm.pointer, ldat: GH, hidden.pointer, ldb: H,
            m: GH, k: T * B, n: H, accumulate: false)
        Self.sumRows(into: g + offset(.biasHH), dHiddenTerm.pointer, rows: T * B, width: GH)
        // Unfold the table: dE = dQ·W_ih; dW_ih = dQᵀ·E; db_ih = Σ dQ.
        Kernels.addProduct(
            g + offset(.embedding), ldc: H, dTable.pointer, aRow: GH, aCol: 1, operand(p, .weightIH, wih), ldb: H, m: V, k: GH, n: H,
            accumulate: false)
        Kernels.addProductOfStoredTranspose(
            g + offset(.weightIH), ldc: H, dTable.pointer, ldat: GH, operand(p, .embedding, embedding), ldb: H, m: GH, k: V, n: H,
            accumulate: false)
        Self.sumRows(into: g + offset(.biasIH), dTable.pointer, rows: V, width: GH)
    }

    private static func sumRows(into out: UnsafeMutablePointer<Float>, _ rows: UnsafePointer<Float>, rows count: Int, width: Int) {
        out.update(repeating: 0, count: width)
        for r in 0..<count { Elementwise.sum(out, out, rows + r * width, count: width) }
    }
}
