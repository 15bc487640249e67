import ScopeNames
import Testing
@testable import Lessons
@testable import RNNCore

@Suite("Lesson parser")
struct LessonParserTests {
    static let good = """
        ---
        id: 3
        title: A lesson
        lang: en
        hidden: 16
        window: 10
        activation: relu
        loss: every
        seed: 4
        clip: 2.5
        ---

        # Ignored title

        ## First step

        ```rnnscope
        view: step
        t: 3
        substep: activation
        unit: 5
        ```

        The **state** $h_{t-1}$ and `code` with {{h_t[unit]}} and {{loss}}.
        Second line of the same paragraph.

        - a bullet {{prediction[2]}}

        ## Second step

        ```rnnscope
        phase: backward
        t: last
        train: 20
        input: "Hello, RNN!"
        scale_whh: 0.5
        clip: none
        lr: 0.05
        ```

        Fading {{fade}}: {{norm_dh[T]}} and {{norm_dh[1]}}.

        ```python
        print("code is kept")
        ```
        """

    @Test("A well-formed lesson becomes typed steps")
    func parsesGoodLesson() throws {
        let lesson = try LessonParser.parse(Self.good, path: "good.md")
        #expect(lesson.id == 3 && lesson.title == "A lesson" && lesson.lang == "en")
        #expect(lesson.settings.hidden == 16 && lesson.settings.activation == .relu && lesson.settings.loss == .every)
        #expect(lesson.settings.seed == 4 && lesson.settings.clip == 2.5)
        #expect(lesson.steps.count == 2)
        let first = lesson.steps[0]
        #expect(first.title == "First step" && first.line == 15)
        #expect(first.position == LessonPosition(view: .step, t: .index(3), phase: nil, subStep: .forward(.activation), unit: 5))
        #expect(first.narration.count == 2)
        #expect(first.narration[0].spans.contains(.text("state", .bold)))
        #expect(first.narration[0].spans.contains(.text("h_{t-1}", .math)))
        #expect(first.narration[0].spans.contains(.value(Placeholder(name: .hT, index: .unit), .plain)))
        #expect(first.narration[1].kind == .bullet)
        let second = lesson.steps[1]
        #expect(second.position.t == .last && second.position.phase == .backward)
        #expect(second.actions == [.train(epochs: 20), .input("Hello, RNN!"), .scaleWHH(0.5), .clip(nil), .learningRate(0.05)])
        #expect(second.narration.last?.kind == .code)
    }

    @Test("corpus: long and stride set the model's text and windows; prompt and generate are actions")
    func longCorpus() throws {
        let source = "---\nid: 7\ntitle: x\nlang: en\ncorpus: long\nwindow: 40\nstride: 20\n---\n## s\n```rnnscope\nprompt: \"Ada kept\"\ngenerate: 80\nview: neurons\n```\n"
        let lesson = try LessonParser.parse(source, path: "long.md")
        #expect(lesson.settings.text == LongText.text)
        #expect(lesson.settings.stride == 20)
        #expect(lesson.settings.spec.stride == 20)
        #expect(lesson.settings.spec.windowCount == (LongText.text.unicodeScalars.count - 40 - 1) / 20 + 1)
        #expect(lesson.steps[0].actions == [.prompt("Ada kept"), .generate(80)])
        #expect(lesson.steps[0].position.view == .neurons)
    }

    @Test("Math reads like the notes: subscripts kept, commands become symbols")
    func math() {
        #expect(MathText.readable("h_t = \\tanh(W_{xh} x_t + W_{hh} h_{t-1} + b_h)") == "h_t = tanh(W_xh x_t + W_hh h_{t-1} + b_h)")
        #expect(MathText.readable("L = -\\sum_{t=1}^{T} \\log(\\hat{y}_{t})") == "L = -Σ_{t=1}^T log(ŷ_t)")
        #expect(MathText.readable("\\frac{\\partial L}{\\partial h_t} \\odot (1 - h_t^2)") == "∂L/∂h_t ⊙ (1 - h_t²)")
        #expect(MathText.readable("W_{hh}^\\top") == "W_hhᵀ")
    }

    /// Each kind of error names the file and line.
    static let errors: [(name: String, source: String, line: Int, mentions: String)] = [
        ("no front matter", "# hello\n## step\n", 1, "front matter"),
        ("unclosed front matter", "---\nid: 1\n", 1, "closing"),
        ("bad YAML", "---\nid: 1\ntitle: [unclosed\nlang: en\n---\n## s\n", 4, "bad YAML"),
        ("unknown front-matter key", "---\nid: 1\ntitle: x\nlang: en\ncolour: red\n---\n## s\n", 5, "unknown front-matter key"),
        ("missing title", "---\nid: 1\nlang: en\n---\n## s\n", 1, "missing 'title'"),
        ("bad lang", "---\nid: 1\ntitle: x\nlang: fr\n---\n## s\n", 4, "not en or zh"),
        ("no steps", "---\nid: 1\ntitle: x\nlang: en\n---\ntext only\n", 6, "no steps"),
        ("unknown directive", "---\nid: 1\ntitle: x\nlang: en\n---\n## s\n```rnnscope\nt: 2\nzoom: 3\n```\n", 9, "unknown directive"),
        ("unknown substep", "---\nid: 1\ntitle: x\nlang: en\n---\n## s\n```rnnscope\nsubstep: dance\n```\n", 8, "'dance' is not one of"),
        ("substep of the other phase", "---\nid: 1\ntitle: x\nlang: en\n---\n## s\n```rnnscope\nphase: forward\nsubstep: da\n```\n", 9, "not part of the forward phase"),
        ("step out of range", "---\nid: 1\ntitle: x\nlang: en\n---\n## s\n```rnnscope\nt: 11\n```\n", 8, "out of range 1...10"),
        ("unit out of range", "---\nid: 1\ntitle: x\nlang: en\nhidden: 8\n---\n## s\n```rnnscope\nunit: 8\n```\n", 9, "out of range 0...7"),
        ("input outside vocabulary", "---\nid: 1\ntitle: x\nlang: en\n---\n## s\n```rnnscope\ninput: \"Hi?\"\n```\n", 8, "not in the vocabulary"),
        ("window too short text", "---\nid: 1\ntitle: x\nlang: en\ntext: abc\nwindow: 5\n---\n## s\n", 6, "needs at least 6"),
        ("unknown placeholder", "---\nid: 1\ntitle: x\nlang: en\n---\n## s\n\nThe {{lossy}} value.\n", 8, "unknown placeholder {{lossy}}"),
        ("placeholder unit out of range", "---\nid: 1\ntitle: x\nlang: en\nhidden: 4\n---\n## s\n\nsee {{h_t[9]}}\n", 9, "unit 9 is out of range"),
        ("unclosed placeholder", "---\nid: 1\ntitle: x\nlang: en\n---\n## s\n\nsee {{loss\n", 8, "closing '}}'"),
        ("unclosed code block", "---\nid: 1\ntitle: x\nlang: en\n---\n## s\n```rnnscope\nt: 1\n", 7, "not closed"),
        ("train out of range", "---\nid: 1\ntitle: x\nlang: en\n---\n## s\n```rnnscope\ntrain: 0\n```\n", 8, "out of range"),
        ("wrong type", "---\nid: one\ntitle: x\nlang: en\n---\n## s\n", 2, "whole number"),
        ("holdout of every window", "---\nid: 1\ntitle: x\nlang: en\nholdout: 92\n---\n## s\n", 5,
         "92 leaves no window to train on: the text has 92 windows, so at most 91 can be held out"),
        ("negative holdout", "---\nid: 1\ntitle: x\nlang: en\nholdout: -3\n---\n## s\n", 5, "out of range"),
        ("holdout directive out of range", "---\nid: 1\ntitle: x\nlang: en\n---\n## s\n```rnnscope\nholdout: 100\n```\n", 8,
         "'holdout': 100 leaves no window to train on"),
        ("unknown corpus", "---\nid: 1\ntitle: x\nlang: en\ncorpus: plays\n---\n## s\n", 5, "'plays' is not a built-in text; known: notes, long"),
        ("stride out of range", "---\nid: 1\ntitle: x\nlang: en\nstride: 0\n---\n## s\n", 5, "out of range"),
        ("prompt outside vocabulary", "---\nid: 1\ntitle: x\nlang: en\n---\n## s\n```rnnscope\nprompt: \"Hi?\"\n```\n", 8, "'prompt':"),
        ("empty prompt", "---\nid: 1\ntitle: x\nlang: en\n---\n## s\n```rnnscope\nprompt: \"\"\n```\n", 8, "the prompt is empty"),
        ("generate out of range", "---\nid: 1\ntitle: x\nlang: en\n---\n## s\n```rnnscope\ngenerate: 1001\n```\n", 8, "out of range"),
        ("holdout directive after a longer window", "---\nid: 1\ntitle: x\nlang: en\nholdout: 40\n---\n## s\n```rnnscope\nlength: 70\n```\n", 9,
         "'length': 40 leaves no window"),
        ("unknown optimizer tensor", "---\nid: 1\ntitle: x\nlang: en\n---\n## s\n```rnnscope\nview: optimizer\noptimizer: W_xx\n```\n", 9,
         "'W_xx' is not one of W_hh"),
        ("gate block of the RNN", "---\nid: 1\ntitle: x\nlang: en\n---\n## s\n```rnnscope\noptimizer: W_hz\n```\n", 8,
         "the RNN has no tensor 'W_hz'"),
        ("entry not row,column", "---\nid: 1\ntitle: x\nlang: en\n---\n## s\n```rnnscope\nentry: three\n```\n", 8,
         "expected row,column"),
        ("entry outside the tensor", "---\nid: 1\ntitle: x\nlang: en\nhidden: 8\n---\n## s\n```rnnscope\noptimizer: E\nentry: 2,8\n```\n", 10,
         "'entry': 2,8 is outside E [28×8]"),
    ]

    @Test("Errors name file:line and what was expected", arguments: errors.indices)
    func error(index: Int) {
        let (name, source, line, mentions) = Self.errors[index]
        do {
            _ = try LessonParser.parse(source, path: "broken.md")
            Issue.record("\(name): accepted")
        } catch let error as RNNScopeError {
            #expect(error.location == .file("broken.md", line: line), "\(name): \(error)")
            #expect(error.description.hasPrefix("broken.md:\(line): "), "\(name): \(error)")
            #expect(error.message.contains(mentions), "\(name): \(error)")
        } catch {
            Issue.record("\(name): unexpected \(error)")
        }
    }
}
