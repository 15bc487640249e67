/// 对比视图：普通 RNN 与门控单元在同一序列上的表现，以及结论。
enum ChineseCompare {
    static let table: [String: String] = [
        "compare.making": "正在建立用来和 {main} 对比的 {cell}……（按键照常可用）",
        "compare.catching_up": "{cell} 正在追上 {main}：第 {reached}/{target} 轮……（按键照常可用）",
        "compare.no_partner": "对比模型无法在这个序列上运行",
        "compare.not_comparable": "暂时不能比较：{main} 在第 {main_epoch} 轮，{partner} 在第 {partner_epoch} 轮。按 r 让两者都从种子重新开始；t/T 同时训练两者。",
        "compare.numbers.title": "相同的文本、长度和种子；t/T 同时训练两者",
        "compare.plot.title": "‖dL/dh_k‖，k = 1…{length}，对数坐标：每一步收到多少梯度",
        "compare.loss.title": "两个模型每轮的损失",
        "compare.loss.untrained": "尚未训练：t 让两者各训练一轮，T 连续训练",
        "compare.summary": "{cell} 第 {epoch} 轮  损失 {loss}  ‖dL/dh_1‖ {first}  ‖dL/dh_T‖ {last}",
        "compare.fading": "t=1 只得到 t={length} 的 1/{ratio}",
        "compare.fading.none": "没有梯度到达 t=1",
        "compare.keep": "{gate} 的平均值 {mean}，最好的单元 {best}",
        "compare.count.decade.one": "{n} 个数量级",
        "compare.count.decade.many": "{n} 个数量级",
        "compare.reading.both_underflow": "两个梯度在到达 t=1 之前都下溢成了 0（Float32 最小到 1e-45 左右）。训练两者（T），看哪一个学会把梯度传回去。",
        "compare.reading.rnn_underflow": "RNN 的梯度在到达 t=1 之前下溢成了 0；{name} 的梯度经由它的 {gate} 门仍能到达，只下降了 {decades}。",
        "compare.reading.gated_underflow": "{name} 的梯度在到达 t=1 之前下溢，而 RNN 的梯度下降 {decades} 后到达：它的 {gate} 门还没学会保持打开。",
        "compare.reading.gated_better": "从 t=T 回到 t=1，RNN 的梯度下降了 {rnn}，{name} 的只下降了 {gated} 个：它的 {gate} 门把梯度传下去，不会每一步都被 W_hh 和 tanh' 缩小。",
        "compare.reading.similar": "这里两个梯度下降得差不多快（RNN {rnn}，{name} {gated}）；训练会教 {gate} 门在需要记忆的地方保持接近 1，门控的曲线随后会变平。",
    ]
}
