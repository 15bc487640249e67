/// W_hh 视图：矩阵、它的梯度、梯度检验。
enum ChineseWeights {
    static let table: [String: String] = [
        "weights.blocks": " 分块 {names}",
        "weights.rows": "：第 i 行 = 单元 i 来自 h_{t-1} 的输入",
        "weights.rows.short": "：第 i 行送入单元 i",
        "weights.gradient.title": "当前序列的 dL/dW_hh",
        "weights.averaged": "（取平均以适应大小）",
        "weights.averaged.short": "（取平均）",
        "weights.check.title": "梯度检验（▶▲，↑/↓ 移动）",
        "weights.check.pending": "检验中：BPTT 与有限差分对比…其间按键照常可用",
        "weights.check.title_for": "{name} 的梯度检验（▶▲，↑/↓ 移动）",
        "weights.check.agree": "一致",
        "weights.check.differ": "相差 {difference}",
        "weights.check.values": "BPTT {bptt}   有限差分 {numeric}   → {verdict}",
        "weights.check.how": "有限差分 = (L(w+ε) − L(w−ε)) / 2ε，ε = {epsilon}，需两次正向传播；Float32 的分辨率约为 {resolution}",
    ]
}
