/// The gradients view: σ_max, ρ, ‖dL/dh_k‖ under its bound, the verdict on vanishing and exploding.
enum EnglishGradients {
    static let table: [String: String] = [
        "grad.computing": "computing σ_max, ρ and every step's Jacobian norm… keys work meanwhile",
        "grad.none": "no gradient analysis for this frame",
        "grad.facts.cell": "cell {cell}",
        "grad.facts.activation": "activation {activation}",
        "grad.facts.gated_path": "each step back multiplies by the cell's Jacobian, whose gate path ({path}) W_hh does not bound",
        "grad.facts.rnn_bound": "each step back multiplies by at most ‖diag(f'(a_t)) W_hh‖ ≤ σ_max",
        "grad.numbers.title": "W_hh and the gradient",
        "grad.plot.gated": "‖dL/dh_k‖, log scale, k = 1…T (no σ_max bound: the gates' direct path is not limited by W_hh)",
        "grad.plot.rnn": "‖dL/dh_k‖ (blue) under the bound σ_max^(T-k)·‖dL/dh_T‖ (orange), log scale, k = 1…T",
        "grad.plot.bound": "bound",
        "grad.map.too_long": "T={length} is too long to map: the T×T map is drawn up to a few hundred steps",
        "grad.map.range": "1e{low} … 1e{high}, log colour",
        "grad.verdict.non_finite": "W_hh holds NaN or Inf: the numbers cannot be computed",
        "grad.verdict.gated": "mean ‖Jacobian‖ per step {mean}: {reading}",
        "grad.verdict.gated_below": "below 1, so the gradient still shrinks going back; training opens the {gate} gate where memory is needed",
        "grad.verdict.gated_near": "near 1: the gates carry the gradient back with little loss",
        "grad.verdict.tanh_below": "σ_max < 1 with tanh: the gradient must shrink at every step back, so it vanishes",
        "grad.verdict.one": "σ_max = 1: no step back can stretch the gradient; at best it keeps its length, where f'(a_t) = 1",
        "grad.verdict.below": "σ_max < 1: the gradient shrinks at every step back",
        "grad.verdict.above": "σ_max ≥ 1: nothing forces vanishing; the gradient can grow (explode) where f'(a_t) is near 1",
    ]
}
