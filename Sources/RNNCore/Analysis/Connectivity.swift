/// How much each step's loss reaches each earlier hidden state: ‖∂L_t/∂h_k‖ for k ≤ t, the
/// T×T picture of long-range credit assignment in `every` mode (where every step has a loss).
public enum Connectivity {
    /// [t][k] (0-based), ‖∂L_t/∂h_k‖ for k ≤ t and 0 above the diagonal.
    public static func norms(_ trace: Trace) -> [[Double]] {
        perLoss(trace).map { row in row.map { vector in vector.reduce(0) { $0 + $1 * $1 }.squareRoot() } }
    }

    /// [t][k] the vector ∂L_t/∂h_k: step t's output gradient carried back through
    /// dh_{k-1} = W_hhᵀ (dh_k ⊙ f'(a_k)), in double precision. Summed over t it is dL/dh_k.
    static func perLoss(_ trace: Trace) -> [[[Double]]] {
        let T = trace.length, H = trace.config.hidden
        let whh = trace.parameters.matrix(.weightHH), why = trace.parameters.matrix(.weightHY)
        let activation = trace.config.activation
        var result = [[[Double]]](repeating: [[Double]](repeating: [Double](repeating: 0, count: H), count: T), count: T)
        for t in 0..<T {
            let dLogits = trace.steps[t].dLogits
            guard dLogits.contains(where: { $0 != 0 }) else { continue }  // no loss at step t
            var dh = [Double](repeating: 0, count: H)
            for v in 0..<why.rows where dLogits[v] != 0 {
                for i in 0..<H { dh[i] += Double(why[v, i]) * Double(dLogits[v]) }
            }
            var k = t
            while k >= 0 {
                result[t][k] = dh
                guard k > 0 else { break }
                let h = trace.steps[k].h
                let da = (0..<H).map { dh[$0] * Double(activation.derivative(fromOutput: h[$0])) }
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
}
