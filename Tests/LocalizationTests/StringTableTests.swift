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

    /// Every `strings["…"]` / `strings("…"` key in the sources is in the tables: a typo in a key
    /// would otherwise show the English text (or the key) on a Chinese screen.
    @Test func everyKeyTheSourcesUseIsDefined() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        let pattern = try NSRegularExpression(pattern: #"strings(?:\[|\()"([a-z0-9_.]+)""#)
        var used = Set<String>()
        let files = FileManager.default.enumerator(atPath: sources.path)
        while let file = files?.nextObject() as? String {
            guard file.hasSuffix(".swift"), !file.hasPrefix("Localization/Tables") else { continue }
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                if let range = Range(match.range(at: 1), in: text) { used.insert(String(text[range])) }
            }
        }
        #expect(used.subtracting(StringTable.english.keys).sorted() == [])
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
