/// The W_hh view: the matrix, its gradient, the gradient check.
enum EnglishWeights {
    static let table: [String: String] = [
        "weights.blocks": " blocks {names}",
        "weights.rows": ": row i = unit i's input from h_{t-1}",
        "weights.rows.short": ": row i feeds unit i",
        "weights.gradient.title": "dL/dW_hh for this sequence",
        "weights.averaged": "(averaged to fit)",
        "weights.averaged.short": "(averaged)",
        "weights.check.title": "gradient check (▶▲, ↑/↓ moves)",
        "weights.check.pending": "checking: BPTT against a finite difference… keys work meanwhile",
        "weights.check.title_for": "gradient check for {name} (▶▲, ↑/↓ moves)",
        "weights.check.agree": "agree",
        "weights.check.differ": "differ by {difference}",
        "weights.check.values": "BPTT {bptt}   finite difference {numeric}   → {verdict}",
        "weights.check.how": "finite difference = (L(w+ε) − L(w−ε)) / 2ε with ε = {epsilon}, two forward passes; Float32 resolves about {resolution}",
    ]
}
