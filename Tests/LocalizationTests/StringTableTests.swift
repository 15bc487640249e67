import Foundation
import Testing
@testable import Localization

@Suite struct StringTableTests {
    @Test func bothLanguagesHaveTheSameKeys() {
        let english = Set(StringTable.english.keys), chinese = Set(StringTable.chinese.keys)
        #expect(english.subtracting(chinese).sorted() == [], "keys with no Chinese string")
        #expect(chinese.subtracting(english).sorted() == [], "keys with no English string")
    }

    @Test func everyStringHasTheSamePlaceholdersInBothLanguages() {
        for (key, english) in StringTable.english {
            guard let chinese = StringTable.chinese[key] else { continue }
            #expect(StringTable.placeholders(in: english) == StringTable.placeholders(in: chinese), "\(key): \(english) / \(chinese)")
        }
    }

    @Test func noKeyIsDefinedTwice() {
        #expect(StringTable.duplicateKeys(.en) == [])
        #expect(StringTable.duplicateKeys(.zh) == [])
    }

    @Test func noStringIsEmpty() {
        for language in Language.allCases {
            for (key, text) in StringTable.table(for: language) { #expect(!text.isEmpty, "\(language) \(key)") }
        }
    }

    /// Every `strings["…"]` / `strings("…"` / `Message("…"` key in the sources, and every
    /// `"error.…"` literal (keys handed to helpers such as `refuse(_:)`, `fail(_:)`, or chosen by
    /// a condition), is in the tables: a typo in a key would otherwise show the English text (or
    /// the key) on a Chinese screen.
    @Test func everyKeyTheSourcesUseIsDefined() throws {
        let sources = Self.sources
        let pattern = try NSRegularExpression(pattern: #"(?:strings(?:\[|\()|Message\()"([a-z0-9_.]+)"|"(error\.[a-z0-9_.]+)""#)
        var used = Set<String>()
        let files = FileManager.default.enumerator(atPath: sources.path)
        while let file = files?.nextObject() as? String {
            guard file.hasSuffix(".swift"), !file.hasPrefix("Localization/Tables") else { continue }
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                for group in 1...2 {
                    if let range = Range(match.range(at: group), in: text) { used.insert(String(text[range])) }
                }
            }
        }
        #expect(used.subtracting(StringTable.english.keys).sorted() == [])
        // The pattern does see the errors' keys (a check that it can fail).
        #expect(used.contains("error.weights.missing") && used.contains("error.lesson.braces") && used.contains("error.save.why.fifo"))
    }

    static var sources: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
    }

    /// RNNCore and Lessons make every error from a keyed `Message`: no English sentence is left
    /// in a `RNNScopeError("…")`, `SpecError(.field, "…")` or `LessonSyntax("…")` there (issue 18).
    @Test func coreAndLessonErrorsHaveNoEnglishLiterals() throws {
        let pattern = try NSRegularExpression(pattern: #"RNNScopeError\(\s*"|SpecError\(\s*\.[a-zA-Z]+,\s*"|LessonSyntax\("(?!error\.)"#)
        var found: [String] = []
        for folder in ["RNNCore", "Lessons"] {
            let root = Self.sources.appendingPathComponent(folder)
            let files = FileManager.default.enumerator(atPath: root.path)
            while let file = files?.nextObject() as? String {
                guard file.hasSuffix(".swift") else { continue }
                let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
                for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    let line = String(line)
                    if pattern.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) != nil {
                        found.append("\(folder)/\(file):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
                    }
                }
            }
        }
        #expect(found == [])
        // The pattern finds the old form (a check that it can fail).
        let old = #"throw RNNScopeError("is empty", at: .file(path))"#
        #expect(pattern.firstMatch(in: old, range: NSRange(old.startIndex..., in: old)) != nil)
    }

    @Test func englishWordsAreFoundOutsideNamesFlagsAndFormulas() {
        #expect(EnglishWords.find(in: "文本为空") == [])
        #expect(EnglishWords.find(in: "窗口 is out of range 1...5") == ["is", "of", "out", "range"])
        #expect(EnglishWords.find(in: "元数据 'vocab' 不是 JSON；W_hh、h_t、F32、--hidden、--loss last、`unit`、safetensors") == [])
        #expect(EnglishWords.find(in: "notes.txt：不存在", also: ["notes"]) == [])
    }

    @Test func placeholdersAreFilledAndTheLanguageComesFromTheLocale() {
        #expect(Strings(.zh)["view.gradients"] == "梯度")
        #expect(StringTable.placeholders(in: "t={t}, {name_2} {x y}") == ["name_2", "t"])
        #expect(Language.fromEnvironment(["LANG": "zh_CN.UTF-8"]) == .zh)
        #expect(Language.fromEnvironment(["LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"]) == .en)
        #expect(Language.fromEnvironment(["LC_ALL": "", "LANG": "zh_TW"]) == .zh)
        #expect(Language.fromEnvironment([:]) == .en)
    }
}
