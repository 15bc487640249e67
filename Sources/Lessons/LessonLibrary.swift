import Foundation
import Localization
import RNNCore

/// Finds the lessons shipped in `lessons/`: next to the current directory, beside the
/// executable's checkout, or where `RNNSCOPE_LESSONS` points.
public enum LessonLibrary {
    /// One line of `rnnscope lessons`.
    public struct Entry: Sendable, Encodable {
        public let id: Int
        public let title: String
        public let lang: String
        public let steps: Int
        public let path: String
    }

    /// The lessons folder, or an error saying where it was looked for.
    public static func folder(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        var candidates: [String] = []
        if let explicit = environment["RNNSCOPE_LESSONS"] { candidates.append(explicit) }
        candidates.append(FileManager.default.currentDirectoryPath + "/lessons")
        // .build/<triple>/debug/rnnscope → the checkout's lessons/.
        var directory = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            candidates.append(directory.appendingPathComponent("lessons").path)
            directory.deleteLastPathComponent()
        }
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate + "/en") {
            return candidate
        }
        throw RNNScopeError(Message("error.lesson.folder", ["places": candidates.prefix(3).joined(separator: ", ")]))
    }

    /// Every lesson file in every language, sorted by id then language.
    public static func all() throws -> [Lesson] {
        let root = try folder()
        var lessons: [Lesson] = []
        for lang in ["en", "zh"] {
            let directory = root + "/" + lang
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            for name in names.sorted() where name.hasSuffix(".md") {
                lessons.append(try LessonParser.load(directory + "/" + name))
            }
        }
        return lessons.sorted { ($0.id, $0.lang) < ($1.id, $1.lang) }
    }

    /// `N` (a lesson number, in `lang`) or a path to a lesson file.
    public static func find(_ reference: String, lang: String) throws -> Lesson {
        if let id = Int(reference) {
            let root = try folder()
            let directory = root + "/" + lang
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            for name in names.sorted() where name.hasSuffix(".md") {
                let lesson = try LessonParser.load(directory + "/" + name)
                if lesson.id == id { return lesson }
            }
            throw RNNScopeError(Message("error.lesson.no_such", ["id": String(id), "lang": lang]))
        }
        return try LessonParser.load(reference)
    }

    public static func entry(_ lesson: Lesson) -> Entry {
        Entry(id: lesson.id, title: lesson.title, lang: lesson.lang, steps: lesson.steps.count, path: lesson.path)
    }
}
