import Foundation
import Testing
@testable import Lessons
@testable import RNNCore

/// Inputs that crashed the lesson parser or slipped past its checks (scripts/fuzz.sh lessons,
/// Fuzz/README.md); each must now be a clean RNNScopeError naming the line.
@Suite("Fuzz regressions: lessons")
struct LessonFuzzRegressionTests {
    /// Tests/LessonsTests/Fixtures/fuzz/ (read from the source tree: the target has no resources).
    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/fuzz/\(name)").path
    }

    func expectRefused(_ source: String, line: Int, mentioning words: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try LessonParser.parse(source, path: "fuzz.md")
            Issue.record("accepted", sourceLocation: sourceLocation)
        } catch let error as RNNScopeError {
            #expect(error.location == .file("fuzz.md", line: line), "\(error)", sourceLocation: sourceLocation)
            #expect(error.message.contains(words), "\(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
        }
    }

    /// Fixtures/fuzz/crash-sexagesimal-overflow.md: `id: 1:1:1:1:1:1:1:1:1:1:1:1`. Yams reads
    /// colon-separated integers as base 60 (YAML 1.1) and its 60^k overflowed Int: a trap.
    @Test("A base-60 number that overflows is refused, not a trap in Yams")
    func sexagesimalFixture() throws {
        let path = Self.fixture("crash-sexagesimal-overflow.md")
        let error = #expect(throws: RNNScopeError.self) { _ = try LessonParser.load(path) }
        #expect(error?.location == .file(path, line: 2))
        #expect(error?.message == "'id': expected a whole number in 1...999")
    }

    @Test("Every whole-number key refuses base 60", arguments: [
        ("---\nid: 1\ntitle: T\nlang: en\nseed: 200000000000000000:0\n---\n## s\n", 5, "'seed'"),
        ("---\nid: 1\ntitle: T\nlang: en\nhidden: 0:16\n---\n## s\n", 5, "'hidden'"),
        ("---\nid: 1\ntitle: T\nlang: en\n---\n## s\n```rnnscope\nt: 1:1:1:1:1:1:1:1:1:1:1:1\n```\n", 8, "'t'"),
        ("---\nid: 1\ntitle: T\nlang: en\n---\n## s\n```rnnscope\nreinit: 9223372036854775807:1\n```\n", 8, "'reinit'"),
    ])
    func sexagesimal(source: String, line: Int, key: String) {
        expectRefused(source, line: line, mentioning: "\(key): expected a whole number")
    }

    /// Fixtures/fuzz/infinite-float-clip.md (found by the fuzzer, minimised): `clip: 555…5`
    /// (39 digits, 5.6e38) is a finite Double, so it passed the check, and became
    /// Float.infinity in the lesson's settings.
    @Test("A positive number must be a finite, non-zero Float")
    func floatRangeFixture() throws {
        let path = Self.fixture("infinite-float-clip.md")
        let error = #expect(throws: RNNScopeError.self) { _ = try LessonParser.load(path) }
        #expect(error?.location == .file(path, line: 5))
        #expect(error?.message == "'clip': expected a positive number")
    }

    @Test("Floats out of Float's range are refused in front matter and directives", arguments: [
        ("---\nid: 1\ntitle: T\nlang: en\nlr: 1e39\n---\n## s\n", 5, "'lr'"),
        ("---\nid: 1\ntitle: T\nlang: en\nwhh_scale: 1e-46\n---\n## s\n", 5, "'whh_scale'"),
        ("---\nid: 1\ntitle: T\nlang: en\n---\n## s\n```rnnscope\nclip_value: 1e-50\n```\n", 8, "'clip_value'"),
        ("---\nid: 1\ntitle: T\nlang: en\n---\n## s\n```rnnscope\nscale_whh: 3.5e38\n```\n", 8, "'scale_whh'"),
    ])
    func floatRange(source: String, line: Int, key: String) {
        expectRefused(source, line: line, mentioning: "\(key): expected a positive number")
    }

    @Test("Ordinary numbers still parse")
    func ordinaryNumbers() throws {
        let lesson = try LessonParser.parse(
            "---\nid: 7\ntitle: T\nlang: en\nseed: 0x10\nlr: 3e38\nclip: 1e-3\n---\n## s\n```rnnscope\nt: 3\nclip_value: 2\n```\n",
            path: "fuzz.md")
        #expect(lesson.id == 7 && lesson.settings.seed == 16)
        #expect(lesson.settings.learningRate == 3e38 && lesson.settings.clip == 1e-3)
        #expect(lesson.steps[0].actions == [.clipValue(2)])
    }
}

@Suite("Lesson files from other systems")
struct LineEndingTests {
    @Test("A lesson saved with Windows line ends (CRLF) parses as the same lesson")
    func crlf() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("lessons/en/01-recurrent-unit.md").path
        let source = try String(contentsOfFile: path, encoding: .utf8)
        let unix = try LessonParser.parse(source, path: path)
        let windows = try LessonParser.parse(source.replacingOccurrences(of: "\n", with: "\r\n"), path: path)
        #expect(windows.steps.count == unix.steps.count)
        #expect(windows.title == unix.title)
        #expect(windows.steps.map(\.title) == unix.steps.map(\.title))
    }
}
