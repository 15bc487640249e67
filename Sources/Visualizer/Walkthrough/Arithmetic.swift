import Foundation

/// An expression the formula panel shows with its numbers, e.g. `-0.0100 × (1 − (-0.700)²)`.
/// It is rendered and evaluated from the same rounded operands, so `Arithmetic.line` can pick
/// enough significant digits that a student who recomputes the displayed expression from the
/// displayed operands gets the displayed result (within 1%, or half a unit in its last digit).
indirect enum Arithmetic: Sendable {
    case number(Double)
    /// An exact constant such as the 1 in `1 − z`, written without decimals.
    case constant(Int)
    case sum([Arithmetic])
    case difference(Arithmetic, Arithmetic)
    case product([Arithmetic])
    case quotient(Arithmetic, Arithmetic)
    case square(Arithmetic)
    /// `tanh`, `σ`, `exp`, `log`, `relu`, `√`.
    case function(String, Arithmetic)
    /// `1[x > 0]`, the ReLU's slope.
    case indicator(Arithmetic)
    /// `−x`, e.g. `−log(0.0750)`.
    case negation(Arithmetic)

    static func n(_ v: Float) -> Arithmetic { .number(Double(v)) }
    static func n(_ v: Double) -> Arithmetic { .number(v) }
    static let one = Arithmetic.constant(1)

    /// The text with operands at `digits` significant digits; a negative operand that does not
    /// open the expression (or a function's argument) goes in parentheses.
    func text(digits: Int, leading: Bool = true) -> String {
        switch self {
        case .number(let v):
            return leading ? NumberText.value(v, digits: digits) : NumberText.term(v, digits: digits)
        case .constant(let k):
            return leading || k >= 0 ? String(k) : "(\(k))"
        case .sum(let terms):
            return terms.enumerated().map { $1.text(digits: digits, leading: leading && $0 == 0) }.joined(separator: " + ")
        case .difference(let a, let b):
            return a.text(digits: digits, leading: leading) + " − " + b.wrapped(digits, when: b.isSum)
        case .product(let factors):
            return factors.enumerated().map { index, f in
                f.isSum ? "(\(f.text(digits: digits)))" : f.text(digits: digits, leading: leading && index == 0)
            }.joined(separator: " × ")
        case .quotient(let a, let b):
            let top = a.isSum ? "(\(a.text(digits: digits)))" : a.text(digits: digits, leading: leading)
            return top + " / " + b.wrapped(digits, when: b.isSum || b.isProduct)
        case .square(let a):
            if case .number(let v) = a, v >= 0 { return a.text(digits: digits) + "²" }
            if case .function = a { return a.text(digits: digits) + "²" }
            return "(\(a.text(digits: digits)))²"
        case .function(let name, let a):
            return "\(name)(\(a.text(digits: digits)))"
        case .indicator(let a):
            return "1[\(a.text(digits: digits)) > 0]"
        case .negation(let a):
            return "−" + a.wrapped(digits, when: a.isSum || a.isProduct)
        }
    }

    private func wrapped(_ digits: Int, when: Bool) -> String {
        when ? "(\(text(digits: digits)))" : text(digits: digits, leading: false)
    }

    private var isSum: Bool {
        switch self {
        case .sum(let terms): return terms.count > 1
        case .difference: return true
        default: return false
        }
    }

    private var isProduct: Bool {
        switch self {
        case .product, .quotient: return true
        default: return false
        }
    }

    /// The value a student gets from the operands as shown at `digits` significant digits.
    func value(digits: Int) -> Double {
        switch self {
        case .number(let v): return Double(NumberText.value(v, digits: digits)) ?? v
        case .constant(let k): return Double(k)
        case .sum(let terms): return terms.reduce(0) { $0 + $1.value(digits: digits) }
        case .difference(let a, let b): return a.value(digits: digits) - b.value(digits: digits)
        case .product(let factors): return factors.reduce(1) { $0 * $1.value(digits: digits) }
        case .quotient(let a, let b): return a.value(digits: digits) / b.value(digits: digits)
        case .square(let a): let v = a.value(digits: digits); return v * v
        case .indicator(let a): return a.value(digits: digits) > 0 ? 1 : 0
        case .negation(let a): return -a.value(digits: digits)
        case .function(let name, let a):
            let x = a.value(digits: digits)
            switch name {
            case "tanh": return Foundation.tanh(x)
            case "σ": return 1 / (1 + Foundation.exp(-x))
            case "exp": return Foundation.exp(x)
            case "log": return Foundation.log(x)
            case "relu": return max(0, x)
            case "√": return x.squareRoot()
            default: return x
            }
        }
    }

    /// Whether `computed` reads as the result `shown`: within 1% or half a unit in its last
    /// digit (half the tolerance a student is promised, so rounding never tips it over).
    static func agrees(_ computed: Double, _ shown: String) -> Bool {
        guard let result = Double(shown) else { return true }
        return abs(computed - result) <= max(0.01 * abs(result), 0.5 * NumberText.lastDigitUnit(shown))
    }

    /// `lhs op expression = result`, with the fewest significant digits (3 at least) at which
    /// the expression, evaluated from its shown operands, gives the shown result.
    /// `symbolic` goes between `lhs` and the numbers, e.g. `logsumexp(z_t) − z_t['!']`.
    static func line(_ lhs: String, op: String = "=", symbolic: String? = nil, _ expression: Arithmetic, result: Double) -> String {
        let shown = NumberText.value(result)
        var digits = NumberText.digits
        if result.isFinite {
            while digits < 9, !agrees(expression.value(digits: digits), shown) { digits += 1 }
        }
        let middle = symbolic.map { "\($0) = " } ?? ""
        return "\(lhs) \(op) \(middle)\(expression.text(digits: digits)) = \(shown)"
    }

    static func line(_ lhs: String, op: String = "=", symbolic: String? = nil, _ expression: Arithmetic, result: Float) -> String {
        line(lhs, op: op, symbolic: symbolic, expression, result: Double(result))
    }
}
