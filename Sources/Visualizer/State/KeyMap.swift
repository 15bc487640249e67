import Localization

/// The explorer's keys: one table from which the key handler, the help overlay, the status
/// bar's hints and the README's key table all come (a test holds the README to it).
public enum KeyMap {
    /// One line of help: the keys as shown, what they do, and which command each key runs.
    /// The texts live in the string tables under `help.key.<id>` (and `help.key.<id>.detail`);
    /// the README's table is made from the English ones.
    public struct Row: Sendable {
        /// The keys as the help shows them, e.g. "← → / h l" (key names are not translated).
        public let label: String
        /// The row's name in the string tables: `help.key.<id>`.
        public let id: String
        /// Whether the README's table adds `help.key.<id>.detail` after the help.
        public let hasDetail: Bool
        public let bindings: [(key: UserKey, command: Command)]
        /// The status bar's hint in the full layout (a table key), and in the compact one (key
        /// names only) with its place there.
        let hint: String?
        let compactHint: (text: String, order: Int)?

        init(_ label: String, _ id: String, detail: Bool = false, _ bindings: [(UserKey, Command)],
             hint: String? = nil, compact: (String, Int)? = nil) {
            self.label = label
            self.id = id
            self.hasDetail = detail
            self.bindings = bindings.map { (key: $0.0, command: $0.1) }
            self.hint = hint
            self.compactHint = compact.map { (text: $0.0, order: $0.1) }
        }

        /// What the keys do, in a line of the help overlay.
        public func help(_ strings: Strings) -> String { strings["help.key.\(id)"] }
        /// More for the README's table, after the help.
        public func detail(_ strings: Strings) -> String? { hasDetail ? strings["help.key.\(id).detail"] : nil }
        /// Every table key the row uses.
        public var tableKeys: [String] {
            ["help.key.\(id)"] + (hasDetail ? ["help.key.\(id).detail"] : []) + (hint.map { [$0] } ?? [])
        }
    }

    public static let rows: [Row] = [
        Row("← → / h l", "step",
            [(.left, .previousStep), (.character("h"), .previousStep), (.right, .nextStep), (.character("l"), .nextStep)],
            hint: "help.hint.step", compact: ("←→", 1)),
        Row("Home End / g G", "ends",
            [(.home, .firstStep), (.character("g"), .firstStep), (.end, .lastStep), (.character("G"), .lastStep)]),
        Row("space, backspace", "substep",
            detail: true,
            [(.character(" "), .nextSubStep), (.backspace, .previousSubStep)], hint: "help.hint.substep", compact: ("space", 0)),
        Row("f / b", "phase", [(.character("f"), .forwardPhase), (.character("b"), .backwardPhase)],
            hint: "help.hint.phase", compact: ("f/b", 2)),
        Row("↑ ↓ / k j", "unit",
            [(.up, .unitUp), (.character("k"), .unitUp), (.down, .unitDown), (.character("j"), .unitDown),
             (.pageUp, .unitPageUp), (.pageDown, .unitPageDown)]),
        Row("t / T", "train",
            detail: true,
            [(.character("t"), .trainEpoch), (.character("T"), .toggleTraining)], hint: "help.hint.train"),
        Row("+ / -", "pace", detail: true,
            [(.character("+"), .faster), (.character("-"), .slower)]),
        Row("p", "autoplay", detail: true, [(.character("p"), .toggleAutoplay)]),
        Row("s / S", "window", [(.character("s"), .nextWindow), (.character("S"), .previousWindow)]),
        Row("e", "edit", detail: true,
            [(.character("e"), .editText)]),
        Row("r", "reinit", detail: true,
            [(.character("r"), .reinitialise)]),
        Row("c / a", "cell",
            detail: true,
            [(.character("c"), .cycleCell), (.character("a"), .toggleActivation)]),
        Row("[ / ]", "length",
            detail: true,
            [(.character("["), .shorter), (.character("]"), .longer)]),
        Row("w", "preset",
            detail: true,
            [(.character("w"), .nextPreset)]),
        Row("P", "partner", detail: true, [(.character("P"), .switchPartner)]),
        Row("R", "reveal", detail: true,
            [(.character("R"), .toggleReveal)]),
        // One row for both (the help fills 80×24 to the last row).
        Row("y / , .", "scale", detail: true,
            [(.character("y"), .toggleLogScale), (.character(","), .rewindBack), (.character("."), .rewindForward)]),
        Row("v / L", "theme", detail: true,
            [(.character("v"), .cycleTheme), (.character("L"), .toggleLanguage)]),
        Row("< > n Enter m M", "generate",
            detail: true,
            [(.character("<"), .cooler), (.character(">"), .hotter), (.character("n"), .greedyStep), (.enter, .openGenerated),
             (.character("m"), .nextTensor), (.character("M"), .previousTensor)]),
        Row("x / W / O", "files",
            detail: true,
            [(.character("x"), .export), (.character("W"), .saveWeights), (.character("O"), .openWeights)]),
        Row("tab / shift-tab", "views",
            detail: true, [(.tab, .nextView), (.backTab, .previousView)]),
        Row("? / q", "help", detail: true,
            [(.character("?"), .toggleHelp), (.character("q"), .quit), (.escape, .cancel)], hint: "help.hint.help", compact: ("?", 3)),
    ]

    /// The command `key` runs, if it is bound.
    public static func command(for key: UserKey) -> Command? { table[key] }

    private static let table: [UserKey: Command] = Dictionary(
        rows.flatMap { $0.bindings.map { ($0.key, $0.command) } }, uniquingKeysWith: { first, _ in first })

    /// The status bar's key hints, as wide as the layout allows.
    static func hints(full: Bool, strings: Strings) -> String {
        if full { return rows.compactMap(\.hint).map { strings[$0] }.joined(separator: "  ") + " " }
        return rows.compactMap(\.compactHint).sorted { $0.order < $1.order }.map(\.text).joined(separator: " ") + " "
    }

    /// The README's key table (its rows between the header and the next blank line).
    public static var markdownRows: [String] {
        let strings = Strings(.en)
        return rows.map { row in
            let keys = row.label.split(separator: " ").map { token -> String in
                if token == "/" { return "/" }
                return token.hasSuffix(",") && token.count > 1 ? "`\(token.dropLast())`," : "`\(token)`"
            }.joined(separator: " ")
            return "| \(keys) | \(row.help(strings))\(row.detail(strings).map { "; \($0)" } ?? "") |"
        }
    }
}
