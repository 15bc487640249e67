/// The gated cells' gates: roles, meanings, their slots and readings.
enum EnglishGates {
    static let table: [String: String] = [
        "gates.gru.r.role": "reset gate",
        "gates.gru.r.meaning": "how much of the old memory the candidate may read",
        "gates.gru.z.role": "update gate",
        "gates.gru.z.meaning": "how much of h_{t-1} to keep: z ≈ 1 copies the memory (and its gradient) through",
        "gates.gru.n.role": "candidate",
        "gates.gru.n.meaning": "the new content proposed for the memory",
        "gates.lstm.i.role": "input gate",
        "gates.lstm.i.meaning": "how much of the candidate to write into the cell",
        "gates.lstm.f.role": "forget gate",
        "gates.lstm.f.meaning": "how much of c_{t-1} to keep: f ≈ 1 carries the memory (and its gradient) along",
        "gates.lstm.g.role": "candidate",
        "gates.lstm.g.meaning": "the new content proposed for the cell",
        "gates.lstm.o.role": "output gate",
        "gates.lstm.o.meaning": "how much of the cell to show as h_t",
        "gates.rnn.jacobian": "‖∂h_t/∂h_{t-1}‖ = ‖diag(f'(a_t)) W_hh‖ per step (log)",
        "gates.gru.jacobian": "‖∂h_t/∂h_{t-1}‖ per step, the GRU's full Jacobian (log)",
        "gates.lstm.jacobian": "‖∂(h_t,c_t)/∂(h_{t-1},c_{t-1})‖ per step, the LSTM's full Jacobian (log)",
        "gates.gru.keep_reading": "z_t near 1 (bright) copies h_{t-1} into h_t, and copies the gradient back the same way: a bright column is a unit that remembers.",
        "gates.lstm.keep_reading": "f_t near 1 (bright) keeps c_{t-1} in c_t, and passes dL/dc back unchanged: a bright column is a unit that remembers.",
        "gates.slot.gradient": "dL/d{gate}_t  through the {role}'s {squash}",
        "gates.slot.gradient.short": "dL/d{gate}_t  ({role})",
        "gates.slot.shut_open": "0 shut … 1 open",
    ]
}
