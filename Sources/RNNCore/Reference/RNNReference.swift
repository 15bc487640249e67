import Foundation

/// The notes' RNN on one sequence in plain loops (min-char-rnn style): embedding → RNN →
/// linear → softmax → cross-entropy, then backpropagation through time. It computes what
/// `RNNPass` computes with SIMD kernels, and the tests hold the two against each other.
enum RNNReference {
    static func lossAndGradients(_ model: CharRNN, input: [Int], target: [Int]) -> ReferenceResult {
        let p = model.parameters, f = model.config.activation
        let H = model.config.hidden, T = input.count
        let E = Plain.matrix(p, .embedding)      // [V, H] token → x_t
        let Wxh = Plain.matrix(p, .weightIH)     // [H, H] input → hidden
        let Whh = Plain.matrix(p, .weightHH)     // [H, H] hidden → hidden
        let bih = p[.biasIH], bhh = p[.biasHH]   // [H] each; the notes' b_h is their sum
        let Why = Plain.matrix(p, .weightHY)     // [V, H] hidden → logits
        let by = p[.biasY]                       // [V]
        let targets = Plain.stepTargets(model.config.lossMode, target, steps: T)

        // Forward. hs[t] is h_t, with h_0 = 0, so step t (1-based) reads hs[t - 1].
        var xs: [[Float]] = [], hs: [[Float]] = [Plain.zeros(H)], ps: [[Float]] = []
        var loss: Float = 0
        for t in 1...T {
            let x = E[input[t - 1]]                                          // x_t
            // a_t = W_xh x_t + b_ih + W_hh h_{t-1} + b_hh
            let a = Plain.add(Plain.add(Plain.times(Wxh, x), bih), Plain.add(Plain.times(Whh, hs[t - 1]), bhh))
            let h = a.map(f.apply)                                           // h_t = f(a_t)
            let y = Plain.add(Plain.times(Why, h), by)                       // y_t = W_hy h_t + b_y
            let prob = Plain.softmax(y)                                      // p_t = softmax(y_t)
            if let target = targets[t - 1] { loss -= log(prob[target]) }     // L += −log p_t[target]
            xs.append(x)
            hs.append(h)
            ps.append(prob)
        }

        // Backward through time, from step T down to 1.
        var dE = Plain.zeros(E.count, H), dWxh = Plain.zeros(H, H), dWhh = Plain.zeros(H, H)
        var dWhy = Plain.zeros(Why.count, H), dby = Plain.zeros(by.count), db = Plain.zeros(H)
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
            let da = zip(dh, hs[t]).map { $0 * f.derivative(fromOutput: $1) }  // dL/da_t = dh_t ⊙ f'(a_t)
            Plain.addOuter(&dWxh, da, xs[t - 1])                             // dW_xh += da x_tᵀ
            Plain.addOuter(&dWhh, da, hs[t - 1])                             // dW_hh += da h_{t-1}ᵀ
            db = Plain.add(db, da)                                           // db_ih, db_hh += da
            let token = input[t - 1]
            dE[token] = Plain.add(dE[token], Plain.transposeTimes(Wxh, da))  // dx_t = W_xhᵀ da
            dhNext = Plain.transposeTimes(Whh, da)                           // dL/dh_{t-1} = W_hhᵀ da
        }
        let gradients = Plain.gradients(
            p.shape, dE: dE, dWxh: dWxh, dWhh: dWhh, dbih: db, dbhh: db, dWhy: dWhy, dby: dby)
        return ReferenceResult(loss: loss, gradients: gradients)
    }
}
