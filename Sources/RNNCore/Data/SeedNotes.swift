/// Everything the seed notes fix: their text, hyper-parameters and test prompts.
public enum SeedNotes {
    /// The training text of the notes' PyTorch program.
    public static let text =
        "Hello, RNN! Recurrent Neural Networks are powerful for sequence tasks. Let's build a simple RNN model."
    /// `input_size` in the notes: characters per training window.
    public static let window = 10
    /// `hidden_size` in the notes.
    public static let hidden = 64
    public static let learningRate: Float = 0.01
    public static let epochs = 500
    /// The three prompts the notes test after training, and what a trained model answers.
    public static let prompts = ["Hello, RNN", "Recurrent ", "Let's buil"]
    public static let expectedPredictions = ["!", "N", "d"]

    /// The prompts a model over `vocabulary` can read: on another text, those its characters spell.
    public static func prompts(spelledBy vocabulary: Vocabulary) -> [String] {
        prompts.filter { (try? vocabulary.encode($0)) != nil }
    }
}
