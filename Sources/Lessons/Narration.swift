import Foundation
import Localization
import ScopeNames

/// A paragraph, list item or code line of a step's narration.
public struct NarrationBlock: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case paragraph, bullet, code
    }

    public let kind: Kind
    public let spans: [NarrationSpan]
    /// The block's first line in the file.
    public let line: Int
}

/// A run of narration text with one style, or a live value.
public enum NarrationSpan: Sendable, Equatable {
    case text(String, NarrationStyle)
    case value(Placeholder, NarrationStyle)
}

public enum NarrationStyle: Sendable, Equatable {
    case plain, bold, code, math
}

/// A `{{name}}` or `{{name[index]}}` live value.
public struct Placeholder: Sendable, Equatable {
    public enum Index: Sendable, Equatable {
        case number(Int)
        /// `unit`: the inspected unit; `T`: the last step.
        case unit, last
    }

    public let name: PlaceholderName
    public let index: Index?

    public var source: String {
        guard let index else { return "{{\(name.rawValue)}}" }
        switch index {
        case .number(let n): return "{{\(name.rawValue)[\(n)]}}"
        case .unit: return "{{\(name.rawValue)[unit]}}"
        case .last: return "{{\(name.rawValue)[T]}}"
        }
    }
}

/// Inline Markdown of one block: **bold**, `code`, $math$ and {{values}}.
enum InlineParser {
    /// Parses `text`; errors say what is wrong (the caller adds file:line).
    static func spans(_ text: String) throws -> [NarrationSpan] {
        var spans: [NarrationSpan] = []
        var current = ""
        var bold = false
        var rest = Substring(text)
        func flush(_ style: NarrationStyle) {
            if !current.isEmpty { spans.append(.text(current, style)) }
            current = ""
        }
        while let c = rest.first {
            if rest.hasPrefix("**") {
                flush(bold ? .bold : .plain)
                bold.toggle()
                rest = rest.dropFirst(2)
            } else if c == "`", let end = rest.dropFirst().firstIndex(of: "`") {
                flush(bold ? .bold : .plain)
                spans.append(.text(String(rest[rest.index(after: rest.startIndex)..<end]), .code))
                rest = rest[rest.index(after: end)...]
            } else if c == "$", let end = rest.dropFirst().firstIndex(of: "$") {
                flush(bold ? .bold : .plain)
                let latex = String(rest[rest.index(after: rest.startIndex)..<end])
                spans.append(contentsOf: try mathSpans(latex))
                rest = rest[rest.index(after: end)...]
            } else if rest.hasPrefix("{{") {
                guard let close = rest.range(of: "}}") else { throw LessonSyntax("error.lesson.braces") }
                flush(bold ? .bold : .plain)
                let inner = String(rest[rest.index(rest.startIndex, offsetBy: 2)..<close.lowerBound])
                spans.append(.value(try placeholder(inner), bold ? .bold : .plain))
                rest = rest[close.upperBound...]
            } else {
                current.append(c)
                rest = rest.dropFirst()
            }
        }
        flush(bold ? .bold : .plain)
        return spans
    }

    /// Math becomes readable text; placeholders inside math still work.
    static func mathSpans(_ latex: String) throws -> [NarrationSpan] {
        var spans: [NarrationSpan] = []
        var rest = Substring(latex)
        while !rest.isEmpty {
            if let open = rest.range(of: "{{") {
                let before = String(rest[..<open.lowerBound])
                if !before.isEmpty { spans.append(.text(MathText.readable(before), .math)) }
                guard let close = rest[open.upperBound...].range(of: "}}") else { throw LessonSyntax("error.lesson.braces") }
                spans.append(.value(try placeholder(String(rest[open.upperBound..<close.lowerBound])), .math))
                rest = rest[close.upperBound...]
            } else {
                spans.append(.text(MathText.readable(String(rest)), .math))
                rest = ""
            }
        }
        return spans
    }

    static func placeholder(_ source: String) throws -> Placeholder {
        let trimmed = source.trimmingCharacters(in: .whitespaces)
        guard let open = trimmed.firstIndex(of: "[") else {
            guard let name = PlaceholderName(rawValue: trimmed), name.indexKind == .none else { throw unknown(trimmed) }
            return Placeholder(name: name, index: nil)
        }
        guard trimmed.hasSuffix("]") else { throw LessonSyntax("error.lesson.placeholder_bracket", ["source": "{{\(trimmed)}}"]) }
        let rawName = String(trimmed[..<open])
        let inner = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)].trimmingCharacters(in: .whitespaces)
        let index: Placeholder.Index
        if inner == "unit" {
            index = .unit
        } else if inner == "T" {
            index = .last
        } else if let n = Int(inner), n >= 0 {
            index = .number(n)
        } else {
            throw LessonSyntax("error.lesson.placeholder_index", ["source": "{{\(trimmed)}}"])
        }
        guard let name = PlaceholderName(rawValue: rawName) else { throw unknown(rawName) }
        switch name.indexKind {
        case .unit:
            guard index != .last else { throw LessonSyntax("error.lesson.placeholder_unit_index", ["source": "{{\(trimmed)}}"]) }
        case .step:
            guard index != .unit else { throw LessonSyntax("error.lesson.placeholder_step_index", ["source": "{{\(trimmed)}}"]) }
        case .required:
            guard case .number(let n) = index, (1...3).contains(n) else {
                throw LessonSyntax("error.lesson.placeholder_prompt", ["source": "{{\(trimmed)}}"])
            }
        case .none:
            throw unknown(rawName)
        }
        return Placeholder(name: name, index: index)
    }

    static func unknown(_ name: String) -> LessonSyntax {
        let all = PlaceholderName.allCases
        let known = all.filter { $0.indexKind == .none }.map(\.rawValue).sorted()
            + all.filter { $0.indexKind == .unit }.map { "\($0.rawValue)[i]" }.sorted()
            + all.filter { $0.indexKind == .step }.map { "\($0.rawValue)[k]" }
            + all.filter { $0.indexKind == .required }.map { "\($0.rawValue)[n]" }
        return LessonSyntax("error.lesson.unknown_placeholder", ["source": "{{\(name)}}", "known": known.joined(separator: ", ")])
    }
}

/// A problem found inside one line; the parser adds the file and line.
struct LessonSyntax: Error {
    let sentence: Message
    init(_ key: String, _ values: [String: String] = [:]) { sentence = Message(key, values) }
}
