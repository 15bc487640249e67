import CellGrid
import Foundation
import Testing
@testable import rnnscope

/// `rnnscope record`: asciicast v2 files that players accept and that replay to the screens
/// `snapshot` prints.
@Suite("Record")
struct RecordTests {
    struct Cast {
        let header: [String: Any]
        let headerLine: String
        let events: [(time: Double, kind: String, data: String)]
        let lines: [Substring]
    }

    static let folder: String = {
        let path = NSTemporaryDirectory() + "rnnscope-record-\(getpid())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        _ = mkfifo(path + "/fifo.cast", 0o600)
        return path
    }()

    /// Runs `record` with `arguments` into a fresh file and returns the file's text.
    func record(_ arguments: [String], name: String = UUID().uuidString) throws -> String {
        let path = Self.folder + "/\(name).cast"
        let result = try BinaryRunner.run(["record", "--out", path] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty && result.stderr.isEmpty, "record writes the file only")
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    func parse(_ text: String) throws -> Cast {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.last == "", "the file ends with a newline")
        let headerLine = String(try #require(lines.first))
        let header = try #require(try JSONSerialization.jsonObject(with: Data(headerLine.utf8)) as? [String: Any])
        var events: [(Double, String, String)] = []
        for line in lines.dropFirst() where !line.isEmpty {
            let array = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [Any], "\(line.prefix(80))")
            #expect(array.count == 3)
            events.append((try #require(array[0] as? Double), try #require(array[1] as? String), try #require(array[2] as? String)))
        }
        return Cast(header: header, headerLine: headerLine, events: events, lines: lines)
    }

    /// Cells as a terminal shows them: a space that shows nothing (default background, not
    /// reversed or underlined) is blank whatever its foreground, as `ansiText` trims it.
    func normalised(_ grid: CellGrid) -> CellGrid {
        var out = grid
        for y in 0..<grid.height {
            for x in 0..<grid.width {
                let style = grid[x, y].style
                if grid[x, y].glyph == " ", style.background == .terminalDefault, !style.reverse, !style.underline { out[x, y] = .blank }
            }
        }
        return out
    }

    func replay(_ cast: Cast, width: Int, height: Int) -> TerminalDecoder {
        var terminal = TerminalDecoder(width: width, height: height)
        for event in cast.events { terminal.feed(event.data) }
        return terminal
    }

    /// The screen `snapshot --ansi` prints for `arguments`, through the same decoder.
    func snapshotScreen(_ arguments: [String], width: Int, height: Int) throws -> TerminalDecoder {
        let snapshot = try BinaryRunner.run(["snapshot", "--ansi", "--size", "\(width)x\(height)"] + arguments)
        #expect(snapshot.status == 0, "\(snapshot.stderr)")
        var printed = TerminalDecoder(width: width, height: height)
        for (y, line) in snapshot.stdout.split(separator: "\n", omittingEmptySubsequences: false).prefix(height).enumerated() {
            printed.feed("\u{1B}[\(y + 1);1H" + line)
        }
        #expect(printed.problems.isEmpty, "\(printed.problems)")
        return printed
    }

    @Test("the header is asciicast v2 and the events are output at increasing times")
    func headerAndTimes() throws {
        let cast = try parse(try record(["--keys", "ll<space>", "--size", "100x30", "--timestamp", "1700000000"]))
        #expect(cast.header["version"] as? Int == 2)
        #expect(cast.header["width"] as? Int == 100)
        #expect(cast.header["height"] as? Int == 30)
        #expect(cast.header["timestamp"] as? Int == 1_700_000_000)
        #expect((cast.header["title"] as? String)?.contains("ll<space>") == true)
        #expect((cast.header["env"] as? [String: String])?["TERM"] == "xterm-256color")
        #expect(cast.events.count == 5, "the first screen, three keys, the end")
        #expect(cast.events.allSatisfy { $0.kind == "o" })
        let times = cast.events.map(\.time)
        #expect(times.first == 0)
        #expect(zip(times, times.dropFirst()).allSatisfy { $0 < $1 }, "\(times)")
        #expect(times[1] == 0.5 && times[3] == 1.5, "--delay defaults to 0.5 s")
        #expect(cast.header["duration"] as? Double == times.last)
        #expect(cast.events[0].data.contains("\u{1B}[2J"), "the first event clears the screen")
        #expect(cast.events.dropFirst().allSatisfy { !$0.data.contains("\u{1B}[2J") }, "later events redraw only what changed")
        #expect(!cast.lines.joined().contains("\u{1B}"), "escapes are JSON-escaped as \\u001b")
    }

    @Test("replaying the events gives the screen snapshot prints for the same keys")
    func replayEqualsSnapshot() throws {
        let keys = "lll<space><space>b<tab>w<tab><tab>e"
        let (width, height) = (100, 30)
        let arguments = ["--keys", keys, "--epochs", "3", "--theme", "light"]
        let cast = try parse(try record(arguments + ["--size", "\(width)x\(height)"]))
        let terminal = replay(cast, width: width, height: height)
        #expect(terminal.problems.isEmpty, "\(terminal.problems)")
        #expect(terminal.cursorVisible, "the recording gives the cursor back at the end")
        let printed = try snapshotScreen(arguments, width: width, height: height)
        let (a, b) = (normalised(terminal.grid), normalised(printed.grid))
        #expect(a.plainText() == b.plainText())
        #expect(a == b, "the colours and attributes match too")
    }

    @Test("the same input gives the same bytes, but for the header's timestamp unless --timestamp fixes it")
    func deterministic() throws {
        let arguments = ["--keys", "t<right><right>b", "--size", "90x28", "--delay", "0.25"]
        let stamped = try record(arguments + ["--timestamp", "42"])
        #expect(try record(arguments + ["--timestamp", "42"]) == stamped)
        let now = try parse(try record(arguments)), fixed = try parse(stamped)
        #expect(now.lines.dropFirst() == fixed.lines.dropFirst())
        func withoutTimestamp(_ header: String) -> String {
            header.replacingOccurrences(of: #""timestamp": [0-9]+"#, with: "", options: .regularExpression)
        }
        #expect(withoutTimestamp(now.headerLine) == withoutTimestamp(fixed.headerLine))
        let timestamp = try #require(now.header["timestamp"] as? Int)
        #expect(abs(Double(timestamp) - Date().timeIntervalSince1970) < 3600, "the default timestamp is now")
        #expect(fixed.events.map(\.time) == [0, 0.25, 0.5, 0.75, 1, 3], "time is the sum of the delays, never the clock")
    }

    /// A lesson of three steps: short narration, long narration, a question.
    static let lessonPath: String = {
        let long = String(repeating: "The hidden state carries what the unit has read so far to the next step. ", count: 6)
        let text = """
            ---
            id: 1
            title: Paced
            lang: en
            ---
            ## Short

            One line.

            ## Long

            \(long)

            ## Asked

            ```rnnscope
            ask:
              question: "Which step is this?"
              choices: ["one", "three"]
              answer: 2
              explain: "It is the third."
            ```

            Done.

            """
        let path = folder + "/paced.md"
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }()

    @Test("a lesson recording has a frame per step, one more to reveal a question, and reads longer narration longer")
    func lessonPacing() throws {
        let cast = try parse(try record(["--lesson", Self.lessonPath, "--timestamp", "0"]))
        #expect(cast.header["title"] as? String == "rnnscope lesson 1 (en): Paced")
        // Short, long, the question, its answer, the end.
        #expect(cast.events.count == 5, "\(cast.events.map(\.time))")
        let pauses = zip(cast.events, cast.events.dropFirst()).map { $1.time - $0.time }
        #expect(abs(pauses[0] - 2.667) < 0.01, "2 s and 2 words at 3 words per second: \(pauses)")
        #expect(pauses[1] > pauses[0] + 20, "84 more words: \(pauses)")
        #expect(cast.events[0].data.contains("One line."))
        #expect(cast.events[1].data.contains("hidden state"))
        #expect(cast.events[2].data.contains("Which step is this?"))
        #expect(cast.events[3].data.contains("It is the third."))
        let terminal = replay(cast, width: 120, height: 40)
        #expect(terminal.problems.isEmpty, "\(terminal.problems)")
        let answered = try snapshotScreen(["--lesson", Self.lessonPath, "--step", "3", "--answer", "0"], width: 120, height: 40)
        #expect(normalised(terminal.grid) == normalised(answered.grid), "the last frame is the answered question, as snapshot renders it")
    }

    @Test("Chinese narration is read by characters; --delay sets the shortest pause")
    func chinesePacing() throws {
        let path = Self.folder + "/zh.md"
        let text = "---\nid: 2\ntitle: 中文\nlang: zh\n---\n## 短\n\n一句。\n\n## 长\n\n" + String(repeating: "隐藏状态把读过的内容传给下一步。", count: 5) + "\n"
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        let cast = try parse(try record(["--lesson", path, "--delay", "5", "--size", "100x30", "--timestamp", "0"]))
        #expect(cast.events.count == 3, "two steps and the end")
        let pauses = zip(cast.events, cast.events.dropFirst()).map { $1.time - $0.time }
        #expect(pauses.count == 2 && abs(pauses[0] - 5.4) < 1e-6 && abs(pauses[1] - 20) < 1e-6,
                "5 s and 2 characters, then 5 s and 75 characters, at 5 per second: \(pauses)")
    }

    @Test("narration longer than its panel scrolls until its last line has been shown, in about the time it takes to read")
    func longNarrationScrolls() throws {
        let path = Self.folder + "/long.md"
        let paragraphs = (1...6).map { "Paragraph \($0) says that the hidden state carries what was read before to the next step." }
        let text = "---\nid: 3\ntitle: Long\nlang: en\n---\n## Much to read\n\n" + paragraphs.joined(separator: "\n\n") + "\n"
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        let small = try parse(try record(["--lesson", path, "--size", "80x24", "--timestamp", "0"]))
        #expect(small.events.count > 4, "the step, several scrolls and the end")
        let terminal = replay(small, width: 80, height: 24)
        #expect(terminal.problems.isEmpty, "\(terminal.problems)")
        #expect(terminal.grid.plainText().contains("Paragraph 6 says"), "the last paragraph is on the last screen")
        #expect(!terminal.grid.plainText().contains("Paragraph 1 says"))
        let large = try parse(try record(["--lesson", path, "--size", "200x60", "--timestamp", "0"]))
        #expect(large.events.count < small.events.count, "a larger panel scrolls less")
        let (smallTime, largeTime) = (try #require(small.events.last?.time), try #require(large.events.last?.time))
        #expect(abs(largeTime - 34) < 0.01, "2 s + 96 words at 3 a second: \(largeTime) s")
        #expect(abs(smallTime - largeTime) < 3, "about as long when it scrolls: \(smallTime) s")
    }

    @Test("reading time: 1 s per 3 words, 1 s per 5 CJK characters, symbols alone are not read")
    func readingPace() {
        #expect(ReadingPace.milliseconds("one two three") == 1000)
        #expect(ReadingPace.milliseconds("h_t = -0.774 • → ✓") == 667)
        #expect(ReadingPace.milliseconds("隐藏状态的记忆，") == 1400)
        #expect(ReadingPace.milliseconds("W_hh 把记忆传递下去") == 1733)
    }

    @Test("JSON strings escape quotes, backslashes and every control character")
    func jsonEscaping() throws {
        let text = "\u{1B}[0m \"q\" \\ \n\t\u{7F}\u{85} 你"
        let encoded = Asciicast.jsonString(text)
        #expect(encoded == #""\u001b[0m \"q\" \\ \n\u0009\u007f\u0085 你""#)
        let decoded = try JSONSerialization.jsonObject(with: Data("[\(encoded)]".utf8)) as? [String]
        #expect(decoded == [text])
    }

    static let badCases: [(name: String, arguments: [String], mentions: String)] = [
        ("unknown lesson", ["--lesson", "99"], "no lesson 99"),
        ("bad size", ["--size", "wide"], "--size"),
        ("zero delay", ["--delay", "0"], "--delay"),
        ("nan delay", ["--delay", "nan"], "--delay"),
        ("negative timestamp", ["--timestamp=-1"], "--timestamp"),
        ("keys and a lesson", ["--lesson", "1", "--keys", "l"], "--keys"),
        ("unknown key", ["--keys", "<nope>"], "unknown key <nope>"),
        ("epochs with a lesson", ["--lesson", "1", "--epochs", "3"], "--epochs"),
    ]

    @Test("bad flags give one line and exit 1", arguments: badCases)
    func badFlags(_ badCase: (name: String, arguments: [String], mentions: String)) throws {
        let path = Self.folder + "/bad-\(UUID().uuidString).cast"
        let result = try BinaryRunner.run(["record", "--out", path] + badCase.arguments)
        #expect(result.status == 1, "\(badCase.name)")
        #expect(result.stderr.split(separator: "\n").count == 1 && result.stderr.contains(badCase.mentions), "\(badCase.name): \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("an unwritable --out, a directory or a FIFO is refused and left as it was")
    func badOutputs() throws {
        for (out, mentions) in [("/nonexistent/dir/x.cast", "does not exist"), (Self.folder, "directory"), (Self.folder + "/fifo.cast", "FIFO")] {
            let result = try BinaryRunner.run(["record", "--out", out, "--keys", "l"])
            #expect(result.status == 1)
            #expect(result.stderr.split(separator: "\n").count == 1 && result.stderr.contains(mentions), "\(result.stderr)")
        }
        var info = stat()
        #expect(stat(Self.folder + "/fifo.cast", &info) == 0 && info.st_mode & S_IFMT == S_IFIFO, "the FIFO is still a FIFO")
    }
}
