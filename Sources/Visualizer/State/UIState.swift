import Localization
import RNNCore
import ScopeNames

/// What the screen is doing, apart from the model and the cursor: the view, the overlays, the
/// running modes, the line being typed and the one-line message.
public struct UIState: Sendable {
    public var view: ScreenView = .step
    public var showHelp = false
    public var logScale = false
    /// Sub-steps advance by themselves.
    public var autoplay = false
    /// Training runs continuously between keys.
    public var training = false
    /// How fast training and auto-play go.
    public var pace = Pace()
    /// Continuous training stops by itself at this epoch (the notes' 500 unless `--until` or a
    /// lesson says otherwise); nil once passed, so `T` continues.
    public var trainUntil: Int? = SeedNotes.epochs
    /// Progressive reveal is off: every panel shows its values, computed yet or not.
    public var revealAll = false
    /// A lesson's question is waiting for its answer: no value that could give it away is drawn.
    public var concealed = false
    /// Text being typed after `e` (or a path after `W` / `O`), nil when not typing.
    public var editing: String?
    /// What the text being typed is for.
    public var typing: Typing = .sequence
    /// `W` found a file at this path: "overwrite? y/n" is waiting for its answer.
    public var confirmingOverwrite: String?
    /// A command that changes the model was given while the past is shown: "drop the later
    /// epochs? y/n" is waiting for its answer, and y carries it out.
    public var confirmingBranch: Command?
    /// The theme chosen with `--theme` or the `v` key.
    /// The interface's language: `--lang`, a Chinese lesson, or `LC_ALL`/`LANG` starting with zh.
    public var language: Language = .en
    public var theme: ThemeName = .auto
    /// What `auto` stands for on this terminal: `dark` or `light` (detected before the screen
    /// starts; dark when unknown).
    public var autoTheme: ThemeName = .dark
    /// A one-line note for the user: what a key did, or why it was refused.
    public var message: String?
    /// Presentation mode (`--present`): the step view becomes the classroom layout, with
    /// fewer panels, bigger cells and the formula in large glyphs.
    public var present = false
    /// The optimizer view's tensor (`m` / `M`), and the entry a lesson's `entry:` placed
    /// (nil: the inspected unit's largest |g|; ↑↓ clears it).
    public var optimizerTensor: OptimizerTensor = .recurrent
    public var optimizerEntry: [Int]?

    public init() {}

    /// What `editing` holds.
    public enum Typing: Sendable {
        /// A sequence to show (`e`).
        case sequence
        /// Where to save the weights (`W`).
        case savePath
        /// A weight file to open (`O`).
        case openPath
    }

    /// The theme the screen draws with: `theme`, with `auto` resolved to `autoTheme`.
    /// Every user-visible string, in `language`.
    public var strings: Strings { Strings(language) }

    public var resolvedTheme: ThemeName { theme == .auto ? (autoTheme == .light ? .light : .dark) : theme }
}
