import Localization
import RNNCore
import ScopeNames
import Yams

/// Cuts a lesson's body into steps at `## ` headings, reading each step's directive block
/// and narration.
struct StepSplitter {
    let lines: [String]
    let from: Int
    let path: String

    func steps() throws -> [LessonStep] {
        var steps: [LessonStep] = []
        var index = from
        var paragraph: [(text: String, line: Int)] = []
        var bulletOpen = false

        func flushParagraph() throws {
            guard !paragraph.isEmpty, !steps.isEmpty else { paragraph = []; return }
            let text = paragraph.map(\.text).joined(separator: " ")
            let line = paragraph[0].line
            let kind: NarrationBlock.Kind = bulletOpen ? .bullet : .paragraph
            do {
                let spans = try InlineParser.spans(text)
                steps[steps.count - 1].narration.append(NarrationBlock(kind: kind, spans: spans, line: line))
            } catch let error as LessonSyntax {
                throw RNNScopeError(error.sentence, at: .file(path, line: line))
            }
            paragraph = []
            bulletOpen = false
        }

        while index < lines.count {
            let line = lines[index]
            let number = index + 1
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("## ") {
                try flushParagraph()
                let title = String(line.dropFirst(3)).trimmingCharacters(in: .whitespaces)
                guard !title.isEmpty else { throw RNNScopeError(Message("error.lesson.step_title"), at: .file(path, line: number)) }
                steps.append(LessonStep(title: title, line: number))
            } else if trimmed.hasPrefix("```") {
                try flushParagraph()
                let info = trimmed.dropFirst(3).trimmingCharacters(in: .whitespaces)
                guard let end = lines.indices.dropFirst(index + 1).first(where: { lines[$0].trimmingCharacters(in: .whitespaces).hasPrefix("```") }) else {
                    throw RNNScopeError(Message("error.lesson.block_unclosed"), at: .file(path, line: number))
                }
                let body = Array(lines[(index + 1)..<end])
                if !steps.isEmpty {
                    if info == "rnnscope" {
                        var block = try DirectiveBlock(yaml: body.joined(separator: "\n"), firstLine: number + 1, path: path)
                        try block.apply(to: &steps[steps.count - 1])
                    } else {
                        for (offset, codeLine) in body.enumerated() {
                            steps[steps.count - 1].narration.append(
                                NarrationBlock(kind: .code, spans: [.text(codeLine, .code)], line: number + 1 + offset))
                        }
                    }
                }
                index = end
            } else if trimmed.isEmpty || line.hasPrefix("# ") {
                try flushParagraph()
            } else if trimmed.hasPrefix("- ") || trimmed.hasPrefix("* ") {
                try flushParagraph()
                bulletOpen = true
                paragraph.append((String(trimmed.dropFirst(2)), number))
            } else {
                paragraph.append((trimmed, number))
            }
            index += 1
        }
        try flushParagraph()
        return steps
    }
}

/// A ```rnnscope block: where the screen goes and what happens.
struct DirectiveBlock {
    let fields: YAMLFields

    init(yaml: String, firstLine: Int, path: String) throws {
        fields = try YAMLFields(yaml: yaml, firstLine: firstLine, path: path, what: Message("error.lesson.what.block"))
    }

    static let keys = "view, t, phase, substep, unit, reinit, scale_whh, train, rewind, input, window, log_scale, clip, clip_value, lr, whh, cell, length, partner, pace, until, ask, holdout, prompt, generate, optimizer, entry, batch_size, shuffle, steps"

    mutating func apply(to step: inout LessonStep) throws {
        guard step.actions.isEmpty, step.position == LessonPosition() else {
            throw RNNScopeError(Message("error.lesson.one_block"), at: .file(fields.path, line: fields.fields.first?.line ?? step.line))
        }
        for field in fields.fields {
            switch field.key {
            case "view": step.position.view = try fields.choice(field, ScreenView.self)
            case "t":
                if (try? fields.string(field)) == "last" {
                    step.position.t = .last
                } else {
                    step.position.t = .index(try fields.int(field, in: ModelLimits.window))
                }
            case "phase":
                let phase = try fields.string(field)
                guard let known = Phase(rawValue: phase) else { throw fields.fail(field, Message("error.lesson.phase", ["value": phase])) }
                step.position.phase = known
            case "substep":
                let name = try fields.string(field)
                guard let subStep = SubStep(lessonName: name) else {
                    throw fields.fail(field, Message("error.lesson.not_one_of", ["value": name, "choices": SubStep.lessonNames.map(\.name).joined(separator: ", ")]))
                }
                step.position.subStep = subStep
            case "unit": step.position.unit = try fields.int(field, in: 0...(ModelLimits.hidden.upperBound - 1))
            case "optimizer":
                let name = try fields.string(field)
                guard OptimizerTensor.lessonNames.contains(name) else {
                    throw fields.fail(field, Message("error.lesson.not_one_of", ["value": name, "choices": OptimizerTensor.lessonNames.joined(separator: ", ")]))
                }
                step.position.optimizerTensor = name
            case "entry":
                let text = try fields.string(field)
                let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.filter { $0 != " " }) }
                let numbers = parts.compactMap { $0 }
                guard (1...2).contains(parts.count), numbers.count == parts.count, numbers.allSatisfy({ $0 >= 0 && $0 < 1_000_000 }) else {
                    throw fields.fail(field, Message("error.lesson.entry_format"))
                }
                step.position.optimizerEntry = numbers.count == 1 ? [numbers[0], 0] : numbers
            case "reinit": step.actions.append(.reinit(seed: UInt64(try fields.int(field, in: 0...Int.max))))
            case "scale_whh": step.actions.append(.scaleWHH(try fields.positive(field)))
            case "train": step.actions.append(.train(epochs: try fields.int(field, in: 1...LessonParser.maxTrainEpochs)))
            case "rewind": step.actions.append(.rewind(epoch: try fields.int(field, in: 0...Int.max)))
            case "input": step.actions.append(.input(try fields.string(field)))
            case "window": step.actions.append(.window(try fields.int(field, in: 1...1_000_000)))
            case "log_scale": step.actions.append(.logScale(try fields.bool(field)))
            case "clip":
                if (try? fields.string(field)) == "none" {
                    step.actions.append(.clip(nil))
                } else {
                    step.actions.append(.clip(try fields.positive(field)))
                }
            case "clip_value":
                if (try? fields.string(field)) == "none" {
                    step.actions.append(.clipValue(nil))
                } else {
                    step.actions.append(.clipValue(try fields.positive(field)))
                }
            case "lr": step.actions.append(.learningRate(try fields.positive(field)))
            case "whh":
                switch try? fields.string(field) {
                case "orthogonal": step.actions.append(.recurrentWeights(.orthogonal))
                case "identity": step.actions.append(.recurrentWeights(.identity))
                default:
                    guard let sigma = field.node.float, sigma.isFinite, sigma > 0 else {
                        throw fields.fail(field, Message("error.lesson.whh"))
                    }
                    step.actions.append(.recurrentWeights(.sigmaMax(sigma)))
                }
            case "cell": step.actions.append(.cell(try fields.choice(field, CellKind.self)))
            case "length": step.actions.append(.length(try fields.int(field, in: ModelLimits.window)))
            case "holdout": step.actions.append(.holdout(try fields.int(field, in: 0...1_000_000)))
            case "prompt":
                let prompt = try fields.string(field)
                guard !prompt.isEmpty else { throw fields.fail(field, Message("error.lesson.prompt_empty")) }
                step.actions.append(.prompt(prompt))
            case "generate": step.actions.append(.generate(try fields.int(field, in: 1...LessonParser.maxGenerated)))
            case "batch_size":
                if (try? fields.string(field)) == "all" {
                    step.actions.append(.batchSize(nil))
                } else {
                    step.actions.append(.batchSize(try fields.int(field, in: ModelLimits.batchSize)))
                }
            case "shuffle": step.actions.append(.shuffle(try fields.bool(field)))
            case "steps": step.actions.append(.trainSteps(try fields.int(field, in: 1...LessonParser.maxTrainSteps)))
            case "partner":
                let partner = try fields.choice(field, CellKind.self)
                guard partner.isGated else { throw fields.fail(field, Message("error.lesson.partner")) }
                step.actions.append(.partner(partner))
            case "ask": step.question = try Self.question(field, fields)
            case "pace":
                if (try? fields.string(field)) == "max" {
                    step.actions.append(.pace(nil))
                } else {
                    step.actions.append(.pace(Double(try fields.positive(field))))
                }
            case "until":
                if (try? fields.string(field)) == "none" {
                    step.actions.append(.until(nil))
                } else {
                    step.actions.append(.until(try fields.int(field, in: 1...LessonParser.maxUntil)))
                }
            default: throw fields.fail(field, Message("error.lesson.unknown_directive", ["keys": Self.keys]))
            }
        }
        if let phase = step.position.phase, let subStep = step.position.subStep, phase != subStep.phase,
           case let name = fields.fields.first(where: { $0.key == "substep" }).flatMap({ try? fields.string($0) }) ?? "" {
            throw RNNScopeError(Message("error.lesson.substep_phase", ["name": name, "phase": phase.rawValue]), at: .file(fields.path, line: fields.fields.first { $0.key == "substep" }?.line ?? step.line))
        }
        lines = Dictionary(fields.fields.map { ($0.key, $0.line) }, uniquingKeysWith: { a, _ in a })
        step.directiveLines = lines
    }

    private(set) var lines: [String: Int] = [:]

    /// `ask:` — a mapping of question, choices (2–9), answer (1-based) and explain.
    static func question(_ field: YAMLFields.Field, _ fields: YAMLFields) throws -> LessonQuestion {
        guard let mapping = field.node.mapping else {
            throw fields.fail(field, Message("error.lesson.question_shape"))
        }
        var entries: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.string, ["question", "choices", "answer", "explain"].contains(name) else {
                throw fields.fail(field, Message("error.lesson.question_key", ["key": key.string ?? "?"]))
            }
            entries[name] = value
        }
        func text(_ name: String) throws -> [NarrationSpan] {
            guard let value = entries[name]?.scalar?.string, !value.isEmpty else { throw fields.fail(field, Message("error.lesson.question_missing", ["name": name])) }
            do { return try InlineParser.spans(value) } catch let error as LessonSyntax {
                throw fields.fail(field, Message("error.lesson.field", ["key": name], nested: ["message": error.sentence]))
            }
        }
        guard let list = entries["choices"]?.sequence, (2...9).contains(list.count) else {
            throw fields.fail(field, Message("error.lesson.choices_count"))
        }
        let choices = try list.map { node -> String in
            guard let choice = node.scalar?.string, !choice.isEmpty else { throw fields.fail(field, Message("error.lesson.choice_empty")) }
            // A live value in a choice would show a number before the reveal, so choices are fixed text.
            guard !choice.contains("{{") else {
                throw fields.fail(field, Message("error.lesson.choice_placeholder"))
            }
            return choice
        }
        guard let answer = entries["answer"]?.int, (1...choices.count).contains(answer) else {
            throw fields.fail(field, Message("error.lesson.answer", ["count": String(choices.count)]))
        }
        return LessonQuestion(question: try text("question"), choices: choices, answer: answer, explain: try text("explain"), line: field.line)
    }
}
