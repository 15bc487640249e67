/// 门控单元的各个门：名称、作用、向量槽标题和读法。
enum ChineseGates {
    static let table: [String: String] = [
        "gates.gru.r.role": "重置门",
        "gates.gru.r.meaning": "候选状态能读到多少旧记忆",
        "gates.gru.z.role": "更新门",
        "gates.gru.z.meaning": "保留多少 h_{t-1}：z ≈ 1 时把记忆（连同它的梯度）原样复制过去",
        "gates.gru.n.role": "候选状态",
        "gates.gru.n.meaning": "为记忆提出的新内容",
        "gates.lstm.i.role": "输入门",
        "gates.lstm.i.meaning": "把多少候选状态写入细胞状态",
        "gates.lstm.f.role": "遗忘门",
        "gates.lstm.f.meaning": "保留多少 c_{t-1}：f ≈ 1 时记忆（连同它的梯度）被一路带下去",
        "gates.lstm.g.role": "候选状态",
        "gates.lstm.g.meaning": "为细胞状态提出的新内容",
        "gates.lstm.o.role": "输出门",
        "gates.lstm.o.meaning": "细胞状态有多少作为 h_t 输出",
        "gates.rnn.jacobian": "每步的 ‖∂h_t/∂h_{t-1}‖ = ‖diag(f'(a_t)) W_hh‖（对数）",
        "gates.gru.jacobian": "每步的 ‖∂h_t/∂h_{t-1}‖：GRU 的完整雅可比矩阵（对数）",
        "gates.lstm.jacobian": "每步的 ‖∂(h_t,c_t)/∂(h_{t-1},c_{t-1})‖：LSTM 的完整雅可比矩阵（对数）",
        "gates.gru.keep_reading": "z_t 接近 1（亮）时把 h_{t-1} 复制进 h_t，梯度也沿同一条路复制回去：亮的一列就是一个有记忆的单元。",
        "gates.lstm.keep_reading": "f_t 接近 1（亮）时 c_{t-1} 留在 c_t 里，dL/dc 也原样传回：亮的一列就是一个有记忆的单元。",
        "gates.slot.gradient": "dL/d{gate}_t  穿过{role}的 {squash}",
        "gates.slot.gradient.short": "dL/d{gate}_t  {role}",
        "gates.slot.shut_open": "0 关 … 1 开",
    ]
}
