import Foundation

/// How every number reads on screen, in formulas, panels and lessons alike: three significant
/// digits (`0.312`, `-5.10`, `88.3`, `1094`), scientific notation below 0.01 and from 10 000
/// (`6.30e-03`, `3.50e+13`), `0` for zero, and negative terms in parentheses inside a formula
/// so `a + (-b)` reads as the sum it is.
public enum NumberText {
    /// A setting as it was given (lr 0.01, clip 5): the shortest form, not a measured value.
    public static func setting(_ v: Float) -> String { String(format: "%g", Double(v)) }

    /// The significant digits every number gets unless a formula needs more to check by hand.
    public static let digits = 3

    /// A value with `digits` significant digits: `0.312`, `-0.200`, `4.30e-04`.
    public static func value(_ v: Float, digits: Int = digits) -> String { value(Double(v), digits: digits) }

    /// A value with `digits` significant digits (clamped to 1…9).
    public static func value(_ v: Double, digits: Int = digits) -> String {
        guard v.isFinite else { return v.isNaN ? "NaN" : (v > 0 ? "+Inf" : "-Inf") }
        if v == 0 { return "0" }
        let d = min(max(digits, 1), 9)
        let scientific = String(format: "%.\(d - 1)e", v)
        // Decide on the value as rounded, so 0.00999999 (a Float's 0.01) reads 0.0100.
        let magnitude = abs(Double(scientific) ?? v)
        if magnitude < 0.01 || magnitude >= 10_000 { return scientific }
        let exponent = Int(floor(log10(magnitude)))
        return String(format: "%.\(max(0, d - 1 - exponent))f", v)
    }

    /// The same as `value`: kept for the places that named a result "precise".
    public static func precise(_ v: Float) -> String { value(v) }

    /// A term inside a sum: negative values in parentheses.
    public static func term(_ v: Float, digits: Int = digits) -> String { term(Double(v), digits: digits) }

    /// A term inside a sum: negative values in parentheses.
    public static func term(_ v: Double, digits: Int = digits) -> String {
        let text = value(v, digits: digits)
        return text.hasPrefix("-") ? "(\(text))" : text
    }

    /// A ratio such as the gradient's fading, `1094` or `3.50e+13`: the same format, so a
    /// panel and the narration print the same number the same way.
    public static func ratio(_ r: Double) -> String {
        guard r.isFinite else { return "∞" }
        return value(r)
    }

    /// One unit in the last digit `text` shows: 0.001 for `0.312`, 1e-09 for `1.51e-07`, 1
    /// for `1094`; 0 for `0` (a zero result must come out exactly).
    public static func lastDigitUnit(_ text: String) -> Double {
        if text == "0" || text == "-0" { return 0 }
        let lower = text.lowercased()
        let (mantissa, exponent): (Substring, Int)
        if let e = lower.firstIndex(of: "e") {
            mantissa = lower[..<e]
            exponent = Int(lower[lower.index(after: e)...].replacingOccurrences(of: "+", with: "")) ?? 0
        } else {
            mantissa = lower[...]
            exponent = 0
        }
        let decimals = mantissa.firstIndex(of: ".").map { mantissa.distance(from: $0, to: mantissa.endIndex) - 1 } ?? 0
        return pow(10, Double(exponent - decimals))
    }
}
