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
    init(yaml: String, firstLine: Int, path: String, what: String) throws {
        self.path = path
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw RNNScopeError("bad YAML in the \(what): \(Self.describe(error))", at: .file(path, line: firstLine - 1 + Self.line(of: error)))
        } catch {
            throw RNNScopeError("bad YAML in the \(what)", at: .file(path, line: firstLine))
        }
        guard let root else { fields = []; return }
        guard let mapping = root.mapping else {
            throw RNNScopeError("the \(what) must be `key: value` lines", at: .file(path, line: firstLine - 1 + (root.mark?.line ?? 1)))
        }
        var fields: [Field] = []
        var seen = Set<String>()
        for (key, value) in mapping {
            let line = firstLine - 1 + (key.mark?.line ?? 1)
            guard let name = key.string else { throw RNNScopeError("a key in the \(what) is not a name", at: .file(path, line: line)) }
            guard seen.insert(name).inserted else { throw RNNScopeError("'\(name)' appears twice", at: .file(path, line: line)) }
            fields.append(Field(key: name, node: value, line: line))
        }
        self.fields = fields
    }

    static func line(of error: YamlError) -> Int {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _): return mark.line
        default: return 1
        }
    }

    static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _): return problem
        default: return "\(error)"
        }
    }

    func fail(_ field: Field, _ message: String) -> RNNScopeError {
        RNNScopeError("'\(field.key)': \(message)", at: .file(path, line: field.line))
    }

    func string(_ field: Field) throws -> String {
        guard let scalar = field.node.scalar else { throw fail(field, "expected text") }
        return scalar.string
    }

    func int(_ field: Field, in range: ClosedRange<Int>) throws -> Int {
        // Yams reads `1:30` as base 60 (YAML 1.1) and traps when that overflows Int, e.g.
        // `1:1:1:1:1:1:1:1:1:1:1:1`; lessons never write numbers so, and a colon is refused first.
        guard field.node.scalar?.string.contains(":") == false, let value = field.node.int else {
            throw fail(field, "expected a whole number in \(range)")
        }
        guard range.contains(value) else { throw fail(field, "\(value) is out of range \(range)") }
        return value
    }

    func positive(_ field: Field) throws -> Float {
        // Checked as a Float: 1e39 is a finite Double but an infinite Float, 1e-46 a Float zero.
        guard let value = field.node.float.map(Float.init), value.isFinite, value > 0 else {
            throw fail(field, "expected a positive number")
        }
        return value
    }

    func bool(_ field: Field) throws -> Bool {
        guard let value = field.node.bool else { throw fail(field, "expected true or false") }
        return value
    }

    func choice<T: RawRepresentable & CaseIterable>(_ field: Field, _: T.Type) throws -> T where T.RawValue == String {
        let value = try string(field)
        guard let choice = T(rawValue: value) else {
            throw fail(field, "'\(value)' is not one of " + T.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return choice
    }
}
