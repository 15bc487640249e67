import Glibc

/// Whether the terminal's background is dark or light, as far as it can be found out.
public enum TerminalBackground: String, Sendable {
    case dark, light
}

/// Finds the terminal's background before ncurses starts, for `--theme auto`:
///
/// 1. `COLORFGBG` (set by rxvt, Konsole, iTerm2 and others as "fg;bg"): the last field is an
///    ANSI colour number; 7 and 9…15 are light, 0…6 and 8 dark.
/// 2. An OSC 11 query, `ESC ] 11 ; ? BEL`, written to the terminal, followed by a DA1 request
///    `ESC [ c` that every terminal answers. A terminal that knows OSC 11 answers
///    `ESC ] 11 ; rgb:RRRR/GGGG/BBBB` (ended by BEL or `ESC \`) before the DA1 reply, so
///    reading stops at the DA1 reply without waiting for the timeout on terminals that
///    ignore OSC 11. The terminal is in raw mode only while reading; its settings are put
///    back afterwards, and if nothing complete arrived within the timeout, whatever did
///    arrive is discarded (`tcflush`), so no reply bytes reach the key handler.
/// 3. Unknown: nil (the caller falls back to dark).
public enum BackgroundDetection {
    /// The background `COLORFGBG` names, or nil when it names none.
    public static func fromColorFGBG(_ value: String) -> TerminalBackground? {
        guard let last = value.split(separator: ";").last, let color = Int(last), (0...15).contains(color) else { return nil }
        return color == 7 || color >= 9 ? .light : .dark
    }

    /// The background an OSC 11 reply reports: light when its WCAG relative luminance is
    /// above 0.179 (where black text starts to contrast more than white), else dark. Nil
    /// when `bytes` hold no complete `ESC ] 11 ; rgb:…` reply.
    public static func fromReply(_ bytes: [UInt8]) -> TerminalBackground? {
        let prefix = Array("\u{1B}]11;rgb:".utf8)
        guard bytes.count >= prefix.count,
              let start = (0...(bytes.count - prefix.count)).first(where: { bytes[$0..<($0 + prefix.count)].elementsEqual(prefix) })
        else { return nil }
        let rest = bytes[(start + prefix.count)...]
        guard let end = rest.firstIndex(where: { $0 == 0x07 || $0 == 0x1B }) else { return nil }
        let fields = String(decoding: rest[..<end], as: UTF8.self).split(separator: "/")
        guard fields.count == 3 else { return nil }
        var channels: [Double] = []
        for field in fields {
            guard (1...4).contains(field.count), let value = Int(field, radix: 16) else { return nil }
            let maximum = Double((1 << (4 * field.count)) - 1)
            channels.append(Double(value) / maximum)
        }
        func linear(_ c: Double) -> Double { c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4) }
        let luminance = 0.2126 * linear(channels[0]) + 0.7152 * linear(channels[1]) + 0.0722 * linear(channels[2])
        return luminance > 0.179 ? .light : .dark
    }

    /// Whether `bytes` end with a complete DA1 reply (`ESC [ ? … c`).
    static func hasDeviceAttributes(_ bytes: [UInt8]) -> Bool {
        guard let start = bytes.lastIndex(of: 0x1B), start + 2 < bytes.count,
              bytes[start + 1] == UInt8(ascii: "["), bytes[start + 2] == UInt8(ascii: "?") else { return false }
        return bytes[(start + 3)...].contains(UInt8(ascii: "c"))
    }

    /// Asks the terminal on `fd` (a tty) for its background colour, waiting at most
    /// `timeoutMilliseconds`. Nil when it does not say (or `fd` is not a terminal).
    public static func query(fd: Int32, timeoutMilliseconds: Int = 100) -> TerminalBackground? {
        guard isatty(fd) == 1 else { return nil }
        var saved = termios()
        guard tcgetattr(fd, &saved) == 0 else { return nil }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        withUnsafeMutablePointer(to: &raw.c_cc) { pointer in
            pointer.withMemoryRebound(to: cc_t.self, capacity: Int(NCCS)) { cc in
                cc[Int(VMIN)] = 0
                cc[Int(VTIME)] = 0
            }
        }
        // TCSANOW: keys typed before the query stay in the input.
        guard tcsetattr(fd, TCSANOW, &raw) == 0 else { return nil }
        defer { _ = tcsetattr(fd, TCSANOW, &saved) }

        let request: [UInt8] = Array("\u{1B}]11;?\u{07}\u{1B}[c".utf8)
        let written = request.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == request.count else { return nil }

        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 256)
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .milliseconds(max(0, timeoutMilliseconds)))
        var complete = false
        while !complete {
            let left = clock.now.duration(to: deadline)
            guard left > .zero else { break }
            let milliseconds = Int32(max(1, left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000))
            var pollFD = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pollFD, 1, milliseconds)
            if ready < 0, errno == EINTR { continue }
            guard ready > 0 else { break }
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            received += buffer[0..<count]
            complete = hasDeviceAttributes(received)
            if received.count > 4096 { break }
        }
        // A reply cut off by the timeout must not reach the key handler as keys.
        if !complete { tcflush(fd, TCIFLUSH) }
        return fromReply(received)
    }

    /// `COLORFGBG` from `environment`, then (when `askTerminal`) an OSC 11 query on the
    /// controlling terminal; nil when neither says.
    public static func detect(environment: [String: String], askTerminal: Bool, timeoutMilliseconds: Int = 100) -> TerminalBackground? {
        if let value = environment["COLORFGBG"], let background = fromColorFGBG(value) { return background }
        guard askTerminal else { return nil }
        let fd = open("/dev/tty", O_RDWR | O_NOCTTY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return query(fd: fd, timeoutMilliseconds: timeoutMilliseconds)
    }
}
