/// The names lessons give sub-steps (`substep: dh`), in walk-through order. A gate is named
/// by its letter: GRU r z n and LSTM i f g o share the slots gate0…gate3.
extension SubStep {
    /// Every lesson name and the sub-step it stands for.
    public static let lessonNames: [(name: String, subStep: SubStep)] = [
        ("embed", .forward(.embed)), ("input", .forward(.inputTerm)), ("recurrent", .forward(.recurrentTerm)),
        ("preactivation", .forward(.preactivation)), ("activation", .forward(.activation)),
        ("r", .gate(0)), ("i", .gate(0)), ("z", .gate(1)), ("f", .gate(1)), ("n", .gate(2)), ("g", .gate(2)), ("o", .gate(3)),
        ("c", .forward(.cellState)), ("h", .forward(.newHidden)),
        ("logits", .forward(.logits)), ("softmax", .forward(.softmax)), ("loss", .forward(.loss)),
        ("dlogits", .backward(.dLogits)), ("outgrads", .backward(.outputGradients)), ("dh", .backward(.dHidden)), ("dc", .backward(.dCell)),
        ("da", .backward(.dPreactivation)), ("dgates", .backward(.dGates)), ("grads", .backward(.weightGradients)),
        ("embedgrad", .backward(.embeddingGradient)), ("dhprev", .backward(.dHiddenPrevious)),
    ]

    /// The sub-step a lesson's `substep:` names, or nil for an unknown name.
    public init?(lessonName: String) {
        guard let found = Self.lessonNames.first(where: { $0.name == lessonName }) else { return nil }
        self = found.subStep
    }
}
