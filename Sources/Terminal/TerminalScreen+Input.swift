import CNcursesw
import Glibc

extension TerminalScreen {
    /// The longest single wait inside `readKey`, so that signals are noticed promptly.
    static let pollMilliseconds = 50

    /// Waits up to `timeoutMilliseconds` (negative: forever; 0: just look) for a key.
    ///
    /// Characters arrive whole (`wget_wch`), so typed CJK or accented letters are one key.
    /// Returns nil on timeout (or when not started), `.resize` after the terminal changed size,
    /// and `.interrupted` as soon as SIGINT/SIGTERM/SIGHUP/SIGQUIT has arrived — within about 50 ms,
    /// since the wait is cut into short polls. Keys rnnscope has no use for are skipped.
    public func readKey(timeoutMilliseconds: Int) -> Key? {
        guard isActive, let window = rs_stdscr() else { return nil }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .milliseconds(max(0, timeoutMilliseconds)))
        while true {
            if interruptRequested { return .interrupted }
            var wait = Self.pollMilliseconds
            if timeoutMilliseconds >= 0 {
                let left = clock.now.duration(to: deadline).components
                let leftMilliseconds = Int(left.seconds) * 1000 + Int(left.attoseconds / 1_000_000_000_000_000)
                wait = max(0, min(wait, leftMilliseconds))
            }
            wtimeout(window, Int32(wait))
            var code: wint_t = 0
            let status = wget_wch(window, &code)
            if interruptRequested { return .interrupted }
            if status == OK || status == rs_key_code_yes() {
                if let key = Key.from(code: Int(code), isFunctionKey: status != OK) { return key }
            } else if timeoutMilliseconds >= 0 && clock.now >= deadline {
                return nil
            }
        }
    }
}
