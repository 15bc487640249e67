import Foundation
import Localization

/// The model's weights as a safetensors file with PyTorch's state-dict names, so files move
/// freely between rnnscope and the notes' PyTorch program. Metadata: `vocab` (a JSON array
/// of one-character strings), plus `cell`, `activation`, `hidden` and `epoch` (the epochs the
/// weights were trained for, in decimal digits) when rnnscope saves; `train --save` adds the
/// optimizer's state (`optimizer`, `optimizer.step`, `.lr`, `.beta1`, `.beta2`, `.eps`,
/// `.weight_decay` metadata and Adam's moments: `WeightFile+Optimizer.swift`).
public enum WeightFile {
    /// Weight files larger than this are refused before reading.
    public static let maxFileBytes = 256 << 20

    /// The largest `epoch` a weight file may record.
    public static let maxEpoch = 100_000_000

    /// What a weight file holds.
    public struct Contents: Sendable {
        public let parameters: Parameters
        public let vocabulary: Vocabulary
        /// The activation recorded by rnnscope, if any (PyTorch's files do not record it).
        public let activation: Activation?
        /// The cell: from the `cell` metadata, or (PyTorch's files) from W_ih's rows, H·G.
        public let cell: CellKind
        /// The epochs the weights were trained for, from the `epoch` metadata; nil when the
        /// file does not record it (PyTorch's files, rnnscope's from before it did).
        public let epoch: Int?
        /// The optimizer's state saved with the weights (`train --save`), nil when the file has
        /// none (PyTorch's files, rnnscope's from before it saved it) or it is unreadable.
        public var optimizer: OptimizerState?
        /// Why the file's optimizer state cannot be used (it is then nil), for a one-line notice.
        public var optimizerIssue: Message?
        /// `optimizerIssue` in English.
        public var optimizerProblem: String? { optimizerIssue?.english }

        /// The one line to print when training starts from this file with `optimizer` (nil: the
        /// state is resumed, or SGD needs none), in English.
        public func optimizerNotice(path: String, training optimizer: OptimizerKind) -> String? {
            optimizerNoticeSentence(path: path, training: optimizer)?.english
        }

        /// `optimizerNotice` as a sentence of the tables, to show in the reader's language.
        public func optimizerNoticeSentence(path: String, training optimizer: OptimizerKind) -> Message? {
            let fresh = Message(optimizer == .adam ? "notice.optimizer.adam_fresh" : "notice.optimizer.sgd_none")
            if let optimizerIssue {
                return Message("notice.optimizer.ignoring", ["path": path], nested: ["why": optimizerIssue, "fresh": fresh])
            }
            guard let state = self.optimizer else {
                return optimizer == .adam ? Message("notice.optimizer.none", ["path": path]) : nil
            }
            if let why = state.mismatchReason(shape: parameters.shape, optimizer: optimizer) {
                return Message("notice.optimizer.ignoring", ["path": path], nested: ["why": why, "fresh": fresh])
            }
            return nil
        }
    }

    /// Loads and validates `path`. Without `vocab` metadata the vocabulary is `fallbackVocabulary`
    /// (the one of `--text`/`--text-file`, by default the notes' text).
    public static func load(_ path: String, fallbackVocabulary: Vocabulary) throws -> Contents {
        let file = try SafeTensorsFile.read(path, limit: maxFileBytes)
        return try contents(of: file, path: path, fallbackVocabulary: fallbackVocabulary)
    }

    static func contents(of file: SafeTensorsFile, path: String, fallbackVocabulary: Vocabulary) throws -> Contents {
        var vocabulary = fallbackVocabulary
        if let json = file.metadata["vocab"] {
            guard let strings = VocabJSON.decode(json) else {
                throw RNNScopeError(Message("error.weights.vocab_json"), at: .file(path))
            }
            do { vocabulary = try Vocabulary(strings: strings) } catch let error as RNNScopeError {
                throw RNNScopeError(Message("error.weights.vocab", nested: ["message": error.sentence]), at: .file(path))
            }
        }
        var recordedCell: CellKind?
        if let name = file.metadata["cell"] {
            guard let value = CellKind(rawValue: name) else {
                throw RNNScopeError(Message("error.weights.cell", ["value": name]), at: .file(path))
            }
            recordedCell = value
        }
        var activation: Activation?
        if let name = file.metadata["activation"] {
            guard let value = Activation(rawValue: name) else {
                throw RNNScopeError(Message("error.weights.activation", ["value": name]), at: .file(path))
            }
            activation = value
        }
        var epoch: Int?
        if let text = file.metadata["epoch"] {
            guard let value = parseEpoch(text) else {
                throw RNNScopeError(
                    Message("error.weights.epoch", ["value": quoted(text), "max": String(maxEpoch)]), at: .file(path))
            }
            epoch = value
        }
        for name in file.tensors.keys.sorted() where ParameterName(rawValue: name) == nil && !name.hasPrefix("optimizer.") {
            throw RNNScopeError(Message("error.weights.unexpected_tensor"), at: .tensor(file: path, name: name))
        }
        guard let embedding = file.tensors[ParameterName.embedding.rawValue] else {
            throw RNNScopeError(Message("error.weights.missing"), at: .tensor(file: path, name: ParameterName.embedding.rawValue))
        }
        guard embedding.shape.count == 2, embedding.shape[1] >= 1 else {
            throw RNNScopeError(Message("error.weights.embedding_shape", ["shape": "\(embedding.shape)"]), at: .tensor(file: path, name: ParameterName.embedding.rawValue))
        }
        guard embedding.shape[0] == vocabulary.count else {
            let key = file.metadata["vocab"] == nil ? "error.weights.rows_text_vocab" : "error.weights.rows_file_vocab"
            throw RNNScopeError(
                Message(key, ["rows": String(embedding.shape[0]), "count": String(vocabulary.count)]),
                at: .tensor(file: path, name: ParameterName.embedding.rawValue))
        }
        let hidden = embedding.shape[1]
        let cell = try recordedCell ?? inferCell(file, hidden: hidden, path: path)
        let shape = ModelShape(vocabSize: vocabulary.count, hidden: hidden, cell: cell)
        // Every tensor is checked before the parameters are allocated: a small file can claim a
        // huge H (a [1, H] embedding), and Parameters(shape:) would ask for G·H² floats at once.
        var values: [(ParameterName, SafeTensorsFile.Tensor)] = []
        for name in ParameterName.allCases {
            guard let tensor = file.tensors[name.rawValue] else {
                throw RNNScopeError(Message("error.weights.missing"), at: .tensor(file: path, name: name.rawValue))
            }
            guard tensor.shape == shape.shape(of: name) else {
                throw RNNScopeError(
                    Message("error.weights.shape", [
                        "shape": "\(tensor.shape)", "expected": "\(shape.shape(of: name))", "v": String(shape.vocabSize), "h": String(shape.hidden),
                        "cell": cell.rawValue,
                    ]),
                    at: .tensor(file: path, name: name.rawValue))
            }
            values.append((name, tensor))
        }
        var parameters = Parameters(shape: shape)
        for (name, tensor) in values { parameters.storage.replaceSubrange(shape.range(of: name), with: tensor.slice) }
        var contents = Contents(parameters: parameters, vocabulary: vocabulary, activation: activation, cell: cell, epoch: epoch)
        do { contents.optimizer = try optimizerState(of: file, shape: shape) } catch let error as RNNScopeError {
            contents.optimizerIssue = error.sentence
        }
        return contents
    }

    /// `text` as an epoch count: ASCII decimal digits only (no sign, space or exponent), at
    /// most `maxEpoch`; nil otherwise.
    static func parseEpoch(_ text: String) -> Int? {
        let digits = text.utf8
        guard !digits.isEmpty, digits.count <= 20, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let value = Int(text), value <= maxEpoch
        else { return nil }
        return value
    }

    /// A metadata value for a one-line message: quoted; control, format (bidi overrides) and
    /// line-separator characters escaped; long ones cut.
    static func quoted(_ text: String) -> String {
        let limit = 32
        var result = ""
        for scalar in text.unicodeScalars.prefix(limit) {
            result += scalar == "'" || scalar == "\\" ? scalar.escaped(asASCII: true) : String(scalar).terminalSafe
        }
        return "'" + result + (text.unicodeScalars.count > limit ? "…" : "") + "'"
    }

    /// A file without `cell` metadata (PyTorch's): nn.RNN, nn.GRU and nn.LSTM stack 1, 3 and 4
    /// blocks of H rows in weight_ih_l0.
    private static func inferCell(_ file: SafeTensorsFile, hidden: Int, path: String) throws -> CellKind {
        let name = ParameterName.weightIH.rawValue
        guard let tensor = file.tensors[name] else { throw RNNScopeError(Message("error.weights.missing"), at: .tensor(file: path, name: name)) }
        guard tensor.shape.count == 2, let cell = CellKind.allCases.first(where: { tensor.shape[0] == $0.gateCount * hidden })
        else {
            throw RNNScopeError(
                Message("error.weights.no_cell", ["shape": "\(tensor.shape)", "h": String(hidden), "h3": String(3 * hidden), "h4": String(4 * hidden)]),
                at: .tensor(file: path, name: name))
        }
        return cell
    }

    /// The file's bytes for `model`, trained for `epoch` epochs (0...maxEpoch).
    public static func serialize(_ model: CharRNN, epoch: Int, optimizer: OptimizerState? = nil) throws -> Data {
        try file(of: model, epoch: epoch, optimizer: optimizer).serialized()
    }

    /// The weight file of `model`, its tensors pointing into the model's and the optimizer's
    /// arrays (nothing is copied until the bytes are written).
    static func file(of model: CharRNN, epoch: Int, optimizer: OptimizerState?) throws -> SafeTensorsFile {
        guard (0...maxEpoch).contains(epoch) else {
            throw RNNScopeError(Message("error.weights.epoch_limit", ["epoch": String(epoch), "max": String(maxEpoch)]))
        }
        let shape = model.config.shape
        var tensors: [String: SafeTensorsFile.Tensor] = [:]
        for name in ParameterName.allCases {
            tensors[name.rawValue] = .init(shape: shape.shape(of: name), storage: model.parameters.storage, range: shape.range(of: name))
        }
        var metadata = [
            "vocab": VocabJSON.encode(model.config.vocabulary.symbols),
            "cell": model.config.cell.rawValue,
            "activation": model.config.activation.rawValue,
            "hidden": String(model.config.hidden),
            "epoch": String(epoch),
        ]
        if let optimizer { try addOptimizerState(optimizer, shape: shape, tensors: &tensors, metadata: &metadata) }
        return SafeTensorsFile(tensors: tensors, metadata: metadata)
    }

    /// The first tensor (in the file's order) holding NaN or ±Inf, with the first such value and
    /// its index; nil when every weight is finite.
    public static func firstNonFinite(_ parameters: Parameters) -> (name: String, index: Int, value: Float)? {
        for name in ParameterName.allCases {
            let values = parameters[name]
            if let index = values.firstIndex(where: { !$0.isFinite }) {
                return (name.rawValue, index, values[index])
            }
        }
        return nil
    }

    /// Saves `model`, trained for `epoch` epochs, atomically (see `AtomicFile`): an existing
    /// file is replaced only by a complete new one, and never a `protected` one. A model
    /// holding NaN or Inf is refused, naming the first such tensor, unless `allowNonFinite`.
    public static func save(
        _ model: CharRNN, epoch: Int, optimizer: OptimizerState? = nil, to path: String,
        protecting protected: [AtomicFile.Protected] = [], allowNonFinite: Bool = false
    ) throws {
        if !allowNonFinite, let bad = firstNonFinite(model.parameters) {
            let value = bad.value.isNaN ? "NaN" : bad.value > 0 ? "Inf" : "-Inf"
            throw RNNScopeError(
                Message("error.weights.nonfinite", ["name": bad.name, "value": value, "index": String(bad.index)]),
                at: .file(path))
        }
        let encoded: SafeTensorsFile.Encoded
        do { encoded = try file(of: model, epoch: epoch, optimizer: optimizer).encoded() } catch let error as RNNScopeError { throw error.at(.file(path)) }
        try AtomicFile.write(to: path, protecting: protected) { encoded.write(to: $0) }
    }
}
