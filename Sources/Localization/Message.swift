/// A sentence to show later, in whichever language the reader has: a table key, its
/// placeholder values, and sentences nested inside it (an error that wraps another error).
///
/// Errors are made deep inside RNNCore, which knows no language; the front end that prints
/// one (stderr, the message line, a lesson's error screen) renders it with its own `Strings`.
public struct Message: Sendable, Equatable, CustomStringConvertible {
    public let key: String
    public let values: [String: String]
    public let nested: [String: Message]

    public init(_ key: String, _ values: [String: String] = [:], nested: [String: Message] = [:]) {
        self.key = key
        self.values = values
        self.nested = nested
    }

    /// The sentence in `strings`' language, nested sentences in the same language.
    public func text(_ strings: Strings) -> String {
        var all = values
        for (name, message) in nested { all[name] = message.text(strings) }
        return strings(key, all)
    }

    /// The English sentence (logs, `description`, tests that read the English message).
    public var english: String { text(Strings(.en)) }

    public var description: String { english }
}
