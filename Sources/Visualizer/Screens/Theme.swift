import CellGrid

/// The explorer's styles in one place, so colours stay consistent across views.
enum Theme {
    static let header = Style(foreground: .palette(231), background: .palette(24), bold: true)
    static let status = Style(foreground: .palette(231), background: .palette(238))
    // Colours given reversed (black text on a coloured block), so that without colour the
    // reverse video still marks the phase, the current step and highlighted titles.
    static let statusPhaseForward = Style(foreground: .palette(114), background: .palette(16), bold: true, reverse: true)
    static let statusPhaseBackward = Style(foreground: .palette(209), background: .palette(16), bold: true, reverse: true)
    static let label = Style(foreground: .palette(250))
    static let dim = Style(foreground: .palette(244))
    static let emphasis = Style(foreground: .palette(229), bold: true)
    static let formula = Style(foreground: .palette(153), bold: true)
    static let numbers = Style(foreground: .palette(231))
    static let target = Style(foreground: .palette(114), bold: true)
    static let wrong = Style(foreground: .palette(210))
    static let current = Style(foreground: .palette(220), background: .palette(16), bold: true, reverse: true)
    static let message = Style(foreground: .palette(229), background: .palette(236))
    static let overlay = Style(foreground: .palette(231), background: .palette(235))
    static let overlayDim = Style(foreground: .palette(250), background: .palette(235))
    static let keyName = Style(foreground: .palette(220), background: .palette(235), bold: true)
    static let lossLine = Color.palette(214)
    static let gradientBars = Color.palette(75)
    static let probabilityBar = Color.palette(152)
}
