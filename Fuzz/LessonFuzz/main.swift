// libFuzzer target for the lesson parser: the bytes of a lesson file go through what
// LessonParser.load does after reading (UTF-8 check, then LessonParser.parse: YAML front
// matter via Yams/libyaml, step splitting, directive blocks, inline Markdown, math, checks).
// Compiled into one module with Sources/Lessons by scripts/fuzz.sh; not part of the package or CI.
//
// Besides crashes, timeouts and OOMs, the target traps when
//  - anything but RNNScopeError is thrown (the CLI reports those as `file:line: message`);
//  - a lesson that parsed carries a number its key does not allow (a rate, scale or clip
//    that is not a finite positive Float, a count outside its range): the explorer would
//    get it unchecked.
import Foundation
import RNNCore

/// FUZZ_PRINT=1 prints each input's outcome (for checking seeds: `FUZZ_PRINT=1 lessons-fuzz file…`).
private let printOutcome = ProcessInfo.processInfo.environment["FUZZ_PRINT"] != nil

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLesson(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    guard data.count <= LessonParser.maxFileBytes, let text = String(data: data, encoding: .utf8) else { return 0 }
    let lesson: Lesson
    do {
        lesson = try LessonParser.parse(text, path: "/fuzz/lesson.md")
    } catch let error as RNNScopeError {
        if printOutcome { print("refused: \(error)") }
        return 0
    } catch {
        fatalError("LessonParser.parse threw \(type(of: error)), not RNNScopeError: \(error)")
    }
    if printOutcome { print("parsed: lesson \(lesson.id) (\(lesson.lang)), \(lesson.steps.count) steps") }
    checkValues(lesson)
    return 0
}

/// The ranges the parser promises (see FrontMatter and DirectiveBlock).
private func checkValues(_ lesson: Lesson) {
    // fatalError, not precondition: -O keeps only fatalError's message.
    func positive(_ value: Float?, _ what: String) {
        guard let value, !(value.isFinite && value > 0) else { return }
        fatalError("\(what) = \(value) passed as a positive number")
    }
    func within(_ value: Int?, _ range: ClosedRange<Int>, _ what: String) {
        guard let value, !range.contains(value) else { return }
        fatalError("\(what) = \(value) passed, outside \(range)")
    }
    let settings = lesson.settings
    within(lesson.id, 1...999, "id")
    if !["en", "zh"].contains(lesson.lang) || lesson.title.isEmpty || lesson.steps.isEmpty {
        fatalError("lang '\(lesson.lang)', title '\(lesson.title)', \(lesson.steps.count) steps passed")
    }
    within(settings.hidden, 1...1024, "hidden")
    within(settings.window, 1...100_000, "window")
    within(settings.epochs, 0...LessonParser.maxTrainEpochs, "epochs")
    positive(settings.whhScale, "whh_scale")
    positive(settings.learningRate, "lr")
    positive(settings.clip, "clip")
    for step in lesson.steps {
        within(step.position.unit, 0...1023, "unit")
        if case .index(let t)? = step.position.t { within(t, 1...100_000, "t") }
        for action in step.actions {
            switch action {
            case .scaleWHH(let scale): positive(scale, "scale_whh")
            case .train(let epochs): within(epochs, 1...LessonParser.maxTrainEpochs, "train")
            case .window(let n): within(n, 1...1_000_000, "window")
            case .clip(let clip): positive(clip, "clip")
            case .clipValue(let clip): positive(clip, "clip_value")
            case .learningRate(let lr): positive(lr, "lr")
            case .recurrentWeights(.sigmaMax(let sigma)) where !(sigma.isFinite && sigma > 0):
                fatalError("whh = \(sigma) passed as a σ_max")
            default: break
            }
        }
    }
}
