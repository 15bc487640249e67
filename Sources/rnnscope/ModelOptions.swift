import ArgumentParser
import RNNCore

extension Activation: ExpressibleByArgument {}
extension LossMode: ExpressibleByArgument {}
extension OptimizerKind: ExpressibleByArgument {}
extension CellKind: ExpressibleByArgument {}

/// The texts rnnscope carries.
enum Corpus: String, CaseIterable, ExpressibleByArgument {
    /// The notes' 102 characters.
    case notes
    /// 1,4xx characters written for long sequences (LongText).
    case long

    var text: String {
        switch self {
        case .notes: return SeedNotes.text
        case .long: return LongText.text
        }
    }
}

/// The flags that define the data and the model, shared by every command.
struct ModelOptions: ParsableArguments {
    @Option(help: "Training text (default: the notes' text).")
    var text: String?

    @Option(help: "Read the training text from a UTF-8 file.")
    var textFile: String?

    @Option(help: "A built-in text: notes (the notes' sentence) or long (\(LongText.text.unicodeScalars.count) characters for windows of 200+ steps).")
    var corpus: Corpus?

    @Option(help: "Hidden units H; the embedding is H wide too. (default: 64, or the weight file's)")
    var hidden: Int?

    @Option(help: "Characters per training window (the notes' input_size).")
    var window: Int = SeedNotes.window

    @Option(help: "Start a training window every N characters (the notes: 1, every window).")
    var stride: Int = 1

    @Option(help: "Recurrent cell: rnn (the notes'), gru or lstm. (default: rnn, or the weight file's)")
    var cell: CellKind?

    @Option(help: "Recurrent non-linearity of the rnn cell: tanh or relu.")
    var activation: Activation?

    @Option(help: "Loss on the last step only (the notes' code) or summed over every step (the notes' formula).")
    var loss: LossMode = .last

    @Option(help: "Seed for the initial weights.")
    var seed: UInt64 = 0

    @Option(help: "Set W_hh (a gated cell: its candidate block W_hn/W_hg) to σ_max = x, orthogonal or identity.")
    var whh: String?

    static let hiddenRange = 1...1024
    static let windowRange = 1...100_000
    /// Largest window × windows × hidden the batched pass may hold (each buffer ≤ 128 MB).
    static let maxActivations = 1 << 25

    /// The training text, from `--text`, `--text-file` or the notes.
    func loadText() throws -> String {
        if let corpus {
            guard text == nil, textFile == nil else {
                throw RNNScopeError("give one of --corpus, --text and --text-file", at: .flag("--corpus"))
            }
            return corpus.text
        }
        switch (text, textFile) {
        case (.some, .some):
            throw RNNScopeError("give --text or --text-file, not both", at: .flag("--text"))
        case (let text?, nil):
            guard !text.isEmpty else { throw RNNScopeError("the text is empty", at: .flag("--text")) }
            return text
        case (nil, let path?):
            return try TextFile.readText(path)
        case (nil, nil):
            return SeedNotes.text
        }
    }

    func checkSizes() throws {
        if let hidden, !Self.hiddenRange.contains(hidden) {
            throw RNNScopeError("\(hidden) is out of range \(Self.hiddenRange)", at: .flag("--hidden"))
        }
        guard Self.windowRange.contains(window) else {
            throw RNNScopeError("\(window) is out of range \(Self.windowRange)", at: .flag("--window"))
        }
        guard Self.windowRange.contains(stride) else {
            throw RNNScopeError("\(stride) is out of range \(Self.windowRange)", at: .flag("--stride"))
        }
    }

    /// Windows of the text for training, with the size checks that keep memory bounded.
    /// `stride` overrides `--stride` (the explorer picks one that keeps an epoch small).
    func trainingSet(text: String, model: CharRNN, stride: Int? = nil) throws -> TrainingSet {
        let stride = stride ?? self.stride
        let hidden = model.config.hidden
        let length = text.unicodeScalars.count
        guard length >= window + 1 else {
            throw RNNScopeError(
                "the text has \(length) characters; --window \(window) needs at least \(window + 1)", at: .flag("--window"))
        }
        let windows = (length - window - 1) / stride + 1
        // The largest per-step buffer: H for the RNN, G·H for a gated cell's gates.
        let width = model.config.shape.gateRows
        guard window * windows <= Self.maxActivations / width else {
            throw RNNScopeError(
                "\(windows) windows × \(window) steps × \(hidden) units is too much to train full-batch; use a shorter text, window or hidden size, or a larger --stride",
                at: .flag("--window"))
        }
        // The output buffers hold V scores per scored step: a text of many distinct
        // characters makes V large.
        let vocabularySize = model.config.vocabulary.count
        let scoredSteps = windows * (loss == .every ? window : 1)
        guard scoredSteps <= Self.maxActivations / max(1, vocabularySize) else {
            throw RNNScopeError(
                "\(scoredSteps) scored steps × \(vocabularySize) characters is too much to train full-batch; use a shorter text, --loss last or a larger --stride",
                at: .flag("--window"))
        }
        do {
            return try TrainingSet(text: text, vocabulary: model.config.vocabulary, window: window, lossMode: loss, stride: stride)
        } catch let error as RNNScopeError {
            throw RNNScopeError("the text does not fit the weight file's vocabulary: \(error.message)")
        }
    }

    /// The model: weights from `weightsPath` when given, else fresh from `--seed`; then `--whh`.
    func model(text: String, weightsPath: String?) throws -> CharRNN {
        try modelAndEpoch(text: text, weightsPath: weightsPath).model
    }

    /// The model as `model(text:weightsPath:)` makes it, and the epochs it was trained for: the
    /// weight file's `epoch` metadata, 0 for fresh weights or a file that does not record it.
    func modelAndEpoch(text: String, weightsPath: String?) throws -> (model: CharRNN, epoch: Int) {
        let loaded = try loadModel(text: text, weightsPath: weightsPath)
        var model = loaded.model
        // The cell comes from --cell or from the weight file; either way --activation must fit it.
        if let activation, model.config.cell.isGated {
            throw RNNScopeError(
                "'\(activation.rawValue)' applies to the rnn cell only; a \(model.config.cell.rawValue) uses σ and tanh in its gates",
                at: .flag("--activation"))
        }
        if let whh {
            do {
                try RecurrentPreset(parsing: whh).apply(to: &model.parameters, seed: seed &+ 1000)
            } catch let error as RNNScopeError {
                throw RNNScopeError(error.message, at: .flag("--whh"))
            }
        }
        return (model, loaded.epoch)
    }

    private func loadModel(text: String, weightsPath: String?) throws -> (model: CharRNN, epoch: Int) {
        try checkSizes()
        let textVocabulary = Vocabulary(text: text)
        guard let path = weightsPath else {
            let config = ModelConfig(
                vocabulary: textVocabulary, hidden: hidden ?? SeedNotes.hidden, activation: activation ?? .tanh, lossMode: loss,
                cell: cell ?? .rnn)
            return (CharRNN(config: config, seed: seed), 0)
        }
        let contents = try WeightFile.load(path, fallbackVocabulary: textVocabulary)
        guard Self.hiddenRange.contains(contents.parameters.shape.hidden) else {
            throw RNNScopeError(
                "holds H=\(contents.parameters.shape.hidden); rnnscope works with \(Self.hiddenRange)", at: .file(path))
        }
        if let hidden, hidden != contents.parameters.shape.hidden {
            throw RNNScopeError("\(hidden) differs from the weight file's \(contents.parameters.shape.hidden)", at: .flag("--hidden"))
        }
        if let cell, cell != contents.cell {
            throw RNNScopeError("asks for a \(cell.rawValue) but \(path) holds a \(contents.cell.rawValue)", at: .flag("--cell"))
        }
        let config = ModelConfig(
            vocabulary: contents.vocabulary, hidden: contents.parameters.shape.hidden,
            activation: activation ?? contents.activation ?? .tanh, lossMode: loss, cell: contents.cell)
        return (CharRNN(config: config, parameters: contents.parameters), contents.epoch ?? 0)
    }
}
