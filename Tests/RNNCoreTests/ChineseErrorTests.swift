import Foundation
import Localization
import Testing
@testable import RNNCore

/// Every kind of error RNNCore makes, rendered in Chinese: a Chinese sentence, with no English
/// word left except names (parameters, flags, metadata keys in quotes, file formats) and the
/// user's own data (file names, characters, numbers: the Message's values). Issue 18.
@Suite("RNNCore errors in Chinese")
struct ChineseCoreErrorTests {
    /// A named error, or why none was thrown.
    typealias Case = (name: String, error: any Error)

    /// Everything a Message carries as data rather than words: its values, its nested ones'.
    static func userData(_ message: Message) -> [String] {
        Array(message.values.values) + message.nested.values.flatMap(userData)
    }

    /// The keys of a Message and its nested ones.
    static func keys(_ message: Message) -> [String] {
        [message.key] + message.nested.values.flatMap(keys)
    }

    static func sentence(_ error: any Error) -> (Message, [String])? {
        switch error {
        case let error as RNNScopeError:
            var data = userData(error.sentence)
            switch error.location {
            case .file(let path, _): data.append(path)
            case .tensor(let file, let name): data += [file, name]
            case .flag(let flag): data.append(flag)
            case .none: break
            }
            return (error.sentence, data)
        case let error as SpecError: return (error.sentence, userData(error.sentence))
        default: return nil
        }
    }

    static func render(_ error: any Error, _ language: Language) -> String {
        switch error {
        case let error as RNNScopeError: return error.text(Strings(language))
        case let error as SpecError: return error.sentence.text(Strings(language))
        default: return "\(error)"
        }
    }

    /// Checks each case: Chinese with CJK and no English words once the data is taken out; the
    /// English rendering of the same error does have English words (the check can fail).
    static func expectChinese(_ cases: [Case], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(cases.count > 0, sourceLocation: sourceLocation)
        for (name, error) in cases {
            guard let (sentence, data) = sentence(error) else {
                Issue.record("\(name): not an RNNScopeError or SpecError: \(error)", sourceLocation: sourceLocation)
                continue
            }
            #expect(!keys(sentence).contains("error.untranslated"), "\(name): \(sentence.english)", sourceLocation: sourceLocation)
            var chinese = render(error, .zh), english = render(error, .en)
            for value in data.sorted(by: { $0.count > $1.count }) where !value.isEmpty {
                chinese = chinese.replacingOccurrences(of: value, with: " ")
                english = english.replacingOccurrences(of: value, with: " ")
            }
            #expect(chinese.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(name): \(render(error, .zh))",
                    sourceLocation: sourceLocation)
            #expect(EnglishWords.find(in: chinese) == [], "\(name): \(render(error, .zh))", sourceLocation: sourceLocation)
            #expect(!EnglishWords.find(in: english).isEmpty, "\(name): \(render(error, .en))", sourceLocation: sourceLocation)
        }
    }

    /// The error `body` throws; a failure to throw is recorded.
    static func thrown(_ name: String, _ body: () throws -> Void) -> Case {
        do {
            try body()
            return (name, RNNScopeError(Message("error.untranslated", ["text": "\(name) did not throw"])))
        } catch {
            return (name, error)
        }
    }

    // MARK: - Files and containers

    static func file(header: String, dataBytes: Int = 8) -> Data { WeightFileTests.file(header: header, dataBytes: dataBytes) }

    @Test("Malformed safetensors containers (the header cases of WeightFileTests and HostileVocabularyTests)")
    func containers() {
        var huge = Data()
        var length = (UInt64(1) << 60).littleEndian
        withUnsafeBytes(of: &length) { huge.append(contentsOf: $0) }
        var truncated = Self.file(header: #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#)
        truncated.removeLast(28)
        let headers: [(String, Data)] = [
            ("tiny", Data([1, 2, 3])),
            ("huge header", huge + Data("{}".utf8)),
            ("truncated", truncated),
            ("not json", Self.file(header: "{nope")),
            ("not object", Self.file(header: "[1,2]")),
            ("dtype", Self.file(header: #"{"a":{"dtype":"F16","shape":[4],"data_offsets":[0,8]}}"#)),
            ("no dtype", Self.file(header: #"{"a":{"shape":[4],"data_offsets":[0,8]}}"#)),
            ("entry", Self.file(header: #"{"a":3}"#)),
            ("no shape", Self.file(header: #"{"a":{"dtype":"F32","data_offsets":[0,8]}}"#)),
            ("bad shape", Self.file(header: #"{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}"#)),
            ("huge shape", Self.file(header: #"{"a":{"dtype":"F32","shape":[100000,100000],"data_offsets":[0,8]}}"#)),
            ("no offsets", Self.file(header: #"{"a":{"dtype":"F32","shape":[2]}}"#)),
            ("offsets outside", Self.file(header: #"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#)),
            ("offsets mismatch", Self.file(header: #"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#)),
            ("metadata value", Self.file(header: #"{"__metadata__":{"vocab":3}}"#)),
            ("metadata", Self.file(header: #"{"__metadata__":[1]}"#)),
            ("overlap", Self.file(header: #"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"b":{"dtype":"F32","shape":[4],"data_offsets":[8,24]}}"#, dataBytes: 24)),
            ("gap", Self.file(header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#)),
            ("trailing", Self.file(header: #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, dataBytes: 12)),
        ]
        Self.expectChinese(headers.map { name, data in Self.thrown(name) { _ = try SafeTensorsFile.parse(data) } })
    }

    @Test("Weight files that do not fit the model, and bad metadata (the cases of WeightFileTests.mismatched)")
    func weightFiles() throws {
        let vocabulary = Vocabulary(text: SeedNotes.text)
        let model = CharRNN(config: ModelConfig(vocabulary: vocabulary, hidden: 8), seed: 1)
        var tensors: [String: SafeTensorsFile.Tensor] = [:]
        for name in ParameterName.allCases {
            tensors[name.rawValue] = .init(shape: model.config.shape.shape(of: name), values: model.parameters[name])
        }
        func load(_ name: String, _ tensors: [String: SafeTensorsFile.Tensor], _ metadata: [String: String] = [:]) -> Case {
            Self.thrown(name) {
                _ = try WeightFile.contents(of: SafeTensorsFile(tensors: tensors, metadata: metadata), path: "w.safetensors", fallbackVocabulary: vocabulary)
            }
        }
        var missing = tensors
        missing["rnn.bias_hh_l0"] = nil
        var noEmbedding = tensors
        noEmbedding["embedding.weight"] = nil
        var wrongShape = tensors
        wrongShape["rnn.weight_hh_l0"] = .init(shape: [8, 4], values: [Float](repeating: 0, count: 32))
        var flatEmbedding = tensors
        flatEmbedding["embedding.weight"] = .init(shape: [8], values: [Float](repeating: 0, count: 8))
        var extra = tensors
        extra["rnn.weight_ih_l1"] = .init(shape: [1], values: [0])
        var noCell = tensors
        noCell["rnn.weight_ih_l0"] = .init(shape: [5, 8], values: [Float](repeating: 0, count: 40))
        var cases = [
            load("missing", missing), load("no embedding", noEmbedding), load("shape", wrongShape), load("embedding shape", flatEmbedding),
            load("extra", extra), load("fits no cell", noCell),
            load("rows, file vocab", tensors, ["vocab": #"["a","b"]"#]),
            load("vocab json", tensors, ["vocab": "not json"]),
            load("vocab entry", tensors, ["vocab": #"["ab"]"#]),
            load("vocab twice", tensors, ["vocab": #"["a","a"]"#]),
            load("vocab empty", tensors, ["vocab": "[]"]),
            load("cell", tensors, ["cell": "transformer"]),
            load("activation", tensors, ["activation": "sigmoid"]),
            load("epoch", tensors, ["epoch": "-1"]),
        ]
        var shortVocabulary = tensors
        shortVocabulary["embedding.weight"] = .init(shape: [3, 8], values: [Float](repeating: 0, count: 24))
        cases.append(load("rows, text vocab", shortVocabulary))
        // The fuzzer's out-of-memory file: a [1, H] embedding with a huge H.
        cases.append(Self.thrown("fuzz") {
            _ = try WeightFile.load(Fixtures.path("fuzz/oom-wide-embedding-lstm.safetensors"), fallbackVocabulary: vocabulary)
        })
        Self.expectChinese(cases)

        // The optimizer's state: a problem is a notice, not an error.
        let problems: [[String: String]] = [
            ["optimizer": "adagrad"], ["optimizer": "adam"], ["optimizer": "adam", "optimizer.step": "x"],
            ["optimizer": "adam", "optimizer.step": "1", "optimizer.lr": "fast"],
        ]
        var issues: [Case] = []
        for metadata in problems {
            let contents = try WeightFile.contents(of: SafeTensorsFile(tensors: tensors, metadata: metadata), path: "w.safetensors", fallbackVocabulary: vocabulary)
            let issue = try #require(contents.optimizerIssue, "\(metadata)")
            issues.append(("\(metadata)", RNNScopeError(issue)))
        }
        var moments = tensors
        moments["optimizer.rnn.weight_hh_l0.exp_avg"] = .init(shape: [1], values: [0])
        for (name, metadata) in [("moment without metadata", [:]), ("moment at step 0", ["optimizer": "adam", "optimizer.step": "0"]),
                                 ("moment in sgd", ["optimizer": "sgd"]), ("moment shape", ["optimizer": "adam", "optimizer.step": "3"])] {
            let contents = try WeightFile.contents(of: SafeTensorsFile(tensors: moments, metadata: metadata), path: "w.safetensors", fallbackVocabulary: vocabulary)
            issues.append((name, RNNScopeError(try #require(contents.optimizerIssue, "\(name)"))))
        }
        Self.expectChinese(issues)

        // The one-line notices when training starts from such a file, and why a state does not fit.
        var notices: [Case] = []
        for metadata in problems + [[:]] {
            let contents = try WeightFile.contents(of: SafeTensorsFile(tensors: tensors, metadata: metadata), path: "w.safetensors", fallbackVocabulary: vocabulary)
            for optimizer in OptimizerKind.allCases {
                if let notice = contents.optimizerNoticeSentence(path: "w.safetensors", training: optimizer) {
                    #expect(notice.english == contents.optimizerNotice(path: "w.safetensors", training: optimizer))
                    notices.append(("notice \(metadata) \(optimizer)", RNNScopeError(notice)))
                }
            }
        }
        var state = OptimizerState(kind: .adam, learningRate: 0.01)
        state.stepCount = 1
        state.expAvg = [Float](repeating: 0, count: model.config.shape.totalCount)
        state.expAvgSq = state.expAvg
        var decayed = state
        decayed.weightDecay = 0.1
        var betas = state
        betas.beta1 = 2
        var nonFinite = state
        nonFinite.expAvg[3] = .nan
        var short = state
        short.expAvg = [1]
        for (name, state, optimizer) in [("sgd", state, OptimizerKind.sgd), ("decay", decayed, .adam), ("betas", betas, .adam),
                                         ("non-finite", nonFinite, .adam), ("short", short, .adam)] {
            let why = try #require(state.mismatchReason(shape: model.config.shape, optimizer: optimizer), "\(name)")
            notices.append((name, RNNScopeError(why)))
        }
        Self.expectChinese(notices)
    }

    @Test("Texts and paths that cannot be read, files that cannot be saved")
    func files() throws {
        let directory = NSTemporaryDirectory() + "rnnscope-zh-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let empty = directory + "/empty.txt", latin1 = directory + "/latin1.txt", text = directory + "/text.txt"
        try Data().write(to: URL(fileURLWithPath: empty))
        try Data([0x61, 0xE9, 0x62]).write(to: URL(fileURLWithPath: latin1))
        try Data("abc".utf8).write(to: URL(fileURLWithPath: text))
        let link = directory + "/dangling"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: directory + "/nowhere")
        let model = CharRNN(config: ModelConfig(vocabulary: Vocabulary(text: "ab"), hidden: 2), seed: 1)
        var broken = model.parameters
        broken[.weightHH][0] = .nan
        let nonFinite = CharRNN(config: model.config, parameters: broken)
        Self.expectChinese([
            Self.thrown("no name") { _ = try TextFile.readText("") },
            Self.thrown("no file") { _ = try TextFile.readText(directory + "/missing.txt") },
            Self.thrown("directory") { _ = try TextFile.readText(directory) },
            Self.thrown("empty") { _ = try TextFile.readText(empty) },
            Self.thrown("not UTF-8") { _ = try TextFile.readText(latin1) },
            Self.thrown("too large") { _ = try TextFile.readBytes(text, limit: 1) },
            Self.thrown("save, no name") { try AtomicFile.checkWritable("") },
            Self.thrown("save to a directory") { try AtomicFile.checkWritable(directory) },
            Self.thrown("save, dangling link") { try AtomicFile.checkWritable(link) },
            Self.thrown("save, no directory") { try AtomicFile.checkWritable(directory + "/missing/w.safetensors") },
            Self.thrown("save over the text") { try AtomicFile.checkWritable(text, protecting: [("--text-file", text)]) },
            Self.thrown("save NaN") { try WeightFile.save(nonFinite, epoch: 0, to: directory + "/w.safetensors") },
            Self.thrown("epoch") { _ = try WeightFile.serialize(model, epoch: -1) },
        ])
    }

    @Test("Vocabularies, data, presets, traces")
    func data() {
        let vocabulary = Vocabulary(text: "ab")
        let model = CharRNN(config: ModelConfig(vocabulary: vocabulary, hidden: 2), seed: 1)
        Self.expectChinese([
            Self.thrown("entry") { _ = try Vocabulary(strings: ["ab"]) },
            Self.thrown("twice") { _ = try Vocabulary(strings: ["a", "a"]) },
            Self.thrown("empty") { _ = try Vocabulary(strings: []) },
            Self.thrown("not in the vocabulary") { _ = try vocabulary.encode("abc") },
            Self.thrown("window") { _ = try TrainingSet(text: "ab", vocabulary: vocabulary, window: 0, lossMode: .last) },
            Self.thrown("stride") { _ = try TrainingSet(text: "ab", vocabulary: vocabulary, window: 1, lossMode: .last, stride: 0) },
            Self.thrown("short") { _ = try TrainingSet(text: "ab", vocabulary: vocabulary, window: 5, lossMode: .last) },
            Self.thrown("preset word") { _ = try RecurrentPreset(parsing: "big") },
            Self.thrown("preset negative") { _ = try RecurrentPreset(parsing: "-1") },
            Self.thrown("preset beyond Float") { _ = try RecurrentPreset(parsing: "1e39") },
            Self.thrown("trace empty") { _ = try model.trace(input: [], target: []) },
            Self.thrown("trace target") { _ = try model.trace(input: [0, 1], target: [0, 1]) },
            Self.thrown("trace token") { _ = try model.trace(input: [7], target: [0]) },
            Self.thrown("prompt") { _ = try model.predictNext([""]) },
        ])
    }

    @Test("Every field of a spec, refused (ModelSpec.validate)")
    func specs() {
        func refused(_ name: String, _ change: (inout ModelSpec) -> Void) -> Case {
            var spec = ModelSpec.notes
            change(&spec)
            return Self.thrown(name) { try spec.validate() }
        }
        var cases = [
            refused("text") { $0.text = "" },
            refused("hidden") { $0.hidden = 0 },
            refused("window") { $0.window = 0 },
            refused("stride") { $0.stride = 0 },
            refused("activation") { $0.cell = .gru; $0.activation = .relu },
            refused("lr") { $0.training.learningRate = 0 },
            refused("clip") { $0.training.clipNorm = -1 },
            refused("clip value") { $0.training.clipValue = .infinity },
            refused("batch size") { $0.training.batchSize = 0 },
            refused("holdout") { $0.holdout = -1 },
            refused("holdout all") { $0.holdout = $0.windowCount },
            refused("text short") { $0.window = $0.textLength },
            refused("text vocabulary") { $0.vocabulary = Vocabulary(text: "ab") },
            refused("full batch") { $0.text = String(repeating: "ab", count: 200_000); $0.vocabulary = Vocabulary(text: "ab"); $0.window = 100; $0.hidden = 1024 },
            refused("batch") {
                $0.text = String(repeating: "ab", count: 200_000); $0.vocabulary = Vocabulary(text: "ab"); $0.window = 1000; $0.hidden = 1024
                $0.training.batchSize = 1000
            },
            refused("trace") {
                $0.text = String(repeating: "ab", count: 2000); $0.vocabulary = Vocabulary(text: "ab"); $0.window = 3000; $0.hidden = 1024
                $0.training.batchSize = 1
            },
        ]
        cases.append(Self.thrown("input") { try ModelSpec.notes.checkInput(steps: 100_000) })
        cases.append(Self.thrown("input length") { try ModelSpec.notes.checkInput(steps: ModelSpec.notes.maxInputLength + 1) })
        let gru = CharRNN(config: ModelConfig(vocabulary: ModelSpec.notes.vocabulary, hidden: 4, cell: .gru), seed: 1)
        cases.append(Self.thrown("weights") { _ = try ModelSpec.notes.build(parameters: gru.parameters) })
        Self.expectChinese(cases)
        #expect(cases.contains { ($0.error as? SpecError)?.sentence.key == "error.spec.trace_limit_units" })
        // Each field the spec names is refused at least once above.
        let fields = Set(cases.compactMap { ($0.error as? SpecError)?.field })
        #expect(fields == [.text, .window, .stride, .activation, .hidden, .lr, .clip, .clipValue, .holdout, .batchSize])
    }
}
