import CellGrid

/// Which colours the screen uses, as `--theme` and the `v` key choose them.
///
/// - `auto`: `dark` or `light`, whichever the terminal's background needs (detected from
///   `COLORFGBG` and an OSC 11 query before the screen starts; dark when unknown).
/// - `dark`: colours chosen for a dark background (taken as black).
/// - `light`: colours chosen for a light background (taken as white), e.g. macOS Terminal's
///   default or a projector.
/// - `mono`: no colour at all: shading glyphs and attributes, readable on any background.
public enum ThemeName: String, CaseIterable, Sendable {
    case auto, dark, light, mono

    /// The next theme the `v` key goes to: auto → dark → light → mono → auto.
    public var next: ThemeName {
        let all = Self.allCases
        return all[((all.firstIndex(of: self) ?? 0) + 1) % all.count]
    }
}

/// The colours of one theme. Text uses the terminal's default foreground wherever it can
/// (readable on any background); every other text colour has a WCAG contrast ratio of at
/// least 4.5:1 against the background it is drawn on (a test checks every text cell).
public struct ThemePalette: Sendable {
    /// The background the theme's colours are chosen for (nil for mono).
    public let background: Color?
    let header: Style
    let status: Style
    let statusPhaseForward: Style
    let statusPhaseBackward: Style
    let label: Style
    let dim: Style
    let emphasis: Style
    let formula: Style
    let numbers: Style
    let target: Style
    let wrong: Style
    let current: Style
    let message: Style
    let overlay: Style
    let overlayDim: Style
    let keyName: Style
    let liveValue: Style
    let code: Style
    let lossLine: Color
    /// The validation (held-out) loss curve beside `lossLine`.
    let validationLine: Color
    let gradientBars: Color
    let probabilityBar: Color
    let rnnLine: Color
    let gatedLine: Color
    let highlight: Color
    let frame: Color

    /// Styles that set their own background, identical in both themes: they read the same
    /// on any terminal. Colours given reversed (black text on a coloured block) so that
    /// without colour the reverse video still marks the phase, the current step and titles.
    private static let shared = (
        header: Style(foreground: .palette(231), background: .palette(24), bold: true),
        status: Style(foreground: .palette(231), background: .palette(238)),
        forward: Style(foreground: .palette(114), background: .palette(16), bold: true, reverse: true),
        backward: Style(foreground: .palette(209), background: .palette(16), bold: true, reverse: true),
        current: Style(foreground: .palette(220), background: .palette(16), bold: true, reverse: true),
        message: Style(foreground: .palette(229), background: .palette(236)),
        overlay: Style(foreground: .palette(231), background: .palette(235)),
        overlayDim: Style(foreground: .palette(250), background: .palette(235)),
        keyName: Style(foreground: .palette(220), background: .palette(235), bold: true)
    )

    /// For a dark background: pale colours.
    public static let dark = ThemePalette(
        background: .palette(16),
        header: shared.header, status: shared.status,
        statusPhaseForward: shared.forward, statusPhaseBackward: shared.backward,
        label: Style(foreground: .palette(250)),
        dim: Style(foreground: .palette(244)),
        emphasis: Style(foreground: .palette(229), bold: true),
        formula: Style(foreground: .palette(153), bold: true),
        numbers: Style(),
        target: Style(foreground: .palette(114), bold: true),
        wrong: Style(foreground: .palette(210)),
        current: shared.current, message: shared.message,
        overlay: shared.overlay, overlayDim: shared.overlayDim, keyName: shared.keyName,
        liveValue: Style(foreground: .palette(114), bold: true),
        code: Style(foreground: .palette(180)),
        lossLine: .palette(214), validationLine: .palette(75), gradientBars: .palette(75), probabilityBar: .palette(152),
        rnnLine: .palette(214), gatedLine: .palette(75),
        highlight: .palette(11),
        frame: .palette(244))

    /// For a light background: the same hues, dark enough to read on white.
    public static let light = ThemePalette(
        background: .palette(231),
        header: shared.header, status: shared.status,
        statusPhaseForward: shared.forward, statusPhaseBackward: shared.backward,
        label: Style(foreground: .palette(238)),
        dim: Style(foreground: .palette(242)),
        emphasis: Style(foreground: .palette(94), bold: true),
        formula: Style(foreground: .palette(25), bold: true),
        numbers: Style(),
        target: Style(foreground: .palette(22), bold: true),
        wrong: Style(foreground: .palette(160)),
        current: shared.current, message: shared.message,
        overlay: shared.overlay, overlayDim: shared.overlayDim, keyName: shared.keyName,
        liveValue: Style(foreground: .palette(22), bold: true),
        code: Style(foreground: .palette(90)),
        lossLine: .palette(130), validationLine: .palette(25), gradientBars: .palette(25), probabilityBar: .palette(67),
        rnnLine: .palette(130), gatedLine: .palette(25),
        highlight: .palette(172),
        frame: .palette(245))

    /// The palette a theme draws with (`auto` must be resolved first; it draws as dark).
    public static func of(_ theme: ThemeName) -> ThemePalette {
        switch theme {
        case .light: return .light
        case .auto, .dark, .mono: return .dark
        }
    }
}

/// The explorer's styles in one place, so colours stay consistent across views. They come
/// from the palette of the frame being drawn: `ExplorerScreen.render` and
/// `LessonScreen.render` bind `Theme.palette` to the frame's theme around all drawing, so
/// views keep writing `Theme.dim` and never hold the theme themselves.
enum Theme {
    @TaskLocal static var palette: ThemePalette = .dark

    /// Draws with the palette of `theme` (a resolved theme: dark, light or mono); mono's
    /// grid loses every colour afterwards.
    static func drawing(_ theme: ThemeName, _ body: () -> CellGrid) -> CellGrid {
        let grid = $palette.withValue(ThemePalette.of(theme), operation: body)
        return theme == .mono ? grid.degraded(to: .monochrome) : grid
    }

    static var header: Style { palette.header }
    static var status: Style { palette.status }
    static var statusPhaseForward: Style { palette.statusPhaseForward }
    static var statusPhaseBackward: Style { palette.statusPhaseBackward }
    static var label: Style { palette.label }
    static var dim: Style { palette.dim }
    static var emphasis: Style { palette.emphasis }
    static var formula: Style { palette.formula }
    /// Plain text and numbers: the terminal's own foreground, readable on any background.
    static var numbers: Style { palette.numbers }
    static var target: Style { palette.target }
    static var wrong: Style { palette.wrong }
    static var current: Style { palette.current }
    static var message: Style { palette.message }
    static var overlay: Style { palette.overlay }
    static var overlayDim: Style { palette.overlayDim }
    static var keyName: Style { palette.keyName }
    static var lossLine: Color { palette.lossLine }
    static var validationLine: Color { palette.validationLine }
    static var gradientBars: Color { palette.gradientBars }
    static var probabilityBar: Color { palette.probabilityBar }
    static var rnnLine: Color { palette.rnnLine }
    static var gatedLine: Color { palette.gatedLine }
}
