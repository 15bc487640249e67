/// The formula panel's frame and the words inside formulas.
enum EnglishFormula {
    static let table: [String: String] = [
        "formula.unit": "unit {unit} (↑/↓)",
        "formula.concealed": "answer the question below first (1–9, or Enter to reveal)",
        "formula.more": "more ↓",
        "formula.symbol.gates": "gates",
    ]
}
