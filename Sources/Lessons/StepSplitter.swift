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
                throw RNNScopeError(error.message, at: .file(path, line: line))
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
                guard !title.isEmpty else { throw RNNScopeError("a step heading needs a title", at: .file(path, line: number)) }
                steps.append(LessonStep(title: title, line: number))
            } else if trimmed.hasPrefix("```") {
                try flushParagraph()
                let info = trimmed.dropFirst(3).trimmingCharacters(in: .whitespaces)
                guard let end = lines.indices.dropFirst(index + 1).first(where: { lines[$0].trimmingCharacters(in: .whitespaces).hasPrefix("```") }) else {
                    throw RNNScopeError("a ``` block is not closed", at: .file(path, line: number))
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
        fields = try YAMLFields(yaml: yaml, firstLine: firstLine, path: path, what: "directive block")
    }

    static let keys = "view, t, phase, substep, unit, reinit, scale_whh, train, rewind, input, window, log_scale, clip, clip_value, lr, whh, cell, length, partner, pace, until, ask, holdout, prompt, generate, optimizer, entry, batch_size, shuffle, steps"

    mutating func apply(to step: inout LessonStep) throws {
        guard step.actions.isEmpty, step.position == LessonPosition() else {
            throw RNNScopeError("a step has one ```rnnscope block", at: .file(fields.path, line: fields.fields.first?.line ?? step.line))
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
                guard let known = Phase(rawValue: phase) else { throw fields.fail(field, "'\(phase)' is not forward or backward") }
                step.position.phase = known
            case "substep":
                let name = try fields.string(field)
                guard let subStep = SubStep(lessonName: name) else {
                    throw fields.fail(field, "'\(name)' is not one of " + SubStep.lessonNames.map(\.name).joined(separator: ", "))
                }
                step.position.subStep = subStep
            case "unit": step.position.unit = try fields.int(field, in: 0...(ModelLimits.hidden.upperBound - 1))
            case "optimizer":
                let name = try fields.string(field)
                guard OptimizerTensor.lessonNames.contains(name) else {
                    throw fields.fail(field, "'\(name)' is not one of " + OptimizerTensor.lessonNames.joined(separator: ", "))
                }
                step.position.optimizerTensor = name
            case "entry":
                let text = try fields.string(field)
                let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.filter { $0 != " " }) }
                let numbers = parts.compactMap { $0 }
                guard (1...2).contains(parts.count), numbers.count == parts.count, numbers.allSatisfy({ $0 >= 0 && $0 < 1_000_000 }) else {
                    throw fields.fail(field, "expected row,column (e.g. 3,5) or a bias's index, whole numbers from 0")
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
                        throw fields.fail(field, "expected a σ_max (a positive number), orthogonal or identity")
                    }
                    step.actions.append(.recurrentWeights(.sigmaMax(sigma)))
                }
            case "cell": step.actions.append(.cell(try fields.choice(field, CellKind.self)))
            case "length": step.actions.append(.length(try fields.int(field, in: ModelLimits.window)))
            case "holdout": step.actions.append(.holdout(try fields.int(field, in: 0...1_000_000)))
            case "prompt":
                let prompt = try fields.string(field)
                guard !prompt.isEmpty else { throw fields.fail(field, "the prompt is empty") }
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
                guard partner.isGated else { throw fields.fail(field, "the partner of the RNN is gru or lstm") }
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
            default: throw fields.fail(field, "unknown directive; known: \(Self.keys)")
            }
        }
        if let phase = step.position.phase, let subStep = step.position.subStep, phase != subStep.phase,
           case let name = fields.fields.first(where: { $0.key == "substep" }).flatMap({ try? fields.string($0) }) ?? "" {
            throw RNNScopeError("substep '\(name)' is not part of the \(phase.rawValue) phase", at: .file(fields.path, line: fields.fields.first { $0.key == "substep" }?.line ?? step.line))
        }
        lines = Dictionary(fields.fields.map { ($0.key, $0.line) }, uniquingKeysWith: { a, _ in a })
        step.directiveLines = lines
    }

    private(set) var lines: [String: Int] = [:]

    /// `ask:` — a mapping of question, choices (2–9), answer (1-based) and explain.
    static func question(_ field: YAMLFields.Field, _ fields: YAMLFields) throws -> LessonQuestion {
        guard let mapping = field.node.mapping else {
            throw fields.fail(field, "expected question, choices, answer and explain under it")
        }
        var entries: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.string, ["question", "choices", "answer", "explain"].contains(name) else {
                throw fields.fail(field, "unknown key '\(key.string ?? "?")'; known: question, choices, answer, explain")
            }
            entries[name] = value
        }
        func text(_ name: String) throws -> [NarrationSpan] {
            guard let value = entries[name]?.scalar?.string, !value.isEmpty else { throw fields.fail(field, "'\(name)' is missing or empty") }
            do { return try InlineParser.spans(value) } catch let error as LessonSyntax {
                throw fields.fail(field, "'\(name)': \(error.message)")
            }
        }
        guard let list = entries["choices"]?.sequence, (2...9).contains(list.count) else {
            throw fields.fail(field, "'choices' must be a list of 2 to 9 answers")
        }
        let choices = try list.map { node -> String in
            guard let choice = node.scalar?.string, !choice.isEmpty else { throw fields.fail(field, "a choice is empty or not text") }
            // A live value in a choice would show a number before the reveal, so choices are fixed text.
            guard !choice.contains("{{") else {
                throw fields.fail(field, "a choice holds a {{placeholder}}; choices are fixed text (live values go in 'explain')")
            }
            return choice
        }
        guard let answer = entries["answer"]?.int, (1...choices.count).contains(answer) else {
            throw fields.fail(field, "'answer' must be the number of the right choice, 1…\(choices.count)")
        }
        return LessonQuestion(question: try text("question"), choices: choices, answer: answer, explain: try text("explain"), line: field.line)
    }
}
