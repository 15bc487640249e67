import Foundation

/// Short number texts for axes, legends and formulas: fixed decimals where they are honest,
/// scientific notation for tiny or huge magnitudes, ASCII `-` so labels copy-paste cleanly.
public enum NumberFormat {
    /// `0.31`, `-0.20`, `1.2e-05`, `3.1e+04`, `NaN`, `+Inf`, `-Inf`.
    ///
    /// Magnitudes in `10^-digits ..< 10_000` get `digits` decimals; anything else non-zero gets
    /// `digits` significant digits in scientific notation. Zero (also `-0`) is `0.00`.
    /// `digits` is clamped to 1…9.
    public static func compact(_ v: Float, digits: Int = 2) -> String {
        guard v.isFinite else { return v.isNaN ? "NaN" : (v > 0 ? "+Inf" : "-Inf") }
        let d = min(max(digits, 1), 9)
        let x = Double(v)
        if x == 0 { return String(format: "%.\(d)f", 0.0) }
        let magnitude = abs(x)
        if magnitude < pow(10, Double(-d)) || magnitude >= 10_000 {
            return String(format: "%.\(d - 1)e", x)
        }
        return String(format: "%.\(d)f", x)
    }

    /// `compact`, with negative values in parentheses for use inside formulas: `(-0.54)`.
    public static func signed(_ v: Float, digits: Int = 2) -> String {
        let text = compact(v, digits: digits)
        return text.hasPrefix("-") ? "(\(text))" : text
    }

    /// A power of ten as an axis label: `1e-3`, `1e0`, `1e2`.
    public static func decade(_ exponent: Int) -> String { "1e\(exponent)" }
}
