import CellGrid

extension Theme {
    /// A number a lesson's narration reads from the model.
    static var liveValue: Style { palette.liveValue }
    static var code: Style { palette.code }
}
