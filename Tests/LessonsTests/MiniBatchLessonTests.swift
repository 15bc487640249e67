import Foundation
import Testing
import RNNCore
@testable import Lessons

/// Issue 15 §1 in lessons: `batch_size` and `shuffle` in the front matter, and the `batch_size`,
/// `shuffle` and `steps` directives, checked against the spec's limits with file:line errors.
@Suite("Mini-batch lesson keys")
struct MiniBatchLessonTests {
    @Test("Front matter batch_size/shuffle set the spec's training; directives parse in order")
    func parses() throws {
        let source = "---\nid: 1\ntitle: x\nlang: en\nbatch_size: 16\nshuffle: true\n---\n## s\n```rnnscope\nsteps: 5\nbatch_size: all\n```\n## t\n```rnnscope\nbatch_size: 8\nshuffle: false\n```\n"
        let lesson = try LessonParser.parse(source, path: "mini.md")
        #expect(lesson.settings.spec.training.batchSize == 16)
        #expect(lesson.settings.spec.training.shuffle)
        #expect(lesson.steps[0].actions == [.trainSteps(5), .batchSize(nil)])
        #expect(lesson.steps[1].actions == [.batchSize(8), .shuffle(false)])
    }

    static let errors: [(name: String, source: String, line: Int, mentions: String)] = [
        ("front-matter batch of 0", "---\nid: 1\ntitle: x\nlang: en\nbatch_size: 0\n---\n## s\n", 5, "out of range"),
        ("too large a batch", "---\nid: 1\ntitle: x\nlang: en\nhidden: 1024\nwindow: 90\ntext: \"\(String(repeating: "abcdefghij", count: 30))\"\nbatch_size: 100\n---\n## s\n", 8,
         "100 windows per batch × 90 steps × 1024 units is too much for one batch"),
        ("batch directive too large", "---\nid: 1\ntitle: x\nlang: en\nhidden: 1024\nwindow: 90\ntext: \"\(String(repeating: "abcdefghij", count: 30))\"\nbatch_size: 8\n---\n## s\n```rnnscope\nbatch_size: 200\n```\n", 12,
         "'batch_size': 200 windows per batch"),
        ("steps of 0", "---\nid: 1\ntitle: x\nlang: en\n---\n## s\n```rnnscope\nsteps: 0\n```\n", 8, "out of range"),
        ("shuffle not a bool", "---\nid: 1\ntitle: x\nlang: en\n---\n## s\n```rnnscope\nshuffle: often\n```\n", 8, "'shuffle'"),
    ]

    @Test("Bad batch keys are refused naming file:line", arguments: errors.indices)
    func refused(index: Int) {
        let (name, source, line, mentions) = Self.errors[index]
        do {
            _ = try LessonParser.parse(source, path: "broken.md")
            Issue.record("\(name): accepted")
        } catch let error as RNNScopeError {
            #expect(error.description.hasPrefix("broken.md:\(line): "), "\(name): \(error)")
            #expect(error.description.contains(mentions), "\(name): \(error)")
        } catch {
            Issue.record("\(name): \(error)")
        }
    }
}
