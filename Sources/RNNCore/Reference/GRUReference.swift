import Foundation

/// A GRU (PyTorch's `nn.GRU`) on one sequence in plain loops: embedding → GRU → linear →
/// softmax → cross-entropy, then backpropagation through time. W_xh and W_hh stack three
/// [H, H] blocks, r, z, n; `GatedPass<GRUCellMath>` computes the same with SIMD kernels.
enum GRUReference {
    static func lossAndGradients(_ model: CharRNN, input: [Int], target: [Int]) -> ReferenceResult {
        let p = model.parameters, H = model.config.hidden, T = input.count
        let E = Plain.matrix(p, .embedding)      // [V, H] token → x_t
        let Wxh = Plain.matrix(p, .weightIH)     // [3H, H] input → r, z, n
        let Whh = Plain.matrix(p, .weightHH)     // [3H, H] hidden → r, z, n
        let bih = p[.biasIH], bhh = p[.biasHH]   // [3H] each
        let Why = Plain.matrix(p, .weightHY)     // [V, H] hidden → logits
        let by = p[.biasY]                       // [V]
        let targets = Plain.stepTargets(model.config.lossMode, target, steps: T)
        let (r, z, n) = (0, H, 2 * H)  // where each gate's rows start in the stacks

        // Forward. hs[t] is h_t (h_0 = 0); gs[t-1] holds step t's gate values r, z, n.
        var xs: [[Float]] = [], hs: [[Float]] = [Plain.zeros(H)], gs: [[Float]] = []
        var hiddenTerms: [[Float]] = [], ps: [[Float]] = []
        var loss: Float = 0
        for t in 1...T {
            let x = E[input[t - 1]], hPrev = hs[t - 1]
            let q = Plain.add(Plain.times(Wxh, x), bih)       // W_xh x_t + b_ih, [3H]
            let k = Plain.add(Plain.times(Whh, hPrev), bhh)   // W_hh h_{t-1} + b_hh, [3H]
            var gate = Plain.zeros(3 * H), h = Plain.zeros(H)
            for i in 0..<H {
                gate[r + i] = Plain.sigmoid(q[r + i] + k[r + i])  // r = σ(…)
                gate[z + i] = Plain.sigmoid(q[z + i] + k[z + i])  // z = σ(…)
                // n = tanh(W_xn x_t + b_in + r ⊙ (W_hn h_{t-1} + b_hn))
                gate[n + i] = tanh(q[n + i] + gate[r + i] * k[n + i])
                // h_t = (1 − z) ⊙ n + z ⊙ h_{t-1}
                h[i] = (1 - gate[z + i]) * gate[n + i] + gate[z + i] * hPrev[i]
            }
            let prob = Plain.softmax(Plain.add(Plain.times(Why, h), by))  // p_t = softmax(W_hy h_t + b_y)
            if let target = targets[t - 1] { loss -= log(prob[target]) }  // L += −log p_t[target]
            xs.append(x); hs.append(h); gs.append(gate); hiddenTerms.append(k); ps.append(prob)
        }

        // Backward through time, from step T down to 1.
        var dE = Plain.zeros(E.count, H), dWxh = Plain.zeros(3 * H, H), dWhh = Plain.zeros(3 * H, H)
        var dbih = Plain.zeros(3 * H), dbhh = Plain.zeros(3 * H), dWhy = Plain.zeros(Why.count, H), dby = Plain.zeros(by.count)
        var dhNext = Plain.zeros(H)                        // dL/dh_t arriving from step t+1
        for t in stride(from: T, through: 1, by: -1) {
            var dh = dhNext
            if let target = targets[t - 1] {
                var dy = ps[t - 1]
                dy[target] -= 1                                              // dL/dy_t = p_t − onehot
                Plain.addOuter(&dWhy, dy, hs[t])                             // dW_hy += dy h_tᵀ
                dby = Plain.add(dby, dy)                                     // db_y += dy
                dh = Plain.add(dh, Plain.transposeTimes(Why, dy))            // dh_t += W_hyᵀ dy
            }
            let gate = gs[t - 1], k = hiddenTerms[t - 1], hPrev = hs[t - 1]
            var dq = Plain.zeros(3 * H), dk = Plain.zeros(3 * H)  // dL/d(the two terms' pre-activations)
            var dhPrev = Plain.zeros(H)
            for i in 0..<H {
                let (ri, zi, ni) = (gate[r + i], gate[z + i], gate[n + i])
                let dn = dh[i] * (1 - zi) * (1 - ni * ni)        // through n = tanh(·)
                let dz = dh[i] * (hPrev[i] - ni) * zi * (1 - zi) // through z = σ(·)
                let dr = dn * k[n + i] * ri * (1 - ri)  // through r = σ(·), inside n
                dq[r + i] = dr; dq[z + i] = dz; dq[n + i] = dn
                dk[r + i] = dr; dk[z + i] = dz; dk[n + i] = dn * ri  // n reads its hidden term through r
                dhPrev[i] = dh[i] * zi                           // the direct path z ⊙ h_{t-1}
            }
            Plain.addOuter(&dWxh, dq, xs[t - 1])                             // dW_xh += dq x_tᵀ
            Plain.addOuter(&dWhh, dk, hPrev)                                 // dW_hh += dk h_{t-1}ᵀ
            dbih = Plain.add(dbih, dq)
            dbhh = Plain.add(dbhh, dk)
            let token = input[t - 1]
            dE[token] = Plain.add(dE[token], Plain.transposeTimes(Wxh, dq))  // dx_t = W_xhᵀ dq
            dhNext = Plain.add(dhPrev, Plain.transposeTimes(Whh, dk))        // dL/dh_{t-1} = z ⊙ dh + W_hhᵀ dk
        }
        let gradients = Plain.gradients(
            p.shape, dE: dE, dWxh: dWxh, dWhh: dWhh, dbih: dbih, dbhh: dbhh, dWhy: dWhy, dby: dby)
        return ReferenceResult(loss: loss, gradients: gradients)
    }
}
