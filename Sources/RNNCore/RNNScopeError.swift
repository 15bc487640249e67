import Localization

/// The one error a user can cause: what went wrong and where.
///
/// Every bad file, flag, lesson or tensor ends up here, so the command line can print
/// one line (`where: what`) and exit with an ordinary code instead of trapping.
public struct RNNScopeError: Error, Equatable, CustomStringConvertible, Sendable {
    /// Where the problem was found.
    public enum Location: Equatable, Sendable {
        case none
        /// A command-line flag, e.g. `--hidden`.
        case flag(String)
        /// A file, optionally with a 1-based line number.
        case file(String, line: Int? = nil)
        /// One tensor inside a weight file.
        case tensor(file: String, name: String)
    }

    /// What went wrong, as a table key and values: rendered in the reader's language by
    /// `text(_:)`, in English by `message`.
    public var sentence: Message
    public var location: Location

    public init(_ sentence: Message, at location: Location = .none) {
        self.sentence = sentence
        self.location = location
    }

    /// The English message, without the location.
    public var message: String { sentence.english }

    public var description: String { text(Strings(.en)) }

    /// `where: what` in `strings`' language.
    public func text(_ strings: Strings) -> String {
        let what = sentence.text(strings)
        switch location {
        case .none: return what
        case .flag(let flag): return strings("error.at_flag", ["flag": flag, "message": what])
        case .file(let path, let line?): return strings("error.at_line", ["path": path, "line": String(line), "message": what])
        case .file(let path, nil): return strings("error.at_file", ["path": path, "message": what])
        case .tensor(let file, let name): return strings("error.at_tensor", ["path": file, "name": name, "message": what])
        }
    }

    /// The same error, now said to come from `location` (used when a lower layer did not know it).
    public func at(_ location: Location) -> RNNScopeError {
        RNNScopeError(sentence, at: location)
    }
}
