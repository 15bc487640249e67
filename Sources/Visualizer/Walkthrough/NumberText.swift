import Foundation

/// How numbers read in formulas: two decimals where that is honest, scientific notation for
/// small gradients, negative terms in parentheses so `a + (-b)` reads as the sum it is.
public enum NumberText {
    /// A value: `0.31`, `-0.20`, `4.3e-04`.
    public static func value(_ v: Float) -> String {
        guard v.isFinite else { return v.isNaN ? "NaN" : (v > 0 ? "+Inf" : "-Inf") }
        let magnitude = abs(v)
        if magnitude != 0 && (magnitude < 0.01 || magnitude >= 10_000) { return String(format: "%.1e", v) }
        return String(format: "%.2f", v)
    }

    /// A value with three significant decimals, for results like tanh(−0.20) = −0.197.
    public static func precise(_ v: Float) -> String {
        guard v.isFinite else { return value(v) }
        let magnitude = abs(v)
        if magnitude != 0 && (magnitude < 0.001 || magnitude >= 10_000) { return String(format: "%.2e", v) }
        return String(format: "%.3f", v)
    }

    /// A term inside a sum: negative values in parentheses.
    public static func term(_ v: Float) -> String {
        v < 0 || v.sign == .minus && v != 0 ? "(\(value(v)))" : value(v)
    }
}
