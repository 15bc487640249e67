import ArgumentParser
import Foundation
import RNNCore
import Localization

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

    /// Read as text so that "1.5" or "abc" gets rnnscope's one-line error (exit 1).
    @Option(help: ArgumentHelp(
        "Hold out the last N windows for validation: never trained on, their loss shown beside the training loss every epoch. (default: 0, train on every window)",
        valueName: "n"))
    var holdout: String?

    /// `--holdout` as a number of windows (0 when absent).
    func holdoutWindows() throws -> Int {
        guard let holdout else { return 0 }
        guard let n = Int(holdout.trimmingCharacters(in: .whitespaces)) else {
            throw RNNScopeError(Message("error.cli.not_whole_windows", ["value": holdout]), at: .flag("--holdout"))
        }
        return n
    }

    @Option(help: "Seed for the initial weights.")
    var seed: UInt64 = 0

    @Option(help: "Set W_hh (a gated cell: its candidate block W_hn/W_hg) to σ_max = x, orthogonal or identity.")
    var whh: String?

    /// The training text, from `--text`, `--text-file` or the notes.
    /// `miniBatch`: training with a batch size, which allows a larger `--text-file`.
    func loadText(miniBatch: Bool = false) throws -> String {
        if let corpus {
            guard text == nil, textFile == nil else {
                throw RNNScopeError(Message("error.cli.one_text"), at: .flag("--corpus"))
            }
            return corpus.text
        }
        switch (text, textFile) {
        case (.some, .some):
            throw RNNScopeError(Message("error.cli.text_or_file"), at: .flag("--text"))
        case (let text?, nil):
            guard !text.isEmpty else { throw RNNScopeError(Message("error.cli.text_empty"), at: .flag("--text")) }
            return text
        case (nil, let path?):
            return try TextFile.readText(path, miniBatch: miniBatch)
        case (nil, nil):
            return SeedNotes.text
        }
    }

    /// The flag that sets each field of the spec, for error messages.
    static func flag(_ field: SpecError.Field) -> String {
        switch field {
        case .text: return "--text"
        case .window: return "--window"
        case .stride: return "--stride"
        case .cell: return "--cell"
        case .activation: return "--activation"
        case .hidden: return "--hidden"
        case .loss: return "--loss"
        case .lr: return "--lr"
        case .clip: return "--clip"
        case .clipValue: return "--clip-value"
        case .holdout: return "--holdout"
        case .batchSize: return "--batch-size"
        }
    }

    /// What these flags describe: the spec, and the weights and epoch of `weightsPath` when
    /// given (its vocabulary, hidden size and cell then win, and must agree with the flags).
    /// Nothing is validated yet; `build` and `model` do that.
    func load(weightsPath: String?, training: TrainingOptions = TrainingOptions()) throws -> LoadedModel {
        let text = try loadText(miniBatch: training.batchSize != nil)
        let holdout = try holdoutWindows()
        var spec = ModelSpec(
            text: text, window: window, stride: stride, cell: cell ?? .rnn, activation: activation ?? .tanh,
            hidden: hidden ?? SeedNotes.hidden, seed: seed, lossMode: loss, training: training, holdout: holdout)
        guard let path = weightsPath else { return LoadedModel(spec: spec, parameters: nil, epoch: 0) }
        try Self.validate(spec, forTraining: false)
        let contents = try WeightFile.load(path, fallbackVocabulary: spec.vocabulary)
        let fileHidden = contents.parameters.shape.hidden
        guard ModelLimits.hidden.contains(fileHidden) else {
            throw RNNScopeError(Message("error.file_hidden", ["hidden": String(fileHidden), "range": "\(ModelLimits.hidden)"]), at: .file(path))
        }
        if let hidden, hidden != fileHidden {
            throw RNNScopeError(Message("error.cli.hidden_differs", ["value": String(hidden), "file": String(fileHidden)]), at: .flag("--hidden"))
        }
        if let cell, cell != contents.cell {
            throw RNNScopeError(Message("error.cli.cell_differs", ["cell": cell.rawValue, "path": path, "file": contents.cell.rawValue]), at: .flag("--cell"))
        }
        spec.vocabulary = contents.vocabulary
        spec.hidden = fileHidden
        spec.cell = contents.cell
        spec.activation = activation ?? contents.activation ?? .tanh
        var loaded = LoadedModel(spec: spec, parameters: contents.parameters, epoch: contents.epoch ?? 0)
        loaded.optimizer = contents.optimizer
        loaded.optimizerNotice = contents.optimizerNoticeSentence(path: path, training: training.optimizer)
        return loaded
    }

    /// `spec` checked, its error named by the flag that set the field.
    static func validate(_ spec: ModelSpec, forTraining: Bool = true) throws {
        do { try spec.validate(forTraining: forTraining) } catch let error as SpecError {
            throw RNNScopeError(error.sentence, at: .flag(flag(error.field)))
        }
    }

    /// The model and its training windows, `--whh` applied.
    func build(_ loaded: LoadedModel) throws -> (model: CharRNN, data: TrainingSet) {
        var built: (model: CharRNN, data: TrainingSet)
        // Training records no pass: only the training limits apply, not the trace limit.
        do { built = try loaded.spec.build(parameters: loaded.parameters, recording: false) } catch let error as SpecError {
            throw RNNScopeError(error.sentence, at: .flag(Self.flag(error.field)))
        }
        try applyPreset(to: &built.model)
        return built
    }

    /// The model alone (a trace, where the text gives only the vocabulary), `--whh` applied.
    func model(_ loaded: LoadedModel) throws -> CharRNN {
        try Self.validate(loaded.spec, forTraining: false)
        var model = loaded.spec.makeModel(parameters: loaded.parameters)
        try applyPreset(to: &model)
        return model
    }

    func applyPreset(to model: inout CharRNN) throws {
        guard let whh else { return }
        do {
            try RecurrentPreset(parsing: whh).apply(to: &model.parameters, seed: seed &+ 1000)
        } catch let error as RNNScopeError {
            throw RNNScopeError(error.sentence, at: .flag("--whh"))
        }
    }
}

/// A spec from the flags, with the weights of a file and the epoch they were trained to.
struct LoadedModel {
    var spec: ModelSpec
    let parameters: Parameters?
    let epoch: Int
    /// The optimizer's state saved with the weights, if any.
    var optimizer: OptimizerState?
    /// One line for stderr when training from the file cannot resume its optimizer state.
    var optimizerNotice: Message?
}
