/// The explorer's keys: one table from which the key handler, the help overlay, the status
/// bar's hints and the README's key table all come (a test holds the README to it).
public enum KeyMap {
    /// One line of help: the keys as shown, what they do, and which command each key runs.
    public struct Row: Sendable {
        /// The keys as the help shows them, e.g. "← → / h l".
        public let label: String
        /// What they do, in a line of the help overlay.
        public let help: String
        /// More for the README's table, after the help.
        public let detail: String?
        public let bindings: [(key: UserKey, command: Command)]
        /// The status bar's hint in the full layout, and in the compact one with its place there.
        let hint: String?
        let compactHint: (text: String, order: Int)?

        init(_ label: String, _ help: String, detail: String? = nil, _ bindings: [(UserKey, Command)],
             hint: String? = nil, compact: (String, Int)? = nil) {
            self.label = label
            self.help = help
            self.detail = detail
            self.bindings = bindings.map { (key: $0.0, command: $0.1) }
            self.hint = hint
            self.compactHint = compact.map { (text: $0.0, order: $0.1) }
        }
    }

    public static let rows: [Row] = [
        Row("← → / h l", "previous / next time step",
            [(.left, .previousStep), (.character("h"), .previousStep), (.right, .nextStep), (.character("l"), .nextStep)],
            hint: "←→ step", compact: ("←→", 1)),
        Row("Home End / g G", "first / last time step (t=1, t=T)",
            [(.home, .firstStep), (.character("g"), .firstStep), (.end, .lastStep), (.character("G"), .lastStep)]),
        Row("space, backspace", "next / previous sub-step (forward, then BPTT)",
            detail: "every step of the sequence forward, then BPTT from t=T down to 1; in the generate view: sample the next character / take the last one back; in the neuron view: the next / previous unit of the feature list",
            [(.character(" "), .nextSubStep), (.backspace, .previousSubStep)], hint: "space sub-step", compact: ("space", 0)),
        Row("f / b", "forward pass from t=1 / BPTT from t=T", [(.character("f"), .forwardPhase), (.character("b"), .backwardPhase)],
            hint: "f/b phase", compact: ("f/b", 2)),
        Row("↑ ↓ / k j", "inspect another unit (PgUp/PgDn: ±8)",
            [(.up, .unitUp), (.character("k"), .unitUp), (.down, .unitDown), (.character("j"), .unitDown),
             (.pageUp, .unitPageUp), (.pageDown, .unitPageDown)]),
        Row("t / T", "train one epoch / start or stop continuous training",
            detail: "an epoch is one full-batch update over all windows; T stops by itself at epoch 500 (--until), T again continues",
            [(.character("t"), .trainEpoch), (.character("T"), .toggleTraining)], hint: "t/T train"),
        Row("+ / -", "faster / slower training, or auto-play while it runs", detail: "training 1, 5, 20, 50, 200 epochs/s or max (default 50); auto-play 2 s … 0.05 s per sub-step",
            [(.character("+"), .faster), (.character("-"), .slower)]),
        Row("p", "auto-play the sub-steps, to the end of BPTT", detail: "for demos; + and - set its pace; in the generate view: generate on, one character at that pace, until p again", [(.character("p"), .toggleAutoplay)]),
        Row("s / S", "next / previous training window", [(.character("s"), .nextWindow), (.character("S"), .previousWindow)]),
        Row("e", "type your own sequence (last character = target)", detail: "characters outside the vocabulary are refused; in the generate view: a new prompt",
            [(.character("e"), .editText)]),
        Row("r", "re-initialise the weights", detail: "the next seed; lr, optimizer and clipping are kept",
            [(.character("r"), .reinitialise)]),
        Row("c / a", "cell RNN → GRU → LSTM / activation tanh ↔ relu",
            detail: "a new cell starts from fresh weights from the seed and the walk-through follows its gates; the activation (RNN only) keeps the weights",
            [(.character("c"), .cycleCell), (.character("a"), .toggleActivation)]),
        Row("[ / ]", "shorter / longer sequences, up to the whole text",
            detail: "2, 5, 10, 20, 30, 50, 100, 150, 200, 300 …; long windows are strided to keep an epoch small",
            [(.character("["), .shorter), (.character("]"), .longer)]),
        Row("w", "next W_hh preset: σ_max 0.5…1.5, orthogonal, identity",
            detail: "each applied to the model's initial W_hh (a gated cell: its candidate block W_hn / W_hg); watch the gradients view",
            [(.character("w"), .nextPreset)]),
        Row("P", "compare the RNN with a GRU instead of an LSTM", detail: "in the comparison view", [(.character("P"), .switchPartner)]),
        Row("R", "reveal all: show values not computed yet", detail: "off by default: the walk-through dims what the current sub-step has not computed",
            [(.character("R"), .toggleReveal)]),
        // One row for both (the help fills 80×24 to the last row).
        Row("y / , .", "loss curve: log scale / rewind to an earlier epoch",
            detail: "y: linear ↔ log; `,` and `.`: the previous / next snapshot of training, kept at epochs 0, 1, 2, 4, 8, … and every 50th (at most 32, fewer for a big model): every view shows the model at that epoch, marked on the loss curve; `.` past the last one or Esc returns to the present; t, T or any other change to the model asks, then continues from there and drops the later epochs",
            [(.character("y"), .toggleLogScale), (.character(","), .rewindBack), (.character("."), .rewindForward)]),
        Row("v", "theme: auto → dark → light → mono",
            detail: "for light terminals and projectors; auto follows the terminal's background (`--theme` sets it at start)",
            [(.character("v"), .cycleTheme)]),
        Row("< / >, n, Enter, m M", "generate: τ −/+, n greedy, Enter walk; optimizer: m/M tensor",
            detail: "generate view: τ steps through 0, 0.5, 1, 1.5, 2 (0 is greedy): the bars sharpen as τ falls and flatten as it rises; space samples at τ with the seeded generator, n appends the most likely character; Enter opens the prompt and the generated text as the sequence on screen (f forward, b BPTT), each next character the target (with --loss every; last: only the final one). Optimizer view: m / M the next / previous tensor, W_hh (a gated cell: then its gate blocks, e.g. W_hr W_hz W_hn), W_ih (and its blocks), b_ih, b_hh, W_hy, b_y, E; ↑↓ picks the unit, whose largest-|g| entry the arithmetic explains",
            [(.character("<"), .cooler), (.character(">"), .hotter), (.character("n"), .greedyStep), (.enter, .openGenerated),
             (.character("m"), .nextTensor), (.character("M"), .previousTensor)]),
        Row("x / W / O", "export the screen (SVG + text) / write, open weights",
            detail: "x writes `rnnscope-<view>-t<t>-<yyyymmdd-hhmmss>.svg` and `.txt` in the current folder or `--export-dir`, never overwriting; W and O type a path, Enter: W saves the weights with the optimizer's state (training resumes exactly; atomic; asks before overwriting a file), O opens a weight file in place of the model, checked as `--weights` does",
            [(.character("x"), .export), (.character("W"), .saveWeights), (.character("O"), .openWeights)]),
        Row("tab / shift-tab", "views: step … generate, neurons, optimizer",
            detail: "in turn step, through time, training, W_hh, gradients, RNN vs gated, generate, neurons and optimizer", [(.tab, .nextView), (.backTab, .previousView)]),
        Row("? / q", "this help (any key closes) / quit (Ctrl-C too)", detail: "the terminal is always restored",
            [(.character("?"), .toggleHelp), (.character("q"), .quit), (.escape, .cancel)], hint: "? help", compact: ("?", 3)),
    ]

    /// The command `key` runs, if it is bound.
    public static func command(for key: UserKey) -> Command? { table[key] }

    private static let table: [UserKey: Command] = Dictionary(
        rows.flatMap { $0.bindings.map { ($0.key, $0.command) } }, uniquingKeysWith: { first, _ in first })

    /// The status bar's key hints, as wide as the layout allows.
    static func hints(full: Bool) -> String {
        if full { return rows.compactMap(\.hint).joined(separator: "  ") + " " }
        return rows.compactMap(\.compactHint).sorted { $0.order < $1.order }.map(\.text).joined(separator: " ") + " "
    }

    /// The README's key table (its rows between the header and the next blank line).
    public static var markdownRows: [String] {
        rows.map { row in
            let keys = row.label.split(separator: " ").map { token -> String in
                if token == "/" { return "/" }
                return token.hasSuffix(",") && token.count > 1 ? "`\(token.dropLast())`," : "`\(token)`"
            }.joined(separator: " ")
            return "| \(keys) | \(row.help)\(row.detail.map { "; \($0)" } ?? "") |"
        }
    }
}
