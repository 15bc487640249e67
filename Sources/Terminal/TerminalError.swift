/// Why the terminal could not be taken over.
public enum TerminalError: Error, Equatable, CustomStringConvertible {
    /// Standard input or output is not a terminal (a pipe or a file).
    case notInteractive
    /// `TERM` is unset or empty.
    case noTerminalType
    /// ncurses has no description of this `TERM`.
    case unknownTerminal(String)
    /// The terminal cannot place the cursor (e.g. `TERM=dumb`), so no full-screen view.
    case unsupportedTerminal(String)
    /// Another `TerminalScreen` already owns the terminal.
    case alreadyInUse

    public var description: String {
        switch self {
        case .notInteractive:
            return "standard input and output must be a terminal"
        case .noTerminalType:
            return "TERM is not set; set it to your terminal type (e.g. TERM=xterm-256color)"
        case .unknownTerminal(let term):
            return "unknown terminal type TERM=\(term); try TERM=xterm-256color"
        case .unsupportedTerminal(let term):
            return "terminal type TERM=\(term) cannot move the cursor; a full-screen view needs e.g. TERM=xterm-256color"
        case .alreadyInUse:
            return "the terminal is already in use by another screen"
        }
    }
}
