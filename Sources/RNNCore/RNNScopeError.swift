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

    public var message: String
    public var location: Location

    public init(_ message: String, at location: Location = .none) {
        self.message = message
        self.location = location
    }

    public var description: String {
        switch location {
        case .none: return message
        case .flag(let flag): return "\(flag): \(message)"
        case .file(let path, let line?): return "\(path):\(line): \(message)"
        case .file(let path, nil): return "\(path): \(message)"
        case .tensor(let file, let name): return "\(file): tensor '\(name)': \(message)"
        }
    }

    /// The same error, now said to come from `location` (used when a lower layer did not know it).
    public func at(_ location: Location) -> RNNScopeError {
        RNNScopeError(message, at: location)
    }
}
