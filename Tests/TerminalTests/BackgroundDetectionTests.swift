import Glibc
import Testing
@testable import Terminal

/// `--theme auto`: how the terminal's background is found before ncurses starts.
@Suite("Background detection")
struct BackgroundDetectionTests {
    @Test func colorFGBG() {
        #expect(BackgroundDetection.fromColorFGBG("15;0") == .dark)
        #expect(BackgroundDetection.fromColorFGBG("0;15") == .light)
        #expect(BackgroundDetection.fromColorFGBG("0;default;7") == .light)
        #expect(BackgroundDetection.fromColorFGBG("7;8") == .dark)
        #expect(BackgroundDetection.fromColorFGBG("default;default") == nil)
        #expect(BackgroundDetection.fromColorFGBG("") == nil)
        #expect(BackgroundDetection.fromColorFGBG("0;99") == nil)
    }

    @Test func osc11Replies() {
        func reply(_ text: String) -> TerminalBackground? { BackgroundDetection.fromReply(Array(text.utf8)) }
        #expect(reply("\u{1B}]11;rgb:ffff/ffff/ffff\u{07}") == .light)
        #expect(reply("\u{1B}]11;rgb:0000/0000/0000\u{1B}\\") == .dark)
        #expect(reply("\u{1B}]11;rgb:1e/1e/2e\u{07}\u{1B}[?62;22c") == .dark)  // two hex digits
        #expect(reply("\u{1B}]11;rgb:fdf6/e3e3/cccc\u{07}") == .light)  // Solarized light
        #expect(reply("\u{1B}[?62;22c") == nil)  // only the DA1 reply: OSC 11 unknown
        #expect(reply("\u{1B}]11;rgb:ffff/ffff") == nil)  // cut off
        #expect(reply("\u{1B}]11;rgb:zzzz/ffff/ffff\u{07}") == nil)
    }

    /// A pseudo-terminal: (master, slave), the slave in raw mode like a terminal being queried.
    static func pty() throws -> (Int32, Int32) {
        // /dev/ptmx with the Linux ioctls (posix_openpt and friends are not imported).
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        try #require(master >= 0)
        var unlock: Int32 = 0
        var number: UInt32 = 0
        // TIOCSPTLCK and TIOCGPTN (_IOW/_IOR macros Swift does not import).
        try #require(ioctl(master, UInt(0x4004_5431), &unlock) == 0 && ioctl(master, UInt(0x8004_5430), &number) == 0)
        let slave = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
        try #require(slave >= 0)
        var settings = termios()
        tcgetattr(slave, &settings)
        cfmakeraw(&settings)
        tcsetattr(slave, TCSANOW, &settings)
        return (master, slave)
    }

    static func write(_ text: String, to fd: Int32) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
    }

    static func pending(_ fd: Int32) -> Int {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, 0) > 0 else { return 0 }
        var buffer = [UInt8](repeating: 0, count: 256)
        return buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
    }

    @Test("A terminal's OSC 11 answer decides, the query is sent, and no reply bytes are left for the keys")
    func queryAnswered() throws {
        let (master, slave) = try Self.pty()
        defer { close(master); close(slave) }
        // The terminal's answers, already waiting: the background colour, then DA1.
        Self.write("\u{1B}]11;rgb:ffff/ffff/ffff\u{07}\u{1B}[?62;22c", to: master)
        #expect(BackgroundDetection.query(fd: slave, timeoutMilliseconds: 2000) == .light)
        #expect(Self.pending(slave) == 0, "reply bytes left in the input")
        var sent = [UInt8](repeating: 0, count: 64)
        let count = sent.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
        #expect(Array(sent.prefix(max(0, count))) == Array("\u{1B}]11;?\u{07}\u{1B}[c".utf8))
    }

    @Test("A terminal that ignores OSC 11 answers only DA1: unknown, and nothing left over")
    func queryIgnored() throws {
        let (master, slave) = try Self.pty()
        defer { close(master); close(slave) }
        Self.write("\u{1B}[?1;2c", to: master)
        #expect(BackgroundDetection.query(fd: slave, timeoutMilliseconds: 2000) == nil)
        #expect(Self.pending(slave) == 0)
    }

    @Test("A half-sent reply is discarded, not left as keys")
    func queryCutOff() throws {
        let (master, slave) = try Self.pty()
        defer { close(master); close(slave) }
        Self.write("\u{1B}]11;rgb:ffff/ff", to: master)
        #expect(BackgroundDetection.query(fd: slave, timeoutMilliseconds: 50) == nil)
        #expect(Self.pending(slave) == 0)
    }

    @Test func notATerminal() {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        #expect(BackgroundDetection.query(fd: fds[0]) == nil)
    }

    @Test func colorFGBGComesFirst() {
        #expect(BackgroundDetection.detect(environment: ["COLORFGBG": "0;15"], askTerminal: false) == .light)
        #expect(BackgroundDetection.detect(environment: [:], askTerminal: false) == nil)
    }
}
