/// PyTorch's `nn.GRU`, gates stacked r, z, n. With the input terms q = W_ih x_t + b_ih and the
/// hidden terms p = W_hh h_{t-1} + b_hh, split into their r, z, n blocks:
///
///     r = σ(q_r + p_r), z = σ(q_z + p_z), n = tanh(q_n + r ⊙ p_n), h_t = (1 − z) ⊙ n + z ⊙ h_{t-1}
enum GRUCellMath: GatedCellMath {
    static let gates = [Gate(name: "r", squash: .sigmoid), Gate(name: "z", squash: .sigmoid), Gate(name: "n", squash: .tanh)]
    static let candidateGate = 2
    static let keepGate: Int? = 1
    static let recurrentMatrixName = "W_hn"
    static let title = "GRU"
    static let stateBlocks = 1
    static let hasCellState = false

    @inline(__always)
    static func forward(_ s: GatedStepForward, hidden H: Int) {
        let (q, p) = (s.inputTerm, s.hiddenTerm)
        var j = 0
        while j < H {
            let n = min(16, H - j)
            let r = (Lane.load(q + j, n) + Lane.load(p + j, n)).sigmoid()
            let z = (Lane.load(q + H + j, n) + Lane.load(p + H + j, n)).sigmoid()
            let candidate = (Lane.load(q + 2 * H + j, n) + r * Lane.load(p + 2 * H + j, n)).tanh()
            r.store(s.gates + j, n)
            z.store(s.gates + H + j, n)
            candidate.store(s.gates + 2 * H + j, n)
            ((1 - z) * candidate + z * Lane.load(s.hPrev + j, n)).store(s.h + j, n)
            j += 16
        }
    }

    /// dn̂ = dh (1 − z)(1 − n²), dẑ = dh (h_{t-1} − n) z(1 − z), dr̂ = dn̂ p_n r(1 − r); the hidden
    /// side's n block is dn̂ ⊙ r, and z ⊙ dh goes straight back to dL/dh_{t-1}.
    @inline(__always)
    static func backward(_ s: GatedStepBackward, hidden H: Int) {
        let (gate, dq, dRec) = (s.gates, s.dTable, s.dHiddenTerm)
        var j = 0
        while j < H {
            let n = min(16, H - j)
            let d = Lane.load(s.dh + j, n)
            let r = Lane.load(gate + j, n), z = Lane.load(gate + H + j, n), candidate = Lane.load(gate + 2 * H + j, n)
            let dnPre = d * (1 - z) * (1 - candidate * candidate)
            let dzPre = d * (Lane.load(s.hPrev + j, n) - candidate) * z * (1 - z)
            let drPre = dnPre * Lane.load(s.hiddenTerm + 2 * H + j, n) * r * (1 - r)
            (Lane.load(dq + j, n) + drPre).store(dq + j, n)
            (Lane.load(dq + H + j, n) + dzPre).store(dq + H + j, n)
            (Lane.load(dq + 2 * H + j, n) + dnPre).store(dq + 2 * H + j, n)
            if let dIn = s.dInputTerm {
                drPre.store(dIn + j, n)
                dzPre.store(dIn + H + j, n)
                dnPre.store(dIn + 2 * H + j, n)
            }
            drPre.store(dRec + j, n)
            dzPre.store(dRec + H + j, n)
            (dnPre * r).store(dRec + 2 * H + j, n)
            if let dPrev = s.dhPrev { (Lane.load(dPrev + j, n) + d * z).store(dPrev + j, n) }
            j += 16
        }
    }

    /// ∂h_t/∂h_{t-1} = diag(z) + diag((h_{t-1} − n) z(1−z)) W_hz
    ///              + diag((1−z)(1−n²)) [diag(r) W_hn + diag(p_n r(1−r)) W_hr]
    static func stateJacobian(_ step: TraceStep, weights w: Matrix, activation: Activation) -> Matrix {
        let H = w.cols
        let hPrev = step.hPrev, hn = Array(step.gatedHiddenTerm[(2 * H)...])
        let gates = step.gates  // read from the pass once: each access copies every gate
        let r = gates[0].values, z = gates[1].values, n = gates[2].values
        var j = Matrix(rows: H, cols: H)  // [H, H] h_{t-1} → h_t
        for i in 0..<H {
            let viaZ = (hPrev[i] - n[i]) * z[i] * (1 - z[i])
            let viaN = (1 - z[i]) * (1 - n[i] * n[i])
            let viaR = viaN * hn[i] * r[i] * (1 - r[i])
            for k in 0..<H {
                j[i, k] = viaZ * w[H + i, k] + viaN * r[i] * w[2 * H + i, k] + viaR * w[i, k]
            }
            j[i, i] += z[i]
        }
        return j
    }

    /// The same Jacobian as products: J x = viaR ⊙ W_hr x + viaN r ⊙ W_hn x + viaZ ⊙ W_hz x + z ⊙ x.
    static func jacobianProducts(_ step: TraceStep) -> (any JacobianProducts)? {
        let gates = step.gateValues
        let r = gates[0], z = gates[1], n = gates[2]
        let H = r.count
        let hPrev = step.hPrev, hn = Array(step.gatedHiddenTerm[(2 * H)...])
        var factors = GRUJacobianProducts(hidden: H)
        for i in 0..<H {
            let viaN = (1 - z[i]) * (1 - n[i] * n[i])
            factors.viaR[i] = Double(viaN * hn[i] * r[i] * (1 - r[i]))
            factors.viaZ[i] = Double((hPrev[i] - n[i]) * z[i] * (1 - z[i]))
            factors.viaN[i] = Double(viaN * r[i])
            factors.keep[i] = Double(z[i])
        }
        return factors
    }

    static func referencePass(_ model: CharRNN, input: [Int], target: [Int]) -> ReferenceResult {
        GRUReference.lossAndGradients(model, input: input, target: target)
    }
}
