import Localization

/// A key as the explorer understands it, whatever produced it (the terminal, a snapshot's
/// `--keys`, a lesson).
public enum UserKey: Hashable, Sendable {
    case character(Character)
    case left, right, up, down
    case backspace, tab, backTab, enter, escape
    case pageUp, pageDown, home, end

    /// Parses a key script such as `lll<space><space>b` or `<right><right>e`: plain characters
    /// stand for themselves; `<name>` names a special key. Unknown names are an error.
    public static func parse(_ script: String) throws -> [UserKey] {
        var keys: [UserKey] = []
        var rest = Substring(script)
        while let first = rest.first {
            if first == "<", let close = rest.firstIndex(of: ">") {
                let name = rest[rest.index(after: rest.startIndex)..<close].lowercased()
                guard let key = named[name] else {
                    throw KeyScriptError(sentence: Message("error.keys.unknown", ["name": name, "known": named.keys.sorted().map { "<\($0)>" }.joined(separator: " ")]))
                }
                keys.append(key)
                rest = rest[rest.index(after: close)...]
            } else {
                keys.append(.character(first))
                rest = rest.dropFirst()
            }
        }
        return keys
    }

    static let named: [String: UserKey] = [
        "left": .left, "right": .right, "up": .up, "down": .down, "space": .character(" "),
        "bs": .backspace, "backspace": .backspace, "tab": .tab, "btab": .backTab, "enter": .enter,
        "esc": .escape, "pgup": .pageUp, "pgdn": .pageDown, "home": .home, "end": .end, "lt": .character("<"),
    ]
}

public struct KeyScriptError: Error, CustomStringConvertible {
    /// What is wrong with the script, in the reader's language when rendered.
    public let sentence: Message
    public var message: String { sentence.english }
    public var description: String { message }
}
