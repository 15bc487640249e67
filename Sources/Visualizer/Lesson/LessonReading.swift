import CellGrid

/// What a reader of the lesson reads on screen, for paced recordings (`rnnscope record --lesson`).
extension LessonSession {
    /// The narration panel's text as it stands: the question and its choices while it waits;
    /// then the verdict, the explanation and the narration, live values filled in.
    public func narrationText() -> String {
        NarrationPanel(session: self, frame: frame()).runs().map(\.text).joined()
    }

    /// The narration panel's text as wrapped on a `width`×`height` screen, one string per
    /// line, and how many lines it shows at once (`narrationScroll` moves that window). Nil
    /// when the screen is too small for a panel.
    public func narrationLines(width: Int, height: Int) -> (lines: [String], visible: Int)? {
        let frame = frame()
        guard let rect = LessonScreen.narrationRect(self, frame: frame, width: width, height: height) else { return nil }
        let inner = Box.inner(of: rect)
        guard inner.height >= 1, inner.width >= 4 else { return nil }
        let lines = NarrationPanel.wrap(NarrationPanel(session: self, frame: frame).runs(), width: inner.width)
        return (lines.map { $0.map(\.text).joined() }, inner.height)
    }
}
