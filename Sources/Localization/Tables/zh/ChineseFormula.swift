/// 公式面板的边框文字和公式里的词。
enum ChineseFormula {
    static let table: [String: String] = [
        "formula.unit": "单元 {unit}（↑/↓）",
        "formula.concealed": "先回答下面的问题（按 1–9 作答，或按 Enter 揭晓）",
        "formula.more": "更多 ↓",
        "formula.symbol.gates": "门",
    ]
}
