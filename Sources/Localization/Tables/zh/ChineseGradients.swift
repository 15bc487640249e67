/// 梯度视图：σ_max、ρ、‖dL/dh_k‖ 及其上界，以及关于梯度消失和梯度爆炸的结论。
enum ChineseGradients {
    static let table: [String: String] = [
        "grad.computing": "正在计算 σ_max、ρ 和每一步的雅可比矩阵范数…其间按键照常可用",
        "grad.none": "这一帧没有梯度分析",
        "grad.facts.cell": "单元类型 {cell}",
        "grad.facts.activation": "激活函数 {activation}",
        "grad.facts.gated_path": "每往回一步都乘以循环单元的雅可比矩阵，其中门的通路（{path}）不受 W_hh 约束",
        "grad.facts.rnn_bound": "每往回一步最多乘以 ‖diag(f'(a_t)) W_hh‖ ≤ σ_max",
        "grad.numbers.title": "W_hh 与梯度",
        "grad.plot.gated": "‖dL/dh_k‖，对数坐标，k = 1…T（没有 σ_max 上界：门的直接通路不受 W_hh 限制）",
        "grad.plot.rnn": "‖dL/dh_k‖（蓝）与上界 σ_max^(T-k)·‖dL/dh_T‖（橙），对数坐标，k = 1…T",
        "grad.plot.bound": "上界",
        "grad.map.too_long": "T={length} 太长，画不出：T×T 图最多画几百步",
        "grad.map.range": "1e{low} … 1e{high}，对数色标",
        "grad.verdict.non_finite": "W_hh 含有 NaN 或 Inf：无法计算这些数",
        "grad.verdict.gated": "每步雅可比矩阵范数的平均值 {mean}：{reading}",
        "grad.verdict.gated_below": "小于 1，所以梯度往回传时仍在缩小；训练会在需要记忆的地方把 {gate} 门打开",
        "grad.verdict.gated_near": "接近 1：门几乎无损地把梯度传回去",
        "grad.verdict.tanh_below": "σ_max < 1 且激活函数为 tanh：梯度每往回一步都必然缩小，因此梯度消失",
        "grad.verdict.one": "σ_max = 1：往回的任何一步都不能放大梯度；在 f'(a_t) = 1 处最多保持原长",
        "grad.verdict.below": "σ_max < 1：梯度每往回一步都在缩小",
        "grad.verdict.above": "σ_max ≥ 1：没有什么迫使梯度消失；在 f'(a_t) 接近 1 处梯度可能增大（梯度爆炸）",
    ]
}
