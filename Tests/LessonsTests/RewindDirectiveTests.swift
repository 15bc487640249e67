import Testing
@testable import Lessons
@testable import RNNCore

/// Issue 16 §3's lesson directive: `rewind: N`.
@Suite("The rewind directive")
struct RewindDirectiveTests {
    @Test("rewind: N parses after train, in file order")
    func parses() throws {
        let source = "---\nid: 1\ntitle: x\nlang: en\nhidden: 8\n---\n## s\n```rnnscope\ntrain: 100\nrewind: 64\n```\nText.\n"
        let lesson = try LessonParser.parse(source, path: "r.md")
        #expect(lesson.steps[0].actions == [.train(epochs: 100), .rewind(epoch: 64)])
        #expect(lesson.steps[0].directiveLines["rewind"] == 10)
    }

    @Test("A negative or non-numeric epoch is refused at its line")
    func refused() {
        for (value, mentions) in [("-1", "out of range"), ("soon", "whole number")] {
            let source = "---\nid: 1\ntitle: x\nlang: en\n---\n## s\n```rnnscope\nrewind: \(value)\n```\n"
            do {
                _ = try LessonParser.parse(source, path: "r.md")
                Issue.record("rewind: \(value) accepted")
            } catch let error as RNNScopeError {
                #expect(error.location == .file("r.md", line: 8), "\(error)")
                #expect(error.message.contains(mentions), "\(error)")
            } catch {
                Issue.record("\(error)")
            }
        }
    }
}
