/// How much each step's loss reaches each earlier hidden state: ‖∂L_t/∂h_k‖ for k ≤ t, the
/// T×T picture of long-range credit assignment in `every` mode (where every step has a loss).
public enum Connectivity {
    /// Largest T²·S² (S the state size: H, or 2H for the LSTM) that `norms` maps: T²/2 chains
    /// back, each step a S×S product, and T²·H numbers held. 2^27 is about 0.2 s and 30 MB:
    /// T ≤ 181 at H=64, 90 for an LSTM; a 100,000-step window would need petabytes.
    public static let maxWork = 1 << 27

    /// Whether `norms` maps `trace` (false: it returns no rows).
    public static func fits(_ trace: Trace) -> Bool {
        let states = StateJacobian.stateSize(trace.config.cell, hidden: trace.config.hidden)
        let (side, overflow) = trace.length.multipliedReportingOverflow(by: states)
        return !overflow && side <= Int(Double(maxWork).squareRoot())
    }

    /// [t][k] (0-based), ‖∂L_t/∂h_k‖ for k ≤ t and 0 above the diagonal; [] when the trace is
    /// too long to map (see `fits`).
    public static func norms(_ trace: Trace) -> [[Double]] {
        guard fits(trace) else { return [] }
        return perLoss(trace).map { row in row.map { vector in vector.reduce(0) { $0 + $1 * $1 }.squareRoot() } }
    }

    /// [t][k] the vector ∂L_t/∂h_k: step t's output gradient carried back through
    /// dh_{k-1} = W_hhᵀ (dh_k ⊙ f'(a_k)), in double precision. Summed over t it is dL/dh_k.
    static func perLoss(_ trace: Trace) -> [[[Double]]] {
        let T = trace.length, H = trace.config.hidden
        let whh = trace.parameters.matrix(.weightHH), why = trace.parameters.matrix(.weightHY)
        // Where ∂h_k/∂h_{k-1} = diag(s_k) W_hh (the plain RNN), the scales s_k; otherwise each
        // step's full state Jacobian, built once for all the losses.
        let scales = (0..<T).compactMap { StateJacobian.rowScale(trace, step: $0 + 1) }
        let rowScaled = scales.count == T
        let jacobians = rowScaled ? [] : (0..<T).map { StateJacobian.matrix(trace, step: $0 + 1, weights: whh) }
        var result = [[[Double]]](repeating: [[Double]](repeating: [Double](repeating: 0, count: H), count: T), count: T)
        for t in 0..<T {
            let dLogits = trace.steps[t].dLogits
            guard dLogits.contains(where: { $0 != 0 }) else { continue }  // no loss at step t
            var dh = [Double](repeating: 0, count: H)
            for v in 0..<why.rows where dLogits[v] != 0 {
                for i in 0..<H { dh[i] += Double(why[v, i]) * Double(dLogits[v]) }
            }
            if !rowScaled {
                result[t] = throughStateJacobians(trace, jacobians, from: t, dh: dh, into: result[t])
                continue
            }
            var k = t
            while k >= 0 {
                result[t][k] = dh
                guard k > 0 else { break }
                let scale = scales[k]
                let da = (0..<H).map { dh[$0] * Double(scale[$0]) }
                var previous = [Double](repeating: 0, count: H)
                for i in 0..<H where da[i] != 0 {
                    for j in 0..<H { previous[j] += Double(whh[i, j]) * da[i] }
                }
                dh = previous
                k -= 1
            }
        }
        return result
    }

    /// Step t's dL_t/dh_t carried back through the steps' state Jacobians: s_{k-1} = Jᵀ s_k with the state
    /// Jacobian (for the LSTM the state is [h; c] and dL_t/dc_t starts at 0).
    private static func throughStateJacobians(
        _ trace: Trace, _ jacobians: [Matrix], from t: Int, dh: [Double], into row: [[Double]]
    ) -> [[Double]] {
        let H = trace.config.hidden
        var row = row
        var state = dh + [Double](repeating: 0, count: StateJacobian.stateSize(trace.config.cell, hidden: H) - H)
        var k = t
        while k >= 0 {
            row[k] = Array(state[0..<H])
            guard k > 0 else { break }
            let j = jacobians[k]
            var previous = [Double](repeating: 0, count: state.count)
            for i in 0..<state.count where state[i] != 0 {
                for c in 0..<state.count { previous[c] += Double(j[i, c]) * state[i] }
            }
            state = previous
            k -= 1
        }
        return row
    }
}
