import Foundation

/// PyTorch's `nn.LSTM`, gates stacked i, f, g, o. With q = W_ih x_t + b_ih and
/// p = W_hh h_{t-1} + b_hh split into their blocks:
///
///     i, f, o = σ(q_· + p_·), g = tanh(q_g + p_g), c_t = f ⊙ c_{t-1} + i ⊙ g, h_t = o ⊙ tanh(c_t)
enum LSTMCellMath: GatedCellMath {
    static let gates = [
        Gate(name: "i", squash: .sigmoid), Gate(name: "f", squash: .sigmoid),
        Gate(name: "g", squash: .tanh), Gate(name: "o", squash: .sigmoid),
    ]
    static let candidateGate = 2
    static let keepGate: Int? = 1
    static let recurrentMatrixName = "W_hg"
    static let title = "LSTM"
    /// s = [h; c]: the cell state is a second path back.
    static let stateBlocks = 2
    static let hasCellState = true

    @inline(__always)
    static func forward(_ s: GatedStepForward, hidden H: Int) {
        let (q, p, gate) = (s.inputTerm, s.hiddenTerm, s.gates)
        var j = 0
        while j < H {
            let n = min(16, H - j)
            let i = (Lane.load(q + j, n) + Lane.load(p + j, n)).sigmoid()
            let f = (Lane.load(q + H + j, n) + Lane.load(p + H + j, n)).sigmoid()
            let g = (Lane.load(q + 2 * H + j, n) + Lane.load(p + 2 * H + j, n)).tanh()
            let o = (Lane.load(q + 3 * H + j, n) + Lane.load(p + 3 * H + j, n)).sigmoid()
            i.store(gate + j, n)
            f.store(gate + H + j, n)
            g.store(gate + 2 * H + j, n)
            o.store(gate + 3 * H + j, n)
            let cell = f * Lane.load(s.cPrev + j, n) + i * g
            let squashed = cell.tanh()
            cell.store(s.c + j, n)
            squashed.store(s.tanhC + j, n)
            (o * squashed).store(s.h + j, n)
            j += 16
        }
    }

    /// dL/dc_t = dh o (1 − tanh²c_t) + dL/dc_{t+1} f_{t+1}; then î = dc g i(1−i),
    /// f̂ = dc c_{t-1} f(1−f), ĝ = dc i (1−g²), ô = dh tanh(c_t) o(1−o), the same on both sides.
    @inline(__always)
    static func backward(_ s: GatedStepBackward, hidden H: Int) {
        let (gate, dq, dRec) = (s.gates, s.dTable, s.dHiddenTerm)
        var j = 0
        while j < H {
            let n = min(16, H - j)
            let d = Lane.load(s.dh + j, n), squashed = Lane.load(s.tanhC + j, n)
            let i = Lane.load(gate + j, n), f = Lane.load(gate + H + j, n)
            let g = Lane.load(gate + 2 * H + j, n), o = Lane.load(gate + 3 * H + j, n)
            var total = d * o * (1 - squashed * squashed)
            if let next = s.next { total += Lane.load(next.dc + j, n) * Lane.load(next.gates + H + j, n) }
            total.store(s.dc + j, n)
            let di = total * g * i * (1 - i), df = total * Lane.load(s.cPrev + j, n) * f * (1 - f)
            let dg = total * i * (1 - g * g), dO = d * squashed * o * (1 - o)
            (Lane.load(dq + j, n) + di).store(dq + j, n)
            (Lane.load(dq + H + j, n) + df).store(dq + H + j, n)
            (Lane.load(dq + 2 * H + j, n) + dg).store(dq + 2 * H + j, n)
            (Lane.load(dq + 3 * H + j, n) + dO).store(dq + 3 * H + j, n)
            if let dIn = s.dInputTerm {
                di.store(dIn + j, n)
                df.store(dIn + H + j, n)
                dg.store(dIn + 2 * H + j, n)
                dO.store(dIn + 3 * H + j, n)
            }
            di.store(dRec + j, n)
            df.store(dRec + H + j, n)
            dg.store(dRec + 2 * H + j, n)
            dO.store(dRec + 3 * H + j, n)
            j += 16
        }
    }

    /// s = [h; c]; each gate reads W_h· h_{t-1}:
    /// ∂c/∂h_{t-1} = diag(c_{t-1} f(1−f)) W_hf + diag(g i(1−i)) W_hi + diag(i(1−g²)) W_hg,
    /// ∂c/∂c_{t-1} = diag(f), ∂h/∂· = diag(tanh(c) o(1−o)) W_ho [h_{t-1} only] + diag(o(1−tanh²c)) ∂c/∂·.
    static func stateJacobian(_ step: TraceStep, weights w: Matrix, activation: Activation) -> Matrix {
        let H = w.cols
        let gates = step.gateValues
        let gi = gates[0], gf = gates[1], gg = gates[2], go = gates[3]
        let cPrev = step.cPrev ?? [], c = step.c ?? []
        var j = Matrix(rows: 2 * H, cols: 2 * H)  // [2H, 2H] [h_{t-1}; c_{t-1}] → [h_t; c_t]
        for u in 0..<H {
            let tc = Foundation.tanh(c[u])
            let throughC = go[u] * (1 - tc * tc)
            let viaF = cPrev[u] * gf[u] * (1 - gf[u]), viaI = gg[u] * gi[u] * (1 - gi[u]), viaG = gi[u] * (1 - gg[u] * gg[u])
            let viaO = tc * go[u] * (1 - go[u])
            for k in 0..<H {
                let dc = viaI * w[u, k] + viaF * w[H + u, k] + viaG * w[2 * H + u, k]
                j[H + u, k] = dc                                   // ∂c/∂h_{t-1}
                j[u, k] = viaO * w[3 * H + u, k] + throughC * dc    // ∂h/∂h_{t-1}
            }
            j[H + u, H + u] = gf[u]                                 // ∂c/∂c_{t-1}
            j[u, H + u] = throughC * gf[u]                          // ∂h/∂c_{t-1}
        }
        return j
    }

    /// The same Jacobian as products (see `LSTMJacobianProducts`).
    static func jacobianProducts(_ step: TraceStep) -> (any JacobianProducts)? {
        let gates = step.gateValues
        let gi = gates[0], gf = gates[1], gg = gates[2], go = gates[3]
        let H = gi.count
        let cPrev = step.cPrev ?? [Float](repeating: 0, count: H), c = step.c ?? [Float](repeating: 0, count: H)
        var factors = LSTMJacobianProducts(hidden: H)
        for u in 0..<H {
            let tc = Foundation.tanh(c[u])
            factors.throughC[u] = Double(go[u] * (1 - tc * tc))
            factors.viaF[u] = Double(cPrev[u] * gf[u] * (1 - gf[u]))
            factors.viaI[u] = Double(gg[u] * gi[u] * (1 - gi[u]))
            factors.viaG[u] = Double(gi[u] * (1 - gg[u] * gg[u]))
            factors.viaO[u] = Double(tc * go[u] * (1 - go[u]))
            factors.forget[u] = Double(gf[u])
        }
        return factors
    }

    static func referencePass(_ model: CharRNN, input: [Int], target: [Int]) -> ReferenceResult {
        LSTMReference.lossAndGradients(model, input: input, target: target)
    }
}
