import Foundation
import Testing

/// Drives the real binary in tmux, as a student at a terminal would.
@Suite("Visualizer in a real terminal (tmux)", .enabled(if: Tmux.available), .serialized)
struct TerminalEndToEndTests {
    @Test("First frame, stepping, backward, resize and quit", arguments: [(120, 40), (80, 24)])
    func session(size: (Int, Int)) throws {
        let tmux = try Tmux(width: size.0, height: size.1)
        defer { tmux.kill() }
        let first = try tmux.waitFor("t=1/10")
        for word in ["x_t", "h_{t-1}", "h_t", "softmax", "loss", "t=1/10", "forward"] {
            #expect(first.contains(word), "first frame at \(size) lacks \(word):\n\(first)")
        }
        try tmux.send("Right", "Right", "Right")
        _ = try tmux.waitFor("t=4/10")
        try tmux.send("b")  // BPTT starts at t=T
        let backward = try tmux.waitFor("t=10/10  backward")
        #expect(backward.contains("dL/dh_t"))
        try tmux.send("g")  // Home too, where TERM matches the terminal (this test runs xterm-256color inside tmux)
        _ = try tmux.waitFor("t=1/10  backward")
        try tmux.resize(30, 8)
        _ = try tmux.waitFor("need at least")
        try tmux.resize(size.0, size.1)
        _ = try tmux.waitFor("t=1/10")
        try tmux.send("q")
        let status = try tmux.waitForExit()
        #expect(status == "0")
        #expect(tmux.sttyFlags().contains("echo"), "echo should be on after quitting")
    }

    /// In an interactive shell, as a student runs it: the shell sees Ctrl-C too, and a program
    /// that ends by SIGINT (not `exit(130)`) is what lets a script or loop around it stop.
    @Test("Ctrl-C while training quits with 130 and leaves the terminal usable", .enabled(if: Tmux.hasInteractiveShell))
    func controlC() throws {
        let tmux = try Tmux(width: 120, height: 40, interactiveShell: ())
        defer { tmux.kill() }
        try tmux.type("TERM=xterm-256color '\(BinaryRunner.binary.path)'")
        _ = try tmux.waitFor("t=1/10")
        try tmux.send("T")  // Ctrl-C must work while training, too
        _ = try tmux.waitFor("training")
        try tmux.send("C-c")
        #expect(try tmux.waitForDisplay("#{alternate_on}", "0"), "still on the alternate screen")
        try tmux.type("echo $? > '\(tmux.folder)/status'; stty -a > '\(tmux.folder)/stty'")
        #expect(try tmux.waitForExit() == "130", "Ctrl-C: the shell expects 128 + SIGINT")
        let flags = tmux.sttyFlags()
        #expect(flags.contains("echo") && flags.contains("icanon"), "terminal not restored: \(tmux.sttyAfterExit())")
    }
}

/// One tmux server of our own (its own socket), running the binary in a shell that records
/// its exit status and the terminal's settings afterwards.
struct Tmux {
    static let available: Bool = {
        ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].contains { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    let socket = "rnnscope-test-\(getpid())-\(UUID().uuidString.prefix(8))"
    let folder: String

    init(width: Int, height: Int, arguments: String = "") throws {
        folder = NSTemporaryDirectory() + socket
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let binary = BinaryRunner.binary.path
        let script = "TERM=xterm-256color '\(binary)' \(arguments); echo $? > '\(folder)/status'; stty -a > '\(folder)/stty'; sleep 30"
        // The server this starts lives on; it must not inherit our pipes or reads never end.
        try run(["new-session", "-d", "-x", "\(width)", "-y", "\(height)", "-s", "main", script], capture: false)
    }

    /// Runs a tmux client with posix_spawn and waitpid. (Foundation's Process can wait
    /// forever here: `new-session` starts a server that outlives the client.)
    @discardableResult
    func run(_ arguments: [String], capture: Bool = true) throws -> String {
        let output = folder + "/out-\(UUID().uuidString)"
        defer { unlink(output) }
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, capture ? output : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ["/usr/bin/env", "tmux", "-L", socket, "-f", "/dev/null"] + arguments
        let pid = try spawnWithDefaultSignals("/usr/bin/env", argv, &actions)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return capture ? ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "") : ""
    }

    func capture() throws -> String { try run(["capture-pane", "-p", "-t", "main"]) }

    func send(_ keys: String...) throws {
        for key in keys { try run(["send-keys", "-t", "main", key]) }
    }

    func resize(_ width: Int, _ height: Int) throws {
        try run(["resize-window", "-t", "main", "-x", "\(width)", "-y", "\(height)"])
    }

    /// Checks `condition` every 20 ms until it holds or `seconds` have passed; true when it held.
    /// Every wait in these tests goes through here, so each ends within 20 ms of the moment
    /// what it waits for happens (they polled every 100–200 ms before, issue 17).
    static func poll(seconds: Double = 15, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if try condition() { return true }
            if Date() > deadline { return false }
            usleep(20_000)
        }
    }

    /// Polls the screen until it contains `text` (15 s at most).
    func waitFor(_ text: String) throws -> String {
        var screen = ""
        if try Self.poll({ screen = try capture(); return screen.contains(text) }) { return screen }
        Issue.record("timed out waiting for \(text.debugDescription); the screen was:\n\(screen)")
        return screen
    }

    /// The program's exit status, once the shell has written it and then `stty -a`'s output.
    func waitForExit() throws -> String {
        var status = ""
        // The shell creates the file before it writes the status: wait for the number.
        let exited = Self.poll {
            status = ((try? String(contentsOfFile: folder + "/status", encoding: .utf8)) ?? "")
                .trimmingCharacters(in: .whitespacesAndNewlines)
            return !status.isEmpty
        }
        guard exited else {
            Issue.record("the program did not exit; the screen was:\n\((try? capture()) ?? "")")
            return ""
        }
        _ = sttyAfterExit()  // let stty finish writing
        return status
    }

    /// `stty -a` as the shell saw the terminal after the program exited (waits up to 2 s for
    /// all of it: stty writes its lines at once, when it exits).
    func sttyAfterExit() -> String {
        var text = ""
        _ = Self.poll(seconds: 2) {
            text = (try? String(contentsOfFile: folder + "/stty", encoding: .utf8)) ?? ""
            return text.contains("echo") && text.hasSuffix("\n")
        }
        return text
    }

    /// The words of `stty -a` ("echo" when on, "-echo" when off).
    func sttyFlags() -> Set<String> {
        Set(sttyAfterExit().split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == ";" }).map(String.init))
    }

    func kill() {
        _ = try? run(["kill-server"])
        try? FileManager.default.removeItem(atPath: folder)
    }
}

struct TmuxError: Error {
    let message: String
}
