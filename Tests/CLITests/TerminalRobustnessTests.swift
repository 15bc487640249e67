import Foundation
import Testing

/// Hostile terminals and signals, with the real binary under tmux: each case works or is
/// refused with one line, exits with an ordinary code, prints no crash text, and leaves the
/// terminal in line mode with echo (checked with `stty -a` after the program ends).
@Suite("Terminal robustness (tmux)", .enabled(if: Tmux.available), .serialized)
struct TerminalRobustnessTests {
    /// The terminal after the program: line mode and echo back on, not on the alternate screen.
    func expectRestored(_ tmux: Tmux, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let flags = tmux.sttyFlags()
        #expect(flags.contains("echo") && flags.contains("icanon"), "terminal not restored: \(tmux.sttyAfterExit())",
                sourceLocation: sourceLocation)
        #expect(try tmux.display("#{alternate_on}") == "0", "still on the alternate screen", sourceLocation: sourceLocation)
    }

    /// The colour-setting SGR parameters in `text` (30–37, 40–47, 90–97, 100–107, and 38/48 for
    /// 256 or RGB colours); 39/49, "default colour", are not counted.
    static func colourParameters(_ text: String) -> Set<Int> {
        var found = Set<Int>()
        var rest = Substring(text)
        while let start = rest.range(of: "\u{1B}[") {
            rest = rest[start.upperBound...]
            guard let end = rest.firstIndex(where: { !($0.isNumber || $0 == ";") }) else { break }
            if rest[end] == "m" {
                for parameter in rest[..<end].split(separator: ";").compactMap({ Int($0) })
                where [30...38, 40...48, 90...97, 100...107].contains(where: { $0.contains(parameter) }) {
                    found.insert(parameter)
                }
            }
            rest = rest[end...]
        }
        return found
    }

    /// q: the program exits 0 and the terminal is restored.
    func quit(_ tmux: Tmux, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try tmux.send("q")
        #expect(try tmux.waitForExit() == "0", sourceLocation: sourceLocation)
        try expectRestored(tmux, sourceLocation: sourceLocation)
    }

    /// The colours the first frame sets under `environment`; the program is then quit.
    func firstFrameColours(environment: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Set<Int> {
        let tmux = try Tmux(width: 120, height: 40, environment: environment)
        defer { tmux.kill() }
        _ = try tmux.waitFor("t=1/10")
        let escapes = try tmux.run(["capture-pane", "-p", "-e", "-t", "main"])
        #expect(escapes.contains("rnnscope"), sourceLocation: sourceLocation)
        try quit(tmux, sourceLocation: sourceLocation)
        return Self.colourParameters(escapes)
    }

    func expectNoCrashText(_ tmux: Tmux, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let seen = try tmux.capture() + tmux.stderr
        for crash in ["Fatal error", "Backtracing", "Program crashed"] {
            #expect(!seen.contains(crash), "\(seen)", sourceLocation: sourceLocation)
        }
    }

    @Test("Refused with one line and exit 1: TERM unset, dumb, or unknown to terminfo",
          arguments: [("env -u TERM", "TERM is not set"), ("TERM=dumb", "cannot move the cursor"),
                      ("TERM=no-such-terminal", "unknown terminal type")])
    func unusableTerminal(environment: String, mentions: String) throws {
        let tmux = try Tmux(width: 100, height: 30, environment: environment)
        defer { tmux.kill() }
        #expect(try tmux.waitForExit() == "1")
        let lines = tmux.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines.first?.hasPrefix("rnnscope: ") == true, "\(tmux.stderr)")
        #expect(tmux.stderr.contains(mentions), "\(tmux.stderr)")
        try expectRestored(tmux)
        try expectNoCrashText(tmux)
    }

    @Test("NO_COLOR: the first frame renders without colours")
    func noColor() throws {
        let colours = try firstFrameColours(environment: "TERM=xterm-256color NO_COLOR=1")
        #expect(colours.isEmpty, "a NO_COLOR frame sets colours \(colours.sorted())")
    }

    @Test("An 8-colour terminal (TERM=xterm): the first frame renders in the 8 base colours")
    func eightColours() throws {
        let colours = try firstFrameColours(environment: "env -u NO_COLOR TERM=xterm")
        #expect(!colours.isEmpty, "no colours on an 8-colour terminal")
        #expect(colours.isSubset(of: Set(30...37).union(40...47)), "colours beyond the 8 base ones: \(colours.sorted())")
    }

    @Test("A 20×6 window says how much room it needs; q quits with 0")
    func tinyWindow() throws {
        let tmux = try Tmux(width: 20, height: 6, environment: "TERM=xterm-256color")
        defer { tmux.kill() }
        _ = try tmux.waitFor("need at least")
        try quit(tmux)
        try expectNoCrashText(tmux)
    }

    @Test("A storm of 32 resizes, then the frame at full size; q quits with 0")
    func resizeStorm() throws {
        let tmux = try Tmux(width: 120, height: 40, environment: "TERM=xterm-256color")
        defer { tmux.kill() }
        _ = try tmux.waitFor("t=1/10")
        for _ in 0..<8 {
            for (width, height) in [(120, 40), (30, 8), (80, 24), (20, 6)] { try tmux.resize(width, height) }
        }
        try tmux.resize(120, 40)
        _ = try tmux.waitFor("t=1/10")
        try tmux.send("Right")
        _ = try tmux.waitFor("t=2/10")
        try quit(tmux)
        try expectNoCrashText(tmux)
    }

    @Test("Ctrl-Z gives the shell a usable terminal; fg repaints; q quits with 0", .enabled(if: Tmux.hasInteractiveShell))
    func suspendAndResume() throws {
        let tmux = try Tmux(width: 120, height: 40, interactiveShell: ())
        defer { tmux.kill() }
        try tmux.type("TERM=xterm-256color '\(BinaryRunner.binary.path)'")
        _ = try tmux.waitFor("t=1/10")
        try tmux.send("C-z")
        // Stopped, the program has left the alternate screen (ncurses' endwin) and the shell prompts.
        #expect(try tmux.waitForDisplay("#{alternate_on}", "0"), "stopped, the program still holds the alternate screen")
        // The shell's own commands run while the program is stopped: its jobs and the terminal.
        try tmux.type("jobs > '\(tmux.folder)/jobs'; stty -a > '\(tmux.folder)/stty-stopped'")
        let stopped = try tmux.waitForFile("stty-stopped", containing: "echo")
        let flags = Set(stopped.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == ";" }).map(String.init))
        #expect(flags.contains("echo") && flags.contains("icanon"), "stopped, the terminal is not in line mode: \(stopped)")
        #expect(try tmux.waitForFile("jobs", containing: "Stopped").contains("Stopped"))
        #expect(!(try tmux.capture()).contains("t=1/10"))
        // fg's status is the program's: the shell writes it once the program has quit.
        try tmux.type("fg; echo $? > '\(tmux.folder)/status'; stty -a > '\(tmux.folder)/stty'")
        let resumed = try tmux.waitFor("t=1/10")
        #expect(resumed.contains("softmax"), "not repainted after fg:\n\(resumed)")
        try tmux.send("Right")
        _ = try tmux.waitFor("t=2/10")
        try quit(tmux)
        try expectNoCrashText(tmux)
    }

    @Test("A signal ends the program (also while training): terminal restored, exit 128 + the signal",
          arguments: [(SIGTERM, "143", false), (SIGTERM, "143", true), (SIGINT, "130", true), (SIGHUP, "129", true), (SIGQUIT, "131", true)])
    func signalled(signal: Int32, status: String, whileTraining: Bool) throws {
        let tmux = try Tmux(width: 120, height: 40, environment: "TERM=xterm-256color", recordPID: true)
        defer { tmux.kill() }
        _ = try tmux.waitFor("t=1/10")
        if whileTraining {
            try tmux.send("T")
            _ = try tmux.waitFor("training")
        }
        let pid = try #require(pid_t(try tmux.waitForFile("pid", containing: "").trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(Foundation.kill(pid, signal) == 0)
        // The program stops cleanly, then ends as the signal would have: the shell sees 128 + its number.
        #expect(try tmux.waitForExit() == status)
        try expectRestored(tmux)
        try expectNoCrashText(tmux)
    }

    @Test("Ctrl-\\ (SIGQUIT) while training: no backtrace or prompt, terminal restored, exit 131")
    func controlBackslash() throws {
        let tmux = try Tmux(width: 120, height: 40, environment: "TERM=xterm-256color")
        defer { tmux.kill() }
        _ = try tmux.waitFor("t=1/10")
        try tmux.send("T")
        _ = try tmux.waitFor("training")
        try tmux.send("C-\\")
        #expect(try tmux.waitForExit() == "131")
        try expectRestored(tmux)
        #expect(try tmux.display("#{cursor_flag}") == "1", "the cursor is still hidden")
        try expectNoCrashText(tmux)
        #expect(!(try tmux.capture() + tmux.stderr).contains("Press space"))
    }

    /// The program the pane's shell runs, once it catches `signal` (its handlers are in place).
    func programCatching(_ signal: Int32, in tmux: Tmux) throws -> pid_t? {
        let shell = try tmux.display("#{pane_pid}")
        for _ in 0..<200 {
            if let children = try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8),
               let child = children.split(separator: " ").first.flatMap({ pid_t($0) }),
               let status = try? String(contentsOfFile: "/proc/\(child)/status", encoding: .utf8),
               let line = status.split(separator: "\n").first(where: { $0.hasPrefix("SigCgt:") }),
               let mask = UInt64(line.split(separator: "\t").last ?? "", radix: 16), mask & (1 << UInt64(signal - 1)) != 0 {
                return child
            }
            usleep(20_000)
        }
        return nil
    }

    @Test("Ctrl-\\ in commands without a screen (train, bench): exit 131, no backtrace, no prompt, no core file",
          arguments: ["train --epochs 1000000", "bench"])
    func controlBackslashBatch(arguments: String) throws {
        // stderr stays on the terminal, as a student runs it: that is when the Swift runtime's
        // backtracer would be interactive.
        let tmux = try Tmux(width: 120, height: 40, arguments: arguments)
        defer { tmux.kill() }
        #expect(try programCatching(SIGQUIT, in: tmux) != nil, "the program never caught SIGQUIT")
        try tmux.send("C-\\")
        #expect(try tmux.waitForExit() == "131")
        let screen = try tmux.capture()
        for crash in ["Fatal error", "Backtracing", "Program crashed", "Press space"] {
            #expect(!screen.contains(crash), "\(screen)")
        }
        #expect(!screen.contains("core dumped"), "\(screen)")
        try expectRestored(tmux)
    }

    @Test("Exported COLUMNS=80 LINES=24 do not pin the screen: it fills 120×40, then follows a resize")
    func columnsAndLinesIgnored() throws {
        let tmux = try Tmux(width: 120, height: 40, environment: "COLUMNS=80 LINES=24 TERM=xterm-256color")
        defer { tmux.kill() }
        // The status bar is the last row: row 40 at 120×40, row 50 at 150×50.
        func statusRow(_ height: Int) throws -> Bool {
            try Tmux.poll(seconds: 5) {
                let rows = try tmux.capture().split(separator: "\n", omittingEmptySubsequences: false)
                return rows.count >= height && rows[height - 1].contains("t=1/10")
            }
        }
        _ = try tmux.waitFor("t=1/10")
        #expect(try statusRow(40), "the screen does not reach row 40:\n\((try? tmux.capture()) ?? "")")
        let wide = try tmux.capture().split(separator: "\n").map(\.count).max() ?? 0
        #expect(wide > 100, "the screen is \(wide) columns wide, not 120")
        try tmux.resize(150, 50)
        #expect(try statusRow(50), "the screen did not follow the resize:\n\((try? tmux.capture()) ?? "")")
        try quit(tmux)
    }

    @Test("stdin closed or /dev/null on a terminal: one line, exit 1", arguments: ["0<&-", "</dev/null"])
    func stdinNotATerminal(redirection: String) throws {
        let tmux = try Tmux(width: 100, height: 30, environment: "TERM=xterm-256color", arguments: "explore \(redirection)")
        defer { tmux.kill() }
        #expect(try tmux.waitForExit() == "1")
        #expect(tmux.stderr.split(separator: "\n").count == 1 && tmux.stderr.contains("needs a terminal on stdin"), "\(tmux.stderr)")
        try expectRestored(tmux)
    }
}

extension Tmux {
    static let hasInteractiveShell = FileManager.default.isExecutableFile(atPath: "/bin/sh")

    /// A session running the binary after `environment` (a shell prefix such as `TERM=dumb` or
    /// `env -u TERM`), with its stderr kept in `stderr`; with `recordPID`, the program's pid is
    /// written to the file `pid` (the shell `exec`s it).
    init(width: Int, height: Int, environment: String, arguments: String = "", recordPID: Bool = false) throws {
        folder = NSTemporaryDirectory() + socket
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let binary = "'\(BinaryRunner.binary.path)' \(arguments) 2>'\(folder)/stderr'"
        let program = recordPID ? "sh -c 'echo $$ > \"$0\"; exec \"$1\" 2>\"$2\"' '\(folder)/pid' '\(BinaryRunner.binary.path)' '\(folder)/stderr'" : binary
        let script = "\(environment) \(program); echo $? > '\(folder)/status'; stty -a > '\(folder)/stty'; sleep 30"
        try run(["new-session", "-d", "-x", "\(width)", "-y", "\(height)", "-s", "main", script], capture: false)
    }

    /// A session running an interactive `/bin/sh` (with job control, so Ctrl-Z stops the job
    /// and the shell takes the terminal back). Commands are typed with `type`.
    init(width: Int, height: Int, interactiveShell: Void) throws {
        folder = NSTemporaryDirectory() + socket
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try run(["new-session", "-d", "-x", "\(width)", "-y", "\(height)", "-s", "main",
                 "env PS1='$ ' ENV= HISTFILE=/dev/null /bin/sh -i"], capture: false)
    }

    /// Types `line` and Enter.
    func type(_ line: String) throws {
        try run(["send-keys", "-t", "main", "-l", line])
        try run(["send-keys", "-t", "main", "Enter"])
    }

    /// A tmux format for the pane, e.g. `#{alternate_on}`.
    func display(_ format: String) throws -> String {
        try run(["display-message", "-p", "-t", "main", format]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Polls a pane format until it reads `value` (15 s at most).
    func waitForDisplay(_ format: String, _ value: String) throws -> Bool {
        try Self.poll { try display(format) == value }
    }

    /// What the program wrote on stderr (when started with `environment:`).
    var stderr: String { (try? String(contentsOfFile: folder + "/stderr", encoding: .utf8)) ?? "" }

    /// Waits up to 15 s for the file `name` in the session's folder to contain `text` (any
    /// whole line when `text` is empty).
    func waitForFile(_ name: String, containing text: String) throws -> String {
        var contents = ""
        let found = Self.poll {
            contents = (try? String(contentsOfFile: folder + "/" + name, encoding: .utf8)) ?? ""
            return !contents.isEmpty && (text.isEmpty ? contents.hasSuffix("\n") : contents.contains(text))
        }
        if !found {
            Issue.record("timed out waiting for \(name) to contain \(text.debugDescription); it has \(contents.debugDescription)")
        }
        return contents
    }
}
