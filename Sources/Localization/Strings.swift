import Foundation

/// Looks up a user-visible string by its meaning, e.g. `strings["view.step"]`, and fills its
/// `{name}` placeholders. Each language has one table, assembled from one file per area under
/// `Tables/` (`Tables/en/Screens.swift`, `Tables/zh/Screens.swift`, …); a test holds the two
/// tables to the same keys and the same placeholders, and every key the sources use to a table.
public struct Strings: Sendable {
    public let language: Language

    public init(_ language: Language) { self.language = language }

    /// The string for `key`. A key missing from the table (which the tests rule out) shows the
    /// English string, then the key itself, rather than nothing.
    public subscript(_ key: String) -> String {
        StringTable.table(for: language)[key] ?? StringTable.english[key] ?? key
    }

    /// The string for `key` with each `{name}` replaced by `values[name]`.
    public func callAsFunction(_ key: String, _ values: [String: String] = [:]) -> String {
        var text = self[key]
        for (name, value) in values { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
        return text
    }
}

/// The assembled tables: one dictionary per language, merged from the area tables.
public enum StringTable {
    public static let english: [String: String] = merged(englishAreas)
    public static let chinese: [String: String] = merged(chineseAreas)

    public static func table(for language: Language) -> [String: String] {
        language == .en ? english : chinese
    }

    /// Every key defined more than once across one language's area tables (a test keeps it empty).
    public static func duplicateKeys(_ language: Language) -> [String] {
        var seen = Set<String>()
        var duplicates: [String] = []
        for area in language == .en ? englishAreas : chineseAreas {
            for key in area.keys where !seen.insert(key).inserted { duplicates.append(key) }
        }
        return duplicates.sorted()
    }

    /// The `{name}` placeholders of a template, sorted.
    public static func placeholders(in template: String) -> [String] {
        var names: [String] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            let name = rest[rest.index(after: open)..<close]
            if !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) { names.append(String(name)) }
            rest = rest[rest.index(after: close)...]
        }
        return names.sorted()
    }

    private static func merged(_ areas: [[String: String]]) -> [String: String] {
        areas.reduce(into: [:]) { table, area in table.merge(area) { first, _ in first } }
    }
}
