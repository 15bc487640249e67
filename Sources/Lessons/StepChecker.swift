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
            throw RNNScopeError(error.message, at: .file(path, line: line))
        }
        var stepsT = spec.window
        // The optimizer view's tensor, as the previous steps left it.
        var tensorName = OptimizerTensor.recurrent.name(cell: spec.cell)
        for index in steps.indices {
            let step = steps[index]
            func line(_ key: String) -> Int { step.directiveLines[key] ?? step.line }
            func checked(_ next: ModelSpec, key: String) throws -> ModelSpec {
                do { try next.validate() } catch let error as SpecError {
                    throw RNNScopeError("'\(key)': \(error.message)", at: .file(path, line: line(key)))
                }
                return next
            }
            for action in step.actions {
                var next = spec
                switch action {
                case .input(let input):
                    do { _ = try spec.vocabulary.encode(input) } catch let error as RNNScopeError {
                        throw RNNScopeError("'input': \(error.message)", at: .file(path, line: line("input")))
                    }
                    guard input.unicodeScalars.count >= 2 else {
                        throw RNNScopeError("'input': needs at least two characters, the input and the character to predict", at: .file(path, line: line("input")))
                    }
                    do { try spec.checkInput(steps: input.unicodeScalars.count - 1) } catch let error as SpecError {
                        throw RNNScopeError("'input': \(error.message)", at: .file(path, line: line("input")))
                    }
                    stepsT = input.unicodeScalars.count - 1
                case .window(let n):
                    guard n <= spec.windowCount else {
                        throw RNNScopeError("'window': \(n) is out of range 1...\(spec.windowCount) (the text's windows)", at: .file(path, line: line("window")))
                    }
                    stepsT = spec.window
                case .length(let n):
                    guard n <= spec.maxWindow else {
                        throw RNNScopeError("'length': \(n) is out of range 1...\(spec.maxWindow) (the text has \(spec.textLength) characters)", at: .file(path, line: line("length")))
                    }
                    next.window = n
                    next.stride = 1
                    spec = try checked(next.withInteractiveStride(), key: "length")
                    stepsT = n
                case .prompt(let prompt):
                    do { _ = try spec.vocabulary.encode(prompt) } catch let error as RNNScopeError {
                        throw RNNScopeError("'prompt': \(error.message)", at: .file(path, line: line("prompt")))
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
                throw RNNScopeError("'t': step \(t) is out of range 1...\(stepsT) (the sequence has \(stepsT) steps)", at: .file(path, line: line("t")))
            }
            if let unit = step.position.unit, let hidden, unit >= hidden {
                throw RNNScopeError("'unit': \(unit) is out of range 0...\(hidden - 1) (H = \(hidden))", at: .file(path, line: line("unit")))
            }
            if let name = step.position.optimizerTensor {
                guard OptimizerTensor(name: name, cell: spec.cell) != nil else {
                    let names = OptimizerTensor.cycle(cell: spec.cell).map { $0.name(cell: spec.cell) }
                    throw RNNScopeError("'optimizer': the \(spec.cell.title) has no tensor '\(name)': one of \(names.joined(separator: ", "))",
                                        at: .file(path, line: line("optimizer")))
                }
                tensorName = name
            }
            if let entry = step.position.optimizerEntry, let hidden {
                let tensor = OptimizerTensor(name: tensorName, cell: spec.cell) ?? .recurrent
                let shape = ModelShape(vocabSize: spec.vocabulary.count, hidden: hidden, cell: spec.cell)
                let (rows, columns, _) = tensor.geometry(shape)
                guard entry.count == 2, entry[0] < rows, entry[1] < columns else {
                    throw RNNScopeError("'entry': \(entry.map(String.init).joined(separator: ",")) is outside \(tensor.name(cell: spec.cell)) [\(rows)×\(columns)]: row 0…\(rows - 1), column 0…\(columns - 1)",
                                        at: .file(path, line: line("entry")))
                }
            }
            for block in step.narration {
                try checkPlaceholders(block, hidden: hidden, steps: stepsT)
            }
        }
    }

    private func checkPlaceholders(_ block: NarrationBlock, hidden: Int?, steps: Int) throws {
        for span in block.spans {
            guard case .value(let placeholder, _) = span, case .number(let n)? = placeholder.index else { continue }
            switch placeholder.name.indexKind {
            case .unit:
                if let hidden, n >= hidden {
                    throw RNNScopeError("\(placeholder.source): unit \(n) is out of range 0...\(hidden - 1)", at: .file(path, line: block.line))
                }
            case .step:
                if !(1...steps).contains(n) {
                    throw RNNScopeError("\(placeholder.source): step \(n) is out of range 1...\(steps)", at: .file(path, line: block.line))
                }
            case .required, .none: break
            }
        }
    }
}
