/// 按时间展开视图：每一步的 h_t 和 dL/dh_t，以及怎样读这些图。
enum ChineseThrough {
    static let table: [String: String] = [
        "through.h.title": "t=1…{length} 的 h_t（行）× 单元",
        "through.h.caption": "第 t 行是读完第 t 个字符后的记忆（▶ 当前时间步，▲ 正在查看的单元）。如果一个单元往下各行都保持同一种颜色，它就在一路携带着某些信息。",
        "through.dh.title": "dL/dh_t：所有时间步共用一个色标",
        "through.dh.caption": "损失随 h_t 的每个单元变化多少。色标是共用的，所以",
        "through.dh.explodes": "最强的行是最早的时间步：沿时间往回，梯度在增大（梯度爆炸）。",
        "through.dh.vanishes": "褪成白色的行是梯度几乎到不了的时间步：沿时间往回，梯度消失了。",
        "through.gate.title": "每一步的{gate}",
        "through.da.tanh": "dL/dh_t 乘以 tanh 的斜率 1 − h_t²：接近 ±1 的单元几乎不往回传梯度。",
        "through.da.relu": "在 a_t > 0 处等于 dL/dh_t，其余为零：没有激活的 relu 单元不往回传任何梯度。",
    ]
}
