import Localization
import RNNCore
import ScopeNames

/// Checks what parsing alone cannot, by following the model spec through the script: every
/// spec the lesson reaches passes `ModelSpec.validate()` (the same limits as the command line
/// and the explorer's keys), time steps fit the sequence, units the hidden size, typed inputs
/// the vocabulary and windows the text.
struct StepChecker {
    let settings: LessonSettings
    let path: String
    var frontMatterLines: [String: Int] = [:]

    func check(_ steps: inout [LessonStep]) throws {
        var spec = settings.spec
        // With a weight file the hidden size is only known when it is loaded (the session
        // validates again then); a stand-in of 1 still checks the text and the window.
        let hidden: Int? = settings.weights == nil ? spec.hidden : nil
        if hidden == nil { spec.hidden = 1 }
        do { try spec.validate() } catch let error as SpecError {
            let line = frontMatterLines[LessonSettings.key(for: error.field)] ?? frontMatterLines["text"] ?? 1
            throw RNNScopeError(error.sentence, at: .file(path, line: line))
        }
        var stepsT = spec.window
        // The optimizer view's tensor, as the previous steps left it.
        var tensorName = OptimizerTensor.recurrent.name(cell: spec.cell)
        for index in steps.indices {
            let step = steps[index]
            func line(_ key: String) -> Int { step.directiveLines[key] ?? step.line }
            func checked(_ next: ModelSpec, key: String) throws -> ModelSpec {
                do { try next.validate() } catch let error as SpecError {
                    throw RNNScopeError(Self.field(key, error.sentence), at: .file(path, line: line(key)))
                }
                return next
            }
            for action in step.actions {
                var next = spec
                switch action {
                case .input(let input):
                    do { _ = try spec.vocabulary.encode(input) } catch let error as RNNScopeError {
                        throw RNNScopeError(Self.field("input", error.sentence), at: .file(path, line: line("input")))
                    }
                    guard input.unicodeScalars.count >= 2 else {
                        throw RNNScopeError(Self.field("input", Message("error.lesson.input_short")), at: .file(path, line: line("input")))
                    }
                    do { try spec.checkInput(steps: input.unicodeScalars.count - 1) } catch let error as SpecError {
                        throw RNNScopeError(Self.field("input", error.sentence), at: .file(path, line: line("input")))
                    }
                    stepsT = input.unicodeScalars.count - 1
                case .window(let n):
                    guard n <= spec.windowCount else {
                        throw RNNScopeError(Self.field("window", Message("error.lesson.window_range", ["value": String(n), "max": String(spec.windowCount)])), at: .file(path, line: line("window")))
                    }
                    stepsT = spec.window
                case .length(let n):
                    guard n <= spec.maxWindow else {
                        throw RNNScopeError(Self.field("length", Message("error.lesson.length_range", ["value": String(n), "max": String(spec.maxWindow), "length": String(spec.textLength)])), at: .file(path, line: line("length")))
                    }
                    next.window = n
                    next.stride = 1
                    spec = try checked(next.withInteractiveStride(), key: "length")
                    stepsT = n
                case .prompt(let prompt):
                    do { _ = try spec.vocabulary.encode(prompt) } catch let error as RNNScopeError {
                        throw RNNScopeError(Self.field("prompt", error.sentence), at: .file(path, line: line("prompt")))
                    }
                case .holdout(let n):
                    next.holdout = n
                    spec = try checked(next, key: "holdout")
                case .batchSize(let size):
                    next.training.batchSize = size
                    spec = try checked(next.withInteractiveStride(), key: "batch_size")
                case .shuffle(let on):
                    next.training.shuffle = on
                    spec = try checked(next, key: "shuffle")
                case .cell(let cell):
                    next.cell = cell
                    if cell.isGated { next.activation = .tanh }
                    spec = try checked(next, key: "cell")
                case .learningRate(let lr):
                    next.training.learningRate = lr
                    spec = try checked(next, key: "lr")
                case .clip(let norm):
                    next.training.clipNorm = norm
                    spec = try checked(next, key: "clip")
                case .clipValue(let limit):
                    next.training.clipValue = limit
                    spec = try checked(next, key: "clip_value")
                default: break
                }
            }
            if case .index(let t) = step.position.t, t > stepsT {
                throw RNNScopeError(Self.field("t", Message("error.lesson.t_range", ["value": String(t), "max": String(stepsT)])), at: .file(path, line: line("t")))
            }
            if let unit = step.position.unit, let hidden, unit >= hidden {
                throw RNNScopeError(Self.field("unit", Message("error.lesson.unit_range", ["value": String(unit), "max": String(hidden - 1), "h": String(hidden)])), at: .file(path, line: line("unit")))
            }
            if let name = step.position.optimizerTensor {
                guard OptimizerTensor(name: name, cell: spec.cell) != nil else {
                    let names = OptimizerTensor.cycle(cell: spec.cell).map { $0.name(cell: spec.cell) }
                    throw RNNScopeError(Self.field("optimizer", Message("error.lesson.optimizer_tensor", ["cell": spec.cell.title, "name": name, "names": names.joined(separator: ", ")])),
                                        at: .file(path, line: line("optimizer")))
                }
                tensorName = name
            }
            if let entry = step.position.optimizerEntry, let hidden {
                let tensor = OptimizerTensor(name: tensorName, cell: spec.cell) ?? .recurrent
                let shape = ModelShape(vocabSize: spec.vocabulary.count, hidden: hidden, cell: spec.cell)
                let (rows, columns, _) = tensor.geometry(shape)
                guard entry.count == 2, entry[0] < rows, entry[1] < columns else {
                    throw RNNScopeError(Self.field("entry", Message("error.lesson.entry_outside", [
                        "entry": entry.map(String.init).joined(separator: ","), "tensor": tensor.name(cell: spec.cell), "rows": String(rows),
                        "columns": String(columns), "row_max": String(rows - 1), "column_max": String(columns - 1),
                    ])),
                                        at: .file(path, line: line("entry")))
                }
            }
            for block in step.narration {
                try checkPlaceholders(block, hidden: hidden, steps: stepsT)
            }
        }
    }

    /// `'key': message`: a problem with one directive or front-matter key.
    static func field(_ key: String, _ message: Message) -> Message {
        Message("error.lesson.field", ["key": key], nested: ["message": message])
    }

    private func checkPlaceholders(_ block: NarrationBlock, hidden: Int?, steps: Int) throws {
        for span in block.spans {
            guard case .value(let placeholder, _) = span, case .number(let n)? = placeholder.index else { continue }
            switch placeholder.name.indexKind {
            case .unit:
                if let hidden, n >= hidden {
                    throw RNNScopeError(Message("error.lesson.placeholder_unit_range", ["source": placeholder.source, "value": String(n), "max": String(hidden - 1)]), at: .file(path, line: block.line))
                }
            case .step:
                if !(1...steps).contains(n) {
                    throw RNNScopeError(Message("error.lesson.placeholder_step_range", ["source": placeholder.source, "value": String(n), "max": String(steps)]), at: .file(path, line: block.line))
                }
            case .required, .none: break
            }
        }
    }
}
