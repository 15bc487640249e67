/// 生成视图：提示、生成的文本、τ 以及下一个字符的概率分布。
enum ChineseGenerate {
    static let table: [String: String] = [
        "gen.title": "生成：模型从 h₀ = 0 开始读入提示，然后一次写出一个字符",
        "gen.title.short": "生成：从 h₀ = 0 读入提示，再逐字写出",
        "gen.entropy": "熵 {entropy} nats",
        "gen.window.beyond": "超出 T={window}：训练时从 h₀ = 0 出发从未走这么远；h 继续沿用（与 char-rnn 相同）",
        "gen.window.beyond.short": "超出 T={window}：已超过训练窗口长度；h 继续沿用",
        "gen.window.within": "在 T={window} 以内，即训练窗口的长度",
        "gen.last.greedy": "贪心（n）",
        "gen.last.sampled": "在 τ = {tau} 时采样",
        "gen.last": "上一个：{character} {how}，p = {p}（softmax p = {plain}）",
        "gen.keys.limit": "已有 {count} 个字符：e 新提示，backspace 撤回一个",
        "gen.keys": "space 采样  n 贪心  p 连续生成  backspace 撤回  e 提示  < > τ",
        "gen.keys.running": "space 采样  n 贪心  p 停止  backspace 撤回  e 提示  < > τ",
        "gen.not_in_vocabulary": "提示中有本模型词表里没有的字符：按 e 重新输入",
        "gen.bars.next": "下一个",
        "gen.bars.p": "τ={tau} 时的 p",
        "gen.bars.most_likely": "◀ 最可能（n）",
    ]
}
