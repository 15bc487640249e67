/// What a reader of the lesson reads on screen, for paced recordings (`rnnscope record --lesson`).
extension LessonSession {
    /// The narration panel's text as it stands: the question and its choices while it waits;
    /// then the verdict, the explanation and the narration, live values filled in.
    public func narrationText() -> String {
        NarrationPanel(session: self, frame: frame()).runs().map(\.text).joined()
    }
}
