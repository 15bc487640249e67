/// A key press (or terminal event) as `TerminalScreen.readKey(timeoutMilliseconds:)` reports it.
public enum Key: Hashable, Sendable {
    /// A printable character, typed whole (a CJK or accented character arrives as one key).
    case character(Character)
    /// Ctrl plus a letter, e.g. `.control("l")` for Ctrl-L (the letters with their own case —
    /// Ctrl-C, Ctrl-H, Ctrl-I, Ctrl-J, Ctrl-M — are reported as those).
    case control(Character)
    case up, down, left, right
    case enter, backspace, delete, insert, tab, backTab, escape
    case pageUp, pageDown, home, end
    /// F1…F63.
    case function(Int)
    /// Byte 3 read as a key. Normally Ctrl-C raises SIGINT instead (the terminal stays in
    /// cbreak mode), which `readKey` reports as `.interrupted`.
    case controlC
    /// The terminal changed size; `TerminalScreen.size` already has the new size.
    case resize
    /// SIGINT, SIGTERM or SIGHUP arrived: the program should stop. Reported by every
    /// `readKey` call from then on (see `TerminalScreen.interruptRequested`).
    case interrupted
}

extension Key {
    // ncurses key codes (curses.h), spelled out so this mapping stays a pure function.
    static let codeDown = 0o402, codeUp = 0o403, codeLeft = 0o404, codeRight = 0o405
    static let codeHome = 0o406, codeBackspace = 0o407, codeF0 = 0o410
    static let codeDelete = 0o512, codeInsert = 0o513, codePageDown = 0o522, codePageUp = 0o523
    static let codeEnter = 0o527, codeBackTab = 0o541, codeEnd = 0o550, codeResize = 0o632

    /// The key for a code from `wget_wch`: a character code when `isFunctionKey` is false
    /// (the call returned `OK`), an ncurses `KEY_*` code when it is true (`KEY_CODE_YES`).
    /// Nil for codes rnnscope has no use for.
    public static func from(code: Int, isFunctionKey: Bool) -> Key? {
        isFunctionKey ? fromFunctionCode(code) : fromCharacterCode(code)
    }

    private static func fromCharacterCode(_ code: Int) -> Key? {
        switch code {
        case 3: return .controlC
        case 8, 127: return .backspace
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 1...26:
            guard let letter = Unicode.Scalar(UInt32(0x60 + code)) else { return nil }
            return .control(Character(letter))
        case 0..<32, 0x80..<0xA0: return nil
        default:
            guard code > 0, code <= 0x10FFFF, let scalar = Unicode.Scalar(UInt32(code)) else { return nil }
            return .character(Character(scalar))
        }
    }

    private static func fromFunctionCode(_ code: Int) -> Key? {
        switch code {
        case codeUp: return .up
        case codeDown: return .down
        case codeLeft: return .left
        case codeRight: return .right
        case codeHome: return .home
        case codeEnd: return .end
        case codePageUp: return .pageUp
        case codePageDown: return .pageDown
        case codeBackspace: return .backspace
        case codeDelete: return .delete
        case codeInsert: return .insert
        case codeEnter: return .enter
        case codeBackTab: return .backTab
        case codeResize: return .resize
        case (codeF0 + 1)...(codeF0 + 63): return .function(code - codeF0)
        default: return nil
        }
    }
}
