import Localization
import RNNCore
import Yams

/// A YAML mapping's entries with their file lines, read through Yams' node API so every
/// error can name the line it is about.
struct YAMLFields {
    struct Field {
        let key: String
        let node: Node
        let line: Int
    }

    let fields: [Field]
    let path: String

    /// Parses `yaml`, which starts on file line `firstLine`. An empty document is no fields.
    init(yaml: String, firstLine: Int, path: String, what: Message) throws {
        self.path = path
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw RNNScopeError(Message("error.yaml.bad", nested: ["what": what, "problem": Self.describe(error)]), at: .file(path, line: firstLine - 1 + Self.line(of: error)))
        } catch {
            throw RNNScopeError(Message("error.yaml.bad_plain", nested: ["what": what]), at: .file(path, line: firstLine))
        }
        guard let root else { fields = []; return }
        guard let mapping = root.mapping else {
            throw RNNScopeError(Message("error.yaml.not_mapping", nested: ["what": what]), at: .file(path, line: firstLine - 1 + (root.mark?.line ?? 1)))
        }
        var fields: [Field] = []
        var seen = Set<String>()
        for (key, value) in mapping {
            let line = firstLine - 1 + (key.mark?.line ?? 1)
            guard let name = key.string else { throw RNNScopeError(Message("error.yaml.key_not_name", nested: ["what": what]), at: .file(path, line: line)) }
            guard seen.insert(name).inserted else { throw RNNScopeError(Message("error.yaml.twice", ["name": name]), at: .file(path, line: line)) }
            fields.append(Field(key: name, node: value, line: line))
        }
        self.fields = fields
    }

    static func line(of error: YamlError) -> Int {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        case .duplicatedKeysInMapping(_, let context): return context.mark.line
        default: return 1
        }
    }

    /// The YAML library's problem, as a sentence of the tables when it is a common one.
    static func describe(_ error: YamlError) -> Message {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): return Self.problem(problem)
        case .duplicatedKeysInMapping(let duplicates, _):
            return Message("error.yaml.problem.duplicate", ["keys": duplicates.map { "'\($0)'" }.joined(separator: ", ")])
        default: return Message("error.untranslated", ["text": "\(error)"])
        }
    }

    /// libyaml's problems that a hand-written lesson runs into, by table key; others are shown as libyaml says them.
    static let problems: [String: String] = [
        "mapping values are not allowed in this context": "error.yaml.problem.mapping_values",
        "did not find expected key": "error.yaml.problem.expected_key",
        "could not find expected ':'": "error.yaml.problem.expected_colon",
        "found character that cannot start any token": "error.yaml.problem.bad_character",
        "found unexpected end of stream": "error.yaml.problem.end_of_stream",
        "did not find expected node content": "error.yaml.problem.node_content",
        "found a tab character that violates indentation": "error.yaml.problem.tab",
        "block sequence entries are not allowed in this context": "error.yaml.problem.sequence",
        "did not find expected '-' indicator": "error.yaml.problem.dash",
        "found unknown escape character": "error.yaml.problem.escape",
        "did not find expected ',' or ']'": "error.yaml.problem.flow_sequence",
        "did not find expected ',' or '}'": "error.yaml.problem.flow_mapping",
        "found undefined tag handle": "error.yaml.problem.tag",
        "did not find expected <document start>": "error.yaml.problem.document",
        "found undefined alias": "error.yaml.problem.alias",
        "found a tab character where an indentation space is expected": "error.yaml.problem.tab_indent",
        "mapping keys are not allowed in this context": "error.yaml.problem.mapping_keys",
        "found unexpected ':'": "error.yaml.problem.colon",
        "did not find expected comment or line break": "error.yaml.problem.line_break",
    ]

    static func problem(_ text: String) -> Message {
        problems[text].map { Message($0) } ?? Message("error.untranslated", ["text": text])
    }

    /// `'key': message` at the field's line.
    func fail(_ field: Field, _ message: Message) -> RNNScopeError {
        RNNScopeError(Message("error.lesson.field", ["key": field.key], nested: ["message": message]), at: .file(path, line: field.line))
    }

    func string(_ field: Field) throws -> String {
        guard let scalar = field.node.scalar else { throw fail(field, Message("error.lesson.expected_text")) }
        return scalar.string
    }

    func int(_ field: Field, in range: ClosedRange<Int>) throws -> Int {
        // Yams reads `1:30` as base 60 (YAML 1.1) and traps when that overflows Int, e.g.
        // `1:1:1:1:1:1:1:1:1:1:1:1`; lessons never write numbers so, and a colon is refused first.
        guard field.node.scalar?.string.contains(":") == false, let value = field.node.int else {
            throw fail(field, Message("error.lesson.whole_number", ["range": "\(range)"]))
        }
        guard range.contains(value) else { throw fail(field, Message("error.spec.out_of_range", ["value": String(value), "range": "\(range)"])) }
        return value
    }

    func positive(_ field: Field) throws -> Float {
        // Checked as a Float: 1e39 is a finite Double but an infinite Float, 1e-46 a Float zero.
        guard let value = field.node.float.map(Float.init), value.isFinite, value > 0 else {
            throw fail(field, Message("error.lesson.positive"))
        }
        return value
    }

    func bool(_ field: Field) throws -> Bool {
        guard let value = field.node.bool else { throw fail(field, Message("error.lesson.bool")) }
        return value
    }

    func choice<T: RawRepresentable & CaseIterable>(_ field: Field, _: T.Type) throws -> T where T.RawValue == String {
        let value = try string(field)
        guard let choice = T(rawValue: value) else {
            throw fail(field, Message("error.lesson.not_one_of", ["value": value, "choices": T.allCases.map(\.rawValue).joined(separator: ", ")]))
        }
        return choice
    }
}
