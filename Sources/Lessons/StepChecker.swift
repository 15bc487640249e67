import RNNCore

/// Checks what parsing alone cannot: time steps within the sequence, units within the hidden
/// size, typed inputs within the vocabulary, windows within the text.
struct StepChecker {
    let settings: LessonSettings
    let path: String
    var frontMatterLines: [String: Int] = [:]

    func check(_ steps: inout [LessonStep]) throws {
        let text = settings.text ?? SeedNotes.text
        let vocabulary = Vocabulary(text: text)
        var window = settings.window ?? SeedNotes.window
        let length = text.unicodeScalars.count
        // Training windows: every one at first; after a `length`, strided as the explorer does.
        var windowCount = length - window
        guard length >= window + 1 else {
            throw RNNScopeError("the text has \(length) characters; window \(window) needs at least \(window + 1)",
                                at: .file(path, line: frontMatterLines["window"] ?? frontMatterLines["text"] ?? 1))
        }
        // With a weight file the hidden size is only known when it is loaded.
        let hidden: Int? = settings.weights == nil ? (settings.hidden ?? SeedNotes.hidden) : nil
        try checkSize(window: window, hidden: hidden, line: frontMatterLines["window"] ?? frontMatterLines["hidden"] ?? 1)
        var steps_T = window
        for index in steps.indices {
            let step = steps[index]
            func line(_ key: String) -> Int { step.directiveLines[key] ?? step.line }
            for action in step.actions {
                switch action {
                case .input(let input):
                    do { _ = try vocabulary.encode(input) } catch let error as RNNScopeError {
                        throw RNNScopeError("'input': \(error.message)", at: .file(path, line: line("input")))
                    }
                    guard input.unicodeScalars.count >= 2 else {
                        throw RNNScopeError("'input': needs at least two characters, the input and the character to predict", at: .file(path, line: line("input")))
                    }
                    steps_T = input.unicodeScalars.count - 1
                case .window(let n):
                    guard n <= windowCount else {
                        throw RNNScopeError("'window': \(n) is out of range 1...\(windowCount) (the text's windows)", at: .file(path, line: line("window")))
                    }
                    steps_T = window
                case .length(let n):
                    guard n <= length - 1 else {
                        throw RNNScopeError("'length': \(n) is out of range 1...\(length - 1) (the text has \(length) characters)", at: .file(path, line: line("length")))
                    }
                    try checkSize(window: n, hidden: hidden, line: line("length"))
                    window = n
                    let stride = TrainingSet.stride(textLength: length, window: n)
                    windowCount = (length - n - 1) / stride + 1
                    steps_T = n
                default: break
                }
            }
            if case .index(let t) = step.position.t, t > steps_T {
                throw RNNScopeError("'t': step \(t) is out of range 1...\(steps_T) (the sequence has \(steps_T) steps)", at: .file(path, line: line("t")))
            }
            if let unit = step.position.unit, let hidden, unit >= hidden {
                throw RNNScopeError("'unit': \(unit) is out of range 0...\(hidden - 1) (H = \(hidden))", at: .file(path, line: line("unit")))
            }
            for block in step.narration {
                try checkPlaceholders(block, hidden: hidden, steps: steps_T)
            }
        }
    }

    /// Steps × hidden units one window may hold: the command line's limit (`--window` ×
    /// `--hidden`, each of the pass's buffers ≤ 128 MB). Without it `window: 100000` with
    /// `hidden: 1024` asks for gigabytes and the program dies when the allocation fails.
    static let maxWindowUnits = 1 << 25

    private func checkSize(window: Int, hidden: Int?, line: Int) throws {
        guard let hidden, window > Self.maxWindowUnits / hidden else { return }
        throw RNNScopeError(
            "a window of \(window) steps × \(hidden) units is too much to hold; at most \(Self.maxWindowUnits / hidden) steps at hidden \(hidden)",
            at: .file(path, line: line))
    }

    private func checkPlaceholders(_ block: NarrationBlock, hidden: Int?, steps: Int) throws {
        for span in block.spans {
            guard case .value(let placeholder, _) = span, case .number(let n)? = placeholder.index else { continue }
            if Placeholder.unitVectors.contains(placeholder.name), let hidden, n >= hidden {
                throw RNNScopeError("\(placeholder.source): unit \(n) is out of range 0...\(hidden - 1)", at: .file(path, line: block.line))
            }
            if placeholder.name == "norm_dh", !(1...steps).contains(n) {
                throw RNNScopeError("\(placeholder.source): step \(n) is out of range 1...\(steps)", at: .file(path, line: block.line))
            }
        }
    }
}
