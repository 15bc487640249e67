import Localization
import Testing
@testable import Lessons
@testable import RNNCore

/// Every kind of lesson-file error (the cases of LessonParserTests and more), rendered in
/// Chinese: a Chinese sentence with no English word left except names (the lesson's YAML keys in
/// quotes, placeholders, flags) and the lesson's own data (the Message's values). Issue 18.
@Suite("Lesson errors in Chinese")
struct ChineseLessonErrorTests {
    static let header = "---\nid: 1\ntitle: x\nlang: en\n---\n## s\n"

    /// A step whose ```rnnscope block holds `directives`.
    static func block(_ directives: String) -> String { header + "```rnnscope\n" + directives + "\n```\n" }

    static let more: [(name: String, source: String)] = [
        ("tab", "---\nid: 1\n\ttitle: x\nlang: en\n---\n## s\n"),
        ("unclosed quote", "---\nid: 1\ntitle: \"x\nlang: en\n---\n## s\n"),
        ("mapping value", "---\nid: 1\ntitle: a: b\nlang: en\n---\n## s\n"),
        ("not key: value", "---\n- id\n- title\n---\n## s\n"),
        ("twice", "---\nid: 1\nid: 2\ntitle: x\nlang: en\n---\n## s\n"),
        ("bool", "---\nid: 1\ntitle: x\nlang: en\nshuffle: maybe\n---\n## s\n"),
        ("positive", "---\nid: 1\ntitle: x\nlang: en\nlr: -1\n---\n## s\n"),
        ("text", "---\nid: 1\ntitle: x\nlang: en\ntext: [1]\n---\n## s\n"),
        ("activation", "---\nid: 1\ntitle: x\nlang: en\nactivation: sigmoid\n---\n## s\n"),
        ("activation of a gated cell", "---\nid: 1\ntitle: x\nlang: en\ncell: gru\nactivation: relu\n---\n## s\n"),
        ("step title", "---\nid: 1\ntitle: x\nlang: en\n---\n##   \n"),
        ("two blocks", block("t: 1") + "```rnnscope\nt: 2\n```\n"),
        ("phase", block("phase: sideways")),
        ("whh", block("whh: big")),
        ("partner", block("partner: rnn")),
        ("input too short", block("input: \"H\"")),
        ("window directive", block("window: 500")),
        ("length", block("length: 5000")),
        ("lr directive", block("lr: 0")),
        ("ask not a mapping", block("ask: 3")),
        ("ask unknown key", block("ask:\n  question: q\n  hint: h")),
        ("ask missing explain", block("ask:\n  question: q\n  choices: [a, b]\n  answer: 1")),
        ("ask one choice", block("ask:\n  question: q\n  choices: [a]\n  answer: 1\n  explain: e")),
        ("ask choice placeholder", block("ask:\n  question: q\n  choices: [\"{{loss}}\", b]\n  answer: 1\n  explain: e")),
        ("ask answer", block("ask:\n  question: q\n  choices: [a, b]\n  answer: 3\n  explain: e")),
        ("ask bad placeholder", block("ask:\n  question: \"{{nope}}\"\n  choices: [a, b]\n  answer: 1\n  explain: e")),
        ("placeholder bracket", header + "\nsee {{h_t[2}}\n"),
        ("placeholder index", header + "\nsee {{h_t[x]}}\n"),
        ("placeholder unit index", header + "\nsee {{h_t[T]}}\n"),
        ("placeholder step index", header + "\nsee {{norm_dh[unit]}}\n"),
        ("placeholder prompt", header + "\nsee {{prediction[7]}}\n"),
        ("placeholder step range", header + "\nsee {{norm_dh[99]}}\n"),
        ("unclosed math placeholder", header + "\nsee $h_{{loss$\n"),
    ]

    @Test("Every lesson error reads as Chinese")
    func lessonErrors() {
        var cases: [(String, RNNScopeError)] = []
        for (name, source) in LessonParserTests.errors.map({ ($0.name, $0.source) }) + Self.more {
            do {
                _ = try LessonParser.parse(source, path: "broken.md")
                Issue.record("\(name): accepted")
            } catch let error as RNNScopeError {
                cases.append((name, error))
            } catch {
                Issue.record("\(name): unexpected \(error)")
            }
        }
        do {
            _ = try LessonLibrary.find("999", lang: "en")
            Issue.record("lesson 999 found")
        } catch let error as RNNScopeError {
            cases.append(("no such lesson", error))
        } catch {
            Issue.record("unexpected \(error)")
        }
        #expect(cases.count == LessonParserTests.errors.count + Self.more.count + 1)
        for (name, error) in cases {
            let chinese = error.text(Strings(.zh)), english = error.text(Strings(.en))
            let data = Self.userData(error.sentence) + ["broken.md"]
            #expect(!Self.keys(error.sentence).contains("error.untranslated"), "\(name): \(english)")
            #expect(chinese.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(name): \(chinese)")
            #expect(EnglishWords.find(in: Self.removing(data, from: chinese)) == [], "\(name): \(chinese)")
            #expect(!EnglishWords.find(in: Self.removing(data, from: english)).isEmpty, "\(name): \(english)")
            #expect(chinese.hasPrefix("broken.md:") || name == "no such lesson", "\(name): \(chinese)")
        }
    }

    @Test("A directive's spec error keeps the spec's sentence, nested under the directive's key")
    func nestedSpecError() throws {
        let error = try #require(throws: RNNScopeError.self) {
            _ = try LessonParser.parse(Self.block("holdout: 100"), path: "broken.md")
        }
        #expect(error.sentence.key == "error.lesson.field")
        #expect(error.sentence.values["key"] == "holdout")
        #expect(error.sentence.nested["message"]?.key == "error.spec.holdout_all")
        #expect(error.text(Strings(.zh)) == "broken.md:8：'holdout'：100 没有给训练留下窗口：文本有 92 个窗口，所以最多只能留出 91 个")
    }

    static func userData(_ message: Message) -> [String] {
        Array(message.values.values) + message.nested.values.flatMap(userData)
    }

    static func keys(_ message: Message) -> [String] {
        [message.key] + message.nested.values.flatMap(keys)
    }

    static func removing(_ data: [String], from text: String) -> String {
        data.sorted { $0.count > $1.count }.filter { !$0.isEmpty }.reduce(text) { $0.replacingOccurrences(of: $1, with: "0") }
    }
}
