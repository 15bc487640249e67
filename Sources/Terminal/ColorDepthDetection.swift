import CellGrid

extension ColorDepth {
    /// The colour depth to draw with, from what the terminal reports and the environment:
    /// `NO_COLOR` set to any non-empty value (https://no-color.org) or no colour support →
    /// monochrome; 256 colours or more → color256; 8 or more → color8; else monochrome.
    public static func detect(hasColors: Bool, colors: Int, environment: [String: String]) -> ColorDepth {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .monochrome }
        guard hasColors else { return .monochrome }
        if colors >= 256 { return .color256 }
        if colors >= 8 { return .color8 }
        return .monochrome
    }
}
