/// ∂s_t/∂s_{t-1}, how one step passes a change of the recurrent state on: the matrix whose
/// products carry gradients back through time. The state s is h for the RNN and the GRU, and
/// [h; c] (2H) for the LSTM, whose cell state is a second path back.
enum StateJacobian {
    /// Rows of the state vector for `cell` with H units.
    static func stateSize(_ cell: CellKind, hidden: Int) -> Int { cell == .lstm ? 2 * hidden : hidden }

    /// The Jacobian of step t (1-based) as a row-major S×S matrix.
    static func matrix(_ trace: Trace, step t: Int) -> Matrix {
        matrix(trace, step: t, weights: trace.parameters.matrix(.weightHH))
    }

    /// The same with W_hh [G·H, H] given, so a loop over the steps copies it once.
    static func matrix(_ trace: Trace, step t: Int, weights w: Matrix) -> Matrix {
        let H = trace.config.hidden
        let step = trace.step(t)
        switch trace.config.cell {
        case .rnn:
            var j = Matrix(rows: H, cols: H)
            let h = step.h
            for i in 0..<H {
                let d = trace.config.activation.derivative(fromOutput: h[i])
                for k in 0..<H { j[i, k] = d * w[i, k] }
            }
            return j
        case .gru:
            return gru(step, w, H: H)
        case .lstm:
            return lstm(step, w, H: H)
        }
    }

    /// h = (1 − z) n + z h_prev with z = σ(… W_hz h_prev), n = tanh(… r ⊙ (W_hn h_prev + b_hn)),
    /// r = σ(… W_hr h_prev):
    /// ∂h/∂h_prev = diag(z) + diag((h_prev − n) z(1−z)) W_hz
    ///            + diag((1−z)(1−n²)) [diag(r) W_hn + diag(hn · r(1−r)) W_hr]
    private static func gru(_ step: TraceStep, _ w: Matrix, H: Int) -> Matrix {
        let hPrev = step.hPrev, hn = Array(step.gatedHiddenTerm[(2 * H)...])
        let gates = step.gates  // read from the pass once: each access copies every gate
        let r = gates[0].values, z = gates[1].values, n = gates[2].values
        var j = Matrix(rows: H, cols: H)
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

    /// c = f c_prev + i g, h = o tanh(c); each gate reads W_h· h_prev:
    /// ∂c/∂h_prev = diag(c_prev f(1−f)) W_hf + diag(g i(1−i)) W_hi + diag(i(1−g²)) W_hg,
    /// ∂c/∂c_prev = diag(f), ∂h/∂· = diag(tanh(c) o(1−o)) W_ho [h_prev only] + diag(o(1−tanh²c)) ∂c/∂·.
    private static func lstm(_ step: TraceStep, _ w: Matrix, H: Int) -> Matrix {
        let gates = step.gates
        let gi = gates[0].values, gf = gates[1].values, gg = gates[2].values, go = gates[3].values
        let cPrev = step.cPrev ?? [], c = step.c ?? []
        var j = Matrix(rows: 2 * H, cols: 2 * H)
        for u in 0..<H {
            let tc = Foundation.tanh(c[u])
            let throughC = go[u] * (1 - tc * tc)
            let viaF = cPrev[u] * gf[u] * (1 - gf[u]), viaI = gg[u] * gi[u] * (1 - gi[u]), viaG = gi[u] * (1 - gg[u] * gg[u])
            let viaO = tc * go[u] * (1 - go[u])
            for k in 0..<H {
                let dc = viaI * w[u, k] + viaF * w[H + u, k] + viaG * w[2 * H + u, k]
                j[H + u, k] = dc                                   // ∂c/∂h_prev
                j[u, k] = viaO * w[3 * H + u, k] + throughC * dc    // ∂h/∂h_prev
            }
            j[H + u, H + u] = gf[u]                                 // ∂c/∂c_prev
            j[u, H + u] = throughC * gf[u]                          // ∂h/∂c_prev
        }
        return j
    }
}

import Foundation
