import Foundation

/// LaTeX from `$…$` made readable in a terminal: commands become their symbols, braces that
/// only group disappear, and the notes' subscript notation (h_t, h_{t-1}, W_hh) stays.
public enum MathText {
    static let commands: [(String, String)] = [
        ("\\tanh", "tanh"), ("\\log", "log"), ("\\exp", "exp"), ("\\max", "max"), ("\\min", "min"),
        ("\\sum", "Σ"), ("\\prod", "Π"), ("\\odot", "⊙"), ("\\partial", "∂"), ("\\nabla", "∇"),
        ("\\sigma", "σ"), ("\\rho", "ρ"), ("\\theta", "θ"), ("\\eta", "η"), ("\\alpha", "α"), ("\\beta", "β"),
        ("\\epsilon", "ε"), ("\\lambda", "λ"), ("\\times", "×"), ("\\cdot", "·"), ("\\approx", "≈"),
        ("\\leq", "≤"), ("\\geq", "≥"), ("\\le", "≤"), ("\\ge", "≥"), ("\\neq", "≠"), ("\\to", "→"), ("\\leftarrow", "←"), ("\\rightarrow", "→"), ("\\Rightarrow", "⇒"), ("\\gets", "←"),
        ("\\infty", "∞"), ("\\ldots", "…"), ("\\cdots", "⋯"), ("\\lVert", "‖"), ("\\rVert", "‖"), ("\\|", "‖"),
        ("\\left", ""), ("\\right", ""), ("\\quad", "  "), ("\\,", " "), ("\\;", " "), ("\\!", ""),
        ("^\\top", "ᵀ"), ("^{\\top}", "ᵀ"), ("^{T}", "^T"), ("^2", "²"), ("^{2}", "²"), ("^{-1}", "⁻¹"),
        ("\\hat{y}", "ŷ"), ("\\hat y", "ŷ"),
    ]

    public static func readable(_ latex: String) -> String {
        var s = latex
        // Longest first, so \top is not read as \to followed by p.
        for (command, symbol) in commands.sorted(by: { $0.0.count > $1.0.count }) {
            // `\partial L` is ∂L: a symbol swallows the space that ended its command.
            if ["∂", "∇", "Σ", "Π"].contains(symbol) {
                s = s.replacingOccurrences(of: command + " ", with: symbol)
            }
            s = s.replacingOccurrences(of: command, with: symbol)
        }
        s = unwrap(s, command: "\\hat", suffix: "\u{0302}")
        s = unwrap(s, command: "\\mathrm", suffix: "")
        s = unwrap(s, command: "\\text", suffix: "")
        s = unwrap(s, command: "\\mathbf", suffix: "")
        s = fractions(s)
        // _{hh} → _hh for plain letters, but h_{t-1} keeps its braces as on screen.
        s = simplifySubscripts(s)
        return s.replacingOccurrences(of: "\\", with: "")
    }

    /// \cmd{x} → x + suffix.
    static func unwrap(_ s: String, command: String, suffix: String) -> String {
        var out = s
        while let range = out.range(of: command + "{"), let close = out[range.upperBound...].firstIndex(of: "}") {
            let inner = String(out[range.upperBound..<close])
            out.replaceSubrange(range.lowerBound...close, with: inner + suffix)
        }
        return out
    }

    /// \frac{a}{b} → a/b (with parentheses around compound parts).
    static func fractions(_ s: String) -> String {
        var out = s
        while let range = out.range(of: "\\frac{"),
              let mid = out[range.upperBound...].range(of: "}{"),
              let close = out[mid.upperBound...].firstIndex(of: "}") {
            func wrap(_ x: String) -> String { x.count > 1 && x.contains(where: { " +-".contains($0) }) ? "(\(x))" : x }
            let a = String(out[range.upperBound..<mid.lowerBound]), b = String(out[mid.upperBound..<close])
            out.replaceSubrange(range.lowerBound...close, with: "\(wrap(a))/\(wrap(b))")
        }
        return out
    }

    static func simplifySubscripts(_ s: String) -> String {
        var out = s
        var searchStart = out.startIndex
        while let range = out.range(of: "_{", range: searchStart..<out.endIndex),
              let close = out[range.upperBound...].firstIndex(of: "}") {
            let inner = out[range.upperBound..<close]
            if !inner.isEmpty, inner.allSatisfy({ $0.isLetter || $0.isNumber }) {
                out.replaceSubrange(range.lowerBound...close, with: "_" + inner)
                searchStart = out.startIndex
            } else {
                searchStart = out.index(after: close)
            }
        }
        return out
    }
}
