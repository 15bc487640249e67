import CellGrid

extension Theme {
    /// A number a lesson's narration reads from the model.
    static let liveValue = Style(foreground: .palette(114), bold: true)
    static let code = Style(foreground: .palette(180))
}
