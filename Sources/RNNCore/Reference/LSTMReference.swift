import Foundation

/// An LSTM (PyTorch's `nn.LSTM`) on one sequence in plain loops: embedding → LSTM → linear →
/// softmax → cross-entropy, then backpropagation through time. W_xh and W_hh stack four
/// [H, H] blocks, i, f, g, o; `GatedPass<LSTMCellMath>` computes the same with SIMD kernels.
enum LSTMReference {
    static func lossAndGradients(_ model: CharRNN, input: [Int], target: [Int]) -> ReferenceResult {
        let p = model.parameters, H = model.config.hidden, T = input.count
        let E = Plain.matrix(p, .embedding)      // [V, H] token → x_t
        let Wxh = Plain.matrix(p, .weightIH)     // [4H, H] input → i, f, g, o
        let Whh = Plain.matrix(p, .weightHH)     // [4H, H] hidden → i, f, g, o
        let bias = Plain.add(p[.biasIH], p[.biasHH])  // [4H] b_ih + b_hh: both add to every gate
        let Why = Plain.matrix(p, .weightHY)     // [V, H] hidden → logits
        let by = p[.biasY]                       // [V]
        let targets = Plain.stepTargets(model.config.lossMode, target, steps: T)
        let (i, f, g, o) = (0, H, 2 * H, 3 * H)  // where each gate's rows start in the stacks

        // Forward. hs[t] is h_t and cs[t] is c_t (h_0 = c_0 = 0); gs[t-1] holds step t's gates.
        var xs: [[Float]] = [], hs = [Plain.zeros(H)], cs = [Plain.zeros(H)], gs: [[Float]] = [], ps: [[Float]] = []
        var loss: Float = 0
        for t in 1...T {
            let x = E[input[t - 1]]
            // The four pre-activations: W_xh x_t + W_hh h_{t-1} + b, [4H]
            let pre = Plain.add(Plain.add(Plain.times(Wxh, x), Plain.times(Whh, hs[t - 1])), bias)
            var gate = Plain.zeros(4 * H), c = Plain.zeros(H), h = Plain.zeros(H)
            for u in 0..<H {
                gate[i + u] = Plain.sigmoid(pre[i + u])  // input gate i = σ(…)
                gate[f + u] = Plain.sigmoid(pre[f + u])  // forget gate f = σ(…)
                gate[g + u] = tanh(pre[g + u])           // candidate g = tanh(…)
                gate[o + u] = Plain.sigmoid(pre[o + u])  // output gate o = σ(…)
                c[u] = gate[f + u] * cs[t - 1][u] + gate[i + u] * gate[g + u]  // c_t = f ⊙ c_{t-1} + i ⊙ g
                h[u] = gate[o + u] * tanh(c[u])                                // h_t = o ⊙ tanh(c_t)
            }
            let prob = Plain.softmax(Plain.add(Plain.times(Why, h), by))  // p_t = softmax(W_hy h_t + b_y)
            if let target = targets[t - 1] { loss -= log(prob[target]) }  // L += −log p_t[target]
            xs.append(x); hs.append(h); cs.append(c); gs.append(gate); ps.append(prob)
        }

        // Backward through time, from step T down to 1; the memory c is a second path back.
        var dE = Plain.zeros(E.count, H), dWxh = Plain.zeros(4 * H, H), dWhh = Plain.zeros(4 * H, H)
        var db = Plain.zeros(4 * H), dWhy = Plain.zeros(Why.count, H), dby = Plain.zeros(by.count)
        var dhNext = Plain.zeros(H), dcNext = Plain.zeros(H)  // dL/dh_t and dL/dc_t from step t+1
        for t in stride(from: T, through: 1, by: -1) {
            var dh = dhNext
            if let target = targets[t - 1] {
                var dy = ps[t - 1]
                dy[target] -= 1                                              // dL/dy_t = p_t − onehot
                Plain.addOuter(&dWhy, dy, hs[t])                             // dW_hy += dy h_tᵀ
                dby = Plain.add(dby, dy)                                     // db_y += dy
                dh = Plain.add(dh, Plain.transposeTimes(Why, dy))            // dh_t += W_hyᵀ dy
            }
            let gate = gs[t - 1]
            var dpre = Plain.zeros(4 * H)  // dL/d(each gate's pre-activation)
            for u in 0..<H {
                let (iu, fu, gu, ou) = (gate[i + u], gate[f + u], gate[g + u], gate[o + u])
                let tc = tanh(cs[t][u])
                let dc = dh[u] * ou * (1 - tc * tc) + dcNext[u]  // dL/dc_t: through h_t and through c_{t+1}
                dpre[i + u] = dc * gu * iu * (1 - iu)
                dpre[f + u] = dc * cs[t - 1][u] * fu * (1 - fu)
                dpre[g + u] = dc * iu * (1 - gu * gu)
                dpre[o + u] = dh[u] * tc * ou * (1 - ou)
                dcNext[u] = dc * fu                                 // dL/dc_{t-1} = f ⊙ dL/dc_t
            }
            Plain.addOuter(&dWxh, dpre, xs[t - 1])                           // dW_xh += dpre x_tᵀ
            Plain.addOuter(&dWhh, dpre, hs[t - 1])                           // dW_hh += dpre h_{t-1}ᵀ
            db = Plain.add(db, dpre)                                         // db_ih, db_hh += dpre
            let token = input[t - 1]
            dE[token] = Plain.add(dE[token], Plain.transposeTimes(Wxh, dpre))  // dx_t = W_xhᵀ dpre
            dhNext = Plain.transposeTimes(Whh, dpre)                         // dL/dh_{t-1} = W_hhᵀ dpre
        }
        let gradients = Plain.gradients(
            p.shape, dE: dE, dWxh: dWxh, dWhh: dWhh, dbih: db, dbhh: db, dWhy: dWhy, dby: dby)
        return ReferenceResult(loss: loss, gradients: gradients)
    }
}
