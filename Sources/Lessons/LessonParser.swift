import Foundation
import Localization
import RNNCore

/// Lesson files → typed lessons. Every error names the file and line and what was expected.
public enum LessonParser {
    public static let maxFileBytes = 1 << 20
    public static let maxTrainEpochs = 5000
    /// The most optimizer steps one `steps:` directive trains.
    public static let maxTrainSteps = 100_000
    /// The largest epoch an `until:` may name.
    public static let maxUntil = 1_000_000
    /// The most characters one `generate` appends (the generate view's own limit).
    public static let maxGenerated = 1000

    public static func load(_ path: String) throws -> Lesson {
        let data = try TextFile.readBytes(path, limit: maxFileBytes)
        guard let text = String(data: data, encoding: .utf8) else {
            throw RNNScopeError(Message("error.text.not_utf8"), at: .file(path))
        }
        return try parse(text, path: path)
    }

    public static func parse(_ source: String, path: String) throws -> Lesson {
        // "\r\n" is one Character in Swift, so Windows line ends are split on as scalars.
        let lines = source.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
            .map { line -> String in
                let text = String(String.UnicodeScalarView(line))
                return text.unicodeScalars.last == "\r" ? String(String.UnicodeScalarView(text.unicodeScalars.dropLast())) : text
            }
        guard lines.first?.trimmingCharacters(in: .whitespaces) == "---" else {
            throw RNNScopeError(Message("error.lesson.front_matter_expected"), at: .file(path, line: 1))
        }
        guard let close = lines.indices.dropFirst().first(where: { lines[$0].trimmingCharacters(in: .whitespaces) == "---" }) else {
            throw RNNScopeError(Message("error.lesson.front_matter_unclosed"), at: .file(path, line: 1))
        }
        var header = try FrontMatter(yaml: lines[1..<close].joined(separator: "\n"), firstLine: 2, path: path)
        header.resolveWeights(relativeTo: URL(fileURLWithPath: path).deletingLastPathComponent().path)
        let bodyStart = close + 1  // 0-based index of the first body line
        var steps = try StepSplitter(lines: lines, from: bodyStart, path: path).steps()
        guard !steps.isEmpty else {
            throw RNNScopeError(Message("error.lesson.no_steps"), at: .file(path, line: bodyStart + 1))
        }
        try StepChecker(settings: header.settings, path: path, frontMatterLines: header.lines).check(&steps)
        return Lesson(
            path: path, id: header.id, title: header.title, lang: header.lang, settings: header.settings, steps: steps,
            frontMatterLines: header.lines)
    }
}

/// The front matter: metadata and the model's settings.
struct FrontMatter {
    /// The keys the front matter knows, for the message naming an unknown one.
    static let keys = "id, title, lang, text, corpus, hidden, window, stride, activation, loss, seed, weights, epochs, whh_scale, lr, clip, cell, holdout, batch_size, shuffle"

    var id = 0
    var title = ""
    var lang = ""
    var settings = LessonSettings()
    /// Each key's file line.
    var lines: [String: Int] = [:]

    init(yaml: String, firstLine: Int, path: String) throws {
        let yamlFields = try YAMLFields(yaml: yaml, firstLine: firstLine, path: path, what: Message("error.lesson.what.front_matter"))
        lines = Dictionary(yamlFields.fields.map { ($0.key, $0.line) }, uniquingKeysWith: { a, _ in a })
        for field in yamlFields.fields {
            switch field.key {
            case "id": id = try yamlFields.int(field, in: 1...999)
            case "title": title = try yamlFields.string(field)
            case "lang":
                lang = try yamlFields.string(field)
                guard ["en", "zh"].contains(lang) else { throw yamlFields.fail(field, Message("error.lesson.lang", ["value": lang])) }
            case "text":
                let text = try yamlFields.string(field)
                guard !text.isEmpty else { throw yamlFields.fail(field, Message("error.spec.text_empty")) }
                settings.text = text
            case "hidden": settings.hidden = try yamlFields.int(field, in: ModelLimits.hidden)
            case "window": settings.window = try yamlFields.int(field, in: ModelLimits.window)
            case "stride": settings.stride = try yamlFields.int(field, in: ModelLimits.stride)
            case "corpus":
                switch try yamlFields.string(field) {
                case "notes": settings.text = SeedNotes.text
                case "long": settings.text = LongText.text
                case let other: throw yamlFields.fail(field, Message("error.lesson.corpus", ["value": other]))
                }
            case "activation": settings.activation = try yamlFields.choice(field, Activation.self)
            case "loss": settings.loss = try yamlFields.choice(field, LossMode.self)
            case "seed": settings.seed = UInt64(try yamlFields.int(field, in: 0...Int.max))
            case "weights": settings.weights = try yamlFields.string(field)
            case "epochs": settings.epochs = try yamlFields.int(field, in: 0...LessonParser.maxTrainEpochs)
            case "whh_scale": settings.whhScale = try yamlFields.positive(field)
            case "lr": settings.learningRate = try yamlFields.positive(field)
            case "clip": settings.clip = try yamlFields.positive(field)
            case "cell": settings.cell = try yamlFields.choice(field, CellKind.self)
            case "holdout": settings.holdout = try yamlFields.int(field, in: 0...1_000_000)
            case "batch_size": settings.batchSize = try yamlFields.int(field, in: ModelLimits.batchSize)
            case "shuffle": settings.shuffle = try yamlFields.bool(field)
            default:
                throw yamlFields.fail(field, Message("error.lesson.unknown_key", ["keys": Self.keys]))
            }
        }
        for (name, missing) in [("id", id == 0), ("title", title.isEmpty), ("lang", lang.isEmpty)] where missing {
            throw RNNScopeError(Message("error.lesson.missing_key", ["name": name]), at: .file(path, line: 1))
        }
    }

    mutating func resolveWeights(relativeTo folder: String) {
        if let weights = settings.weights, !weights.hasPrefix("/") { settings.weights = folder + "/" + weights }
    }
}

extension Substring {
    func trimmingSuffix(_ suffix: String) -> Substring { hasSuffix(suffix) ? dropLast(suffix.count) : self }
}
