import Lessons
import Localization
import RNNCore
import ScopeNames
import Testing
@testable import Visualizer

/// Predict, then reveal: a lesson's `ask:` hides the answer until the student commits.
@Suite("Lesson questions")
struct QuestionTests {
    static let source = """
    ---
    id: 92
    title: questions
    lang: en
    ---
    ## Guess
    ```rnnscope
    t: 3
    substep: activation
    ask:
      question: "Is h_t[0] positive?"
      choices: ["yes", "no"]
      answer: 2
      explain: "h_t[0] = {{h_t[0]}} here."
    ```
    The narration after the answer mentions {{h_t[0]}}.
    """

    func session() throws -> LessonSession {
        try LessonSession(lesson: LessonParser.parse(Self.source, path: "q.md"))
    }

    func screen(_ session: LessonSession) -> String { LessonScreen.render(session, width: 120, height: 40).plainText() }

    @Test("Before answering: the question and its choices, no numbers and no narration")
    func pending() throws {
        let s = try session()
        #expect(s.questionPending)
        let text = screen(s)
        #expect(text.contains("Is h_t[0] positive?") && text.contains("1. yes") && text.contains("2. no"))
        #expect(text.contains("answer the question below first") && text.contains("not computed yet"))
        #expect(!text.contains("The narration after the answer"))
        s.handle(.character("]"))
        #expect(s.stepIndex == 0 && s.questionPending, "] does not skip the question")
    }

    @Test("A wrong choice says so, names the answer, explains with live values and reveals the panels")
    func wrongThenExplained() throws {
        let s = try session()
        s.handle(.character("1"))
        #expect(!s.questionPending && s.chosen == 1)
        let text = screen(s)
        let placeholder = try #require(s.step.question?.explain.compactMap { span -> Placeholder? in
            if case .value(let p, _) = span { return p } else { return nil }
        }.first)
        let h = PlaceholderValues.text(for: placeholder, in: s.frame())
        #expect(text.contains("Not quite: it is 2.") && text.contains("h_t[0] = \(h) here."))
        #expect(text.contains("The narration after the answer") && !text.contains("answer the question below first"))
    }

    @Test("Enter reveals without answering; the right choice says right")
    func revealAndRight() throws {
        let s = try session()
        s.handle(.enter)
        #expect(screen(s).contains("The answer: 2."))
        let t = try session()
        t.handle(.character("2"))
        #expect(screen(t).contains("Right."))
    }

    @Test("Presentation mode poses the question large, in place of the panels, until it is answered")
    func presentation() throws {
        let s = try LessonSession(lesson: LessonParser.parse(Self.source, path: "q.md"), present: true)
        var text = LessonScreen.render(s, width: 200, height: 60).plainText()
        #expect(text.contains("question: press 1–2, or Enter to reveal") && text.contains("1. yes"))
        #expect(text.components(separatedBy: "\n").filter { $0.contains("█") }.count >= 3, "the question in glyphs three rows tall")
        s.handle(.character("2"))
        text = LessonScreen.render(s, width: 200, height: 60).plainText()
        #expect(!text.contains("question: press") && text.contains("Right."))
    }

    @Test("A bad ask: is a one-line error with the file's line")
    func badAsk() {
        for (bad, message) in [("answer: 3", "'answer' must be"), ("choices: [\"only\"]", "'choices' must be"), ("hint: x", "unknown key 'hint'"),
                               ("choices: [\"{{loss}}\", \"no\"]", "choices are fixed text")] {
            let source = Self.source.replacingOccurrences(of: bad.hasPrefix("answer") ? "answer: 2" : bad.hasPrefix("choices") ? "choices: [\"yes\", \"no\"]" : "answer: 2",
                                                          with: bad.hasPrefix("hint") ? "answer: 2\n  hint: x" : bad)
            #expect(throws: RNNScopeError.self) { try LessonParser.parse(source, path: "q.md") }
            do { _ = try LessonParser.parse(source, path: "q.md") } catch {
                #expect("\(error)".contains("q.md:10") && "\(error)".contains(message), "\(error)")
            }
        }
    }

    @Test("Every question in the shipped lessons has an answer among its choices")
    func shippedQuestions() throws {
        for lesson in try LessonLibrary.all() {
            for step in lesson.steps {
                if let question = step.question { #expect((1...question.choices.count).contains(question.answer), "\(lesson.path)") }
            }
        }
    }
    @Test("Every shipped question, answered right, says Right. with its explanation filled in, at 120×40 and 80×24")
    func shippedQuestionsAnsweredRight() throws {
        var questions: [String: Int] = [:]
        for lesson in try LessonLibrary.all() {
            let session = try LessonSession(lesson: lesson)
            for index in 0..<session.stepCount {
                if index > 0 { session.next() }
                #expect(session.stepIndex == index, "\(lesson.path) step \(index + 1): \(session.explorer.message ?? "")")
                guard let question = session.step.question else { continue }
                questions[lesson.lang, default: 0] += 1
                let place = "\(lesson.path) step \(index + 1)"
                let pending = LessonScreen.render(session, width: 120, height: 40).plainText()
                let hidden = ["answer the question below first", "hidden until you answer the question below", Strings(.zh)["chrome.concealed"], Strings(.zh)["formula.concealed"]]
                #expect(session.questionPending && hidden.contains { pending.contains($0) }, "\(place): the answer is on screen before it is asked")
                let loss = Strings(session.language)("chrome.status.loss", ["loss": NumberText.precise(session.frame().trace.loss)])
                for (width, height) in [(120, 40), (80, 24)] {
                    #expect(!LessonScreen.render(session, width: width, height: height).plainText().contains(loss),
                            "\(place) at \(width)×\(height): the loss is on screen before the answer")
                }
                #expect(session.handle(.character(Character(String(question.answer)))))
                #expect(!session.questionPending && session.chosen == question.answer, "\(place)")
                let frame = session.frame()
                for span in question.explain {
                    guard case .value(let placeholder, _) = span else { continue }
                    let value = PlaceholderValues.text(for: placeholder, in: frame)
                    #expect(value != "?" && value != placeholder.source && !value.contains("{{"), "\(place): \(placeholder.source) has no value")
                }
                for (width, height) in [(120, 40), (80, 24)] {
                    let text = LessonScreen.render(session, width: width, height: height).plainText()
                    let right = QuestionWords(lang: lesson.lang).verdict(chosen: question.answer, answer: question.answer)
                        .trimmingCharacters(in: .whitespaces)
                    #expect(text.contains(right), "\(place) at \(width)×\(height): no verdict on screen")
                    let wrong = QuestionWords(lang: lesson.lang).verdict(chosen: question.answer % question.choices.count + 1, answer: question.answer)
                        .trimmingCharacters(in: .whitespaces)
                    #expect(!text.contains("{{") && !text.contains(wrong), "\(place) at \(width)×\(height)")
                    #expect(!hidden.contains { text.contains($0) }, "\(place) at \(width)×\(height): answered, yet still hidden")
                }
            }
        }
        #expect((questions["en"] ?? 0) >= 8 && (questions["zh"] ?? 0) >= 8, "questions per language: \(questions)")
        #expect(questions["en"] == questions["zh"], "the same questions in English and Chinese: \(questions)")
    }

    @Test("The English and Chinese lessons ask at the same steps, with the same right answer and number of choices")
    func sameQuestionsInBothLanguages() throws {
        let lessons = try LessonLibrary.all()
        for en in lessons where en.lang == "en" {
            let zh = try #require(lessons.first { $0.lang == "zh" && $0.id == en.id })
            #expect(en.steps.map { $0.question?.answer } == zh.steps.map { $0.question?.answer }, "\(zh.path)")
            #expect(en.steps.map { $0.question?.choices.count } == zh.steps.map { $0.question?.choices.count }, "\(zh.path)")
        }
    }
}
