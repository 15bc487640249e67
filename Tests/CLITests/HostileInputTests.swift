import Foundation
import RNNCore
import Testing

/// Issue 13's input classes against the real binary: inputs that used to take gigabytes
/// (lesson `text:`/`input:`/`length:`, the `]` key, overlapping safetensors offsets, long
/// training texts), lessons that disagree with their weight file, `--predict` over many
/// prompts, and control characters from files and models. Each case checks the exit code,
/// the one-line message (what and where), peak memory under 500 MB and that it finishes
/// within 10 s (a hang check, not a speed test).
@Suite("Hostile inputs: bounded memory, agreeing weights, safe output", .serialized)
struct HostileInputTests {
    static let notes = "Hello, RNN! Recurrent Neural Networks are powerful for sequence tasks. Let's build a simple RNN model."

    /// A text of `count` characters over a 17-character alphabet (deterministic).
    static func text(_ count: Int) -> String {
        let alphabet = Array("abcdefghij klmnop")
        var state: UInt64 = 12345
        var out = ""
        out.reserveCapacity(count)
        for _ in 0..<count {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            out.append(alphabet[Int(state >> 33) % alphabet.count])
        }
        return out
    }

    static func lesson(_ frontMatter: String, directives: String = "view: step", title: String = "hostile") -> String {
        "---\nid: 90\ntitle: \"\(title)\"\nlang: en\n\(frontMatter)\n---\n\n# Hostile\n\n## One\n\n```rnnscope\n\(directives)\n```\n\nText.\n"
    }

    /// Tensors with explicit data offsets (the layout is the test's, not a valid file's).
    static func rawTensors(_ entries: [(name: String, shape: [Int], offsets: (Int, Int))], dataBytes: Int) -> Data {
        var header: [String: Any] = [:]
        for entry in entries {
            header[entry.name] = ["dtype": "F32", "shape": entry.shape, "data_offsets": [entry.offsets.0, entry.offsets.1]]
        }
        let json = (try? JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])) ?? Data()
        return SafeTensorsBytes.rawHeader(json) + Data(repeating: 0, count: dataBytes)
    }

    static let folder: String = {
        let path = NSTemporaryDirectory() + "rnnscope-hostile-\(getpid())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let text5k = text(5_000)
        let esc = "\u{1B}", bel = "\u{7}"
        var files: [String: Data] = [
            // Memory.
            "lesson-100k-text.md": Data(lesson("text: \"\(text(100_000))\"").utf8),
            "lesson-input-trace-limit.md": Data(lesson("text: \"\(text5k)\"\nhidden: 512", directives: "view: step\ninput: \"\(String(text5k.prefix(4_500)))\"").utf8),
            "lesson-input-longer-than-text.md": Data(lesson("text: \"\(String(text5k.prefix(300)))\"", directives: "view: step\ninput: \"\(String(text5k.prefix(300)))a\"").utf8),
            "lesson-length-trace-limit.md": Data(lesson("text: \"\(text5k)\"\nhidden: 512", directives: "view: step\nlength: 4500").utf8),
            "text-40k.txt": Data(text(40_000).utf8),
            "text-100k.txt": Data(text(100_000).utf8),
            // 28,000 distinct characters, each twice.
            "vocab-28k.txt": Data({ () -> String in
                let scalars = (0..<28_000).compactMap { Unicode.Scalar(0x4E00 + $0) }
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars + scalars)
                return String(view)
            }().utf8),
            // Weight files whose offsets do not tile the data.
            "overlap.safetensors": rawTensors([("a", [4], (0, 16)), ("b", [4], (8, 24))], dataBytes: 24),
            "same-bytes.safetensors": rawTensors([("a", [4], (0, 16)), ("b", [4], (0, 16))], dataBytes: 16),
            "gap.safetensors": rawTensors([("a", [2], (0, 8)), ("b", [2], (16, 24))], dataBytes: 24),
            "trailing.safetensors": rawTensors([("a", [2], (0, 8))], dataBytes: 12),
            // Weight files for lessons to disagree with.
            "h8-rnn.safetensors": SafeTensorsBytes.model(cell: "rnn", hidden: 8),
            "h8-gru.safetensors": SafeTensorsBytes.model(cell: "gru", hidden: 8),
            "h8-relu.safetensors": SafeTensorsBytes.model(cell: "rnn", hidden: 8, metadata: ["cell": "rnn", "activation": "relu"]),
            "bad-vocab.safetensors": SafeTensorsBytes.model(metadata: ["cell": "rnn", "vocab": #"["a", "\ud800"]"#]),
            // Control characters from files.
            "controls.txt": Data("ab\(esc)c\(bel)d\u{9B}e\u{202E}f ab\(esc)c\(bel)d\u{9B}e\u{202E}f".utf8),
            "lesson-escape-value.md": Data(lesson("", directives: "view: \"\(esc)]0;pwned\(bel)\(esc)[2J\"").utf8),
        ]
        files["lesson-hidden-vs-file.md"] = Data(lesson("weights: h8-rnn.safetensors\nhidden: 32").utf8)
        files["lesson-cell-vs-file.md"] = Data(lesson("weights: h8-gru.safetensors\ncell: lstm").utf8)
        files["lesson-relu-vs-gru.md"] = Data(lesson("weights: h8-gru.safetensors\nactivation: relu").utf8)
        files["lesson-tanh-vs-relu-file.md"] = Data(lesson("weights: h8-relu.safetensors\nactivation: tanh").utf8)
        files["lesson-relu-file.md"] = Data(lesson("weights: h8-relu.safetensors").utf8)
        files["lesson-agreeing.md"] = Data(lesson("weights: h8-gru.safetensors\nhidden: 8\ncell: gru").utf8)
        for (name, data) in files { _ = FileManager.default.createFile(atPath: path + "/" + name, contents: data) }
        return path
    }()

    enum Expect {
        /// Exit 1, one line on stderr containing each string.
        case refused([String])
        /// Exit 0; stdout contains each string.
        case handled([String])
    }

    static let cases: [(name: String, arguments: [String], expect: Expect)] = {
        let f = folder
        return [
            // Memory bounded for every input path.
            ("lesson text: of 100 KB is windowed like --text-file",
             ["snapshot", "--lesson", "\(f)/lesson-100k-text.md", "--step", "1", "--size", "80x24"], .handled(["t=1/10"])),
            ("lesson input: beyond the trace limit at H=512",
             ["snapshot", "--lesson", "\(f)/lesson-input-trace-limit.md"],
             .refused(["lesson-input-trace-limit.md:", "'input': 4499 steps × 512 units is more than a trace records", "2097152"])),
            ("lesson input: longer than the text",
             ["snapshot", "--lesson", "\(f)/lesson-input-longer-than-text.md"],
             .refused(["lesson-input-longer-than-text.md:", "'input': 301 characters is longer than the text's 300"])),
            ("lesson length: beyond the trace limit at H=512",
             ["snapshot", "--lesson", "\(f)/lesson-length-trace-limit.md"],
             .refused(["lesson-length-trace-limit.md:", "'length':", "more than a trace records"])),
            ("] stops at the trace limit and says so",
             ["snapshot", "--text-file", "\(f)/text-40k.txt", "--hidden", "128", "--size", "200x40", "--keys", String(repeating: "]", count: 16)],
             .handled(["no longer window: at most 16384 steps at H=128 (trace limit 2097152 steps × units)"])),
            ("the visualizer over a 28,000-character vocabulary", ["snapshot", "--text-file", "\(f)/vocab-28k.txt", "--size", "120x40"],
             .handled(["t=1/10"])),
            ("a 28,000-character vocabulary, stride 1", ["train", "--text-file", "\(f)/vocab-28k.txt", "--stride", "1", "--epochs", "1"],
             .refused(["--window", "is too much to train full-batch (limit 8388608"])),
            ("a window beyond the trace limit", ["snapshot", "--text-file", "\(f)/text-100k.txt", "--window", "40000"],
             .refused(["--window", "40000 steps × 64 units is more than a trace records"])),
            ("full-batch training beyond the activation limit",
             ["train", "--text-file", "\(f)/text-100k.txt", "--stride", "1", "--hidden", "32", "--epochs", "1"],
             .refused(["--window", "too much to train full-batch (limit 8388608"])),
            ("an LSTM over a 100 KB text, stride 1", ["train", "--text-file", "\(f)/text-100k.txt", "--stride", "1", "--hidden", "8", "--cell", "lstm"],
             .refused(["too much to train full-batch"])),
            // Safetensors layout.
            ("overlapping data offsets", ["trace", "--weights", "\(f)/overlap.safetensors"],
             .refused(["overlap.safetensors", "tensor 'b': data_offsets [8, 24] overlap tensor 'a'"])),
            ("two tensors on the same bytes", ["trace", "--weights", "\(f)/same-bytes.safetensors"],
             .refused(["same-bytes.safetensors", "overlap tensor 'a'"])),
            ("a gap between tensors", ["trace", "--weights", "\(f)/gap.safetensors"],
             .refused(["gap.safetensors", "tensor 'b': data_offsets start at 16, leaving a gap after byte 8"])),
            ("trailing bytes after the data", ["trace", "--weights", "\(f)/trailing.safetensors"],
             .refused(["trailing.safetensors", "4 trailing bytes"])),
            ("a vocab with a lone surrogate", ["trace", "--weights", "\(f)/bad-vocab.safetensors"],
             .refused(["bad-vocab.safetensors", "metadata 'vocab' is not a JSON array of strings"])),
            // Lessons and weight files agree.
            ("lesson hidden 32 against an H=8 file", ["snapshot", "--lesson", "\(f)/lesson-hidden-vs-file.md"],
             .refused(["lesson-hidden-vs-file.md:6: 'hidden': 32 disagrees with h8-rnn.safetensors, which holds H=8"])),
            ("lesson cell lstm against a GRU file", ["snapshot", "--lesson", "\(f)/lesson-cell-vs-file.md"],
             .refused(["lesson-cell-vs-file.md:6: 'cell': lstm disagrees with h8-gru.safetensors, which holds a gru"])),
            ("lesson activation relu with a GRU file", ["snapshot", "--lesson", "\(f)/lesson-relu-vs-gru.md"],
             .refused(["lesson-relu-vs-gru.md:6: 'activation': 'relu' applies to the rnn cell only"])),
            ("lesson activation tanh against a relu file", ["snapshot", "--lesson", "\(f)/lesson-tanh-vs-relu-file.md"],
             .refused(["lesson-tanh-vs-relu-file.md:6: 'activation': tanh disagrees with h8-relu.safetensors, trained with relu"])),
            ("a relu file keeps relu in a silent lesson", ["snapshot", "--lesson", "\(f)/lesson-relu-file.md", "--size", "120x40"],
             .handled(["relu"])),
            ("a lesson that agrees with its file opens", ["snapshot", "--lesson", "\(f)/lesson-agreeing.md", "--size", "120x40"],
             .handled(["GRU"])),
            // --predict is linear.
            ("10,000 prompts (took 80 s when parsing was quadratic)", ["train", "--epochs", "0", "--predict"] + Array(repeating: "He", count: 10_000),
             .handled(["\"He\" → "])),
            ("--predict values end at the next option", ["train", "--predict", "He", "Re", "--epochs", "0"],
             .handled(["\"He\" → ", "\"Re\" → ", "trained 0 epochs"])),
            // Control characters are escaped.
            ("train prints predicted control characters escaped",
             ["train", "--text-file", "\(f)/controls.txt", "--epochs", "30", "--window", "2", "--predict", "ab", "b\u{1B}", "d\u{9B}", "e\u{202E}"],
             .handled(["\"b\\u{1B}\" → ", "\"d\\u{9B}\" → ", "\"e\\u{202E}\" → "])),
            ("trace headers escape C1 controls and U+202E", ["trace", "--text-file", "\(f)/controls.txt", "--window", "8"],
             .handled(["\\u{1B}", "\\u{9B}", "\\u{202E}"])),
            ("an error quoting a lesson value escapes it", ["snapshot", "--lesson", "\(f)/lesson-escape-value.md"],
             .refused(["lesson-escape-value.md:", "\\u{1B}]0;pwned\\u{7}"])),
            ("an error quoting a prompt escapes it", ["train", "--epochs", "0", "--predict", "x\u{1B}[2J"],
             .refused(["\"x\\u{1B}[2J\"", "is not in the vocabulary"])),
        ]
    }()

    @Test("Hostile input: right exit code and message, < 500 MB, < 10 s", arguments: cases.indices)
    func hostile(index: Int) throws {
        let (name, arguments, expect) = Self.cases[index]
        let result = try MeasuredRunner.run(arguments, timeout: 10)
        #expect(!result.crashed, "\(name): crashed: \(result.stderr.prefix(300))")
        #expect(result.peakMegabytes < 500, "\(name): peak RSS \(result.peakMegabytes) MB")
        #expect(result.seconds < 10, "\(name): took \(result.seconds) s")
        // Nothing from a file or a model reaches the terminal raw.
        let raw = (result.stdout + result.stderr).unicodeScalars.filter {
            ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) || $0 == "\u{202E}"
        }
        switch expect {
        case .refused(let mentions):
            #expect(result.status == 1, "\(name): exit \(result.status); stderr \(result.stderr.prefix(300))")
            #expect(result.stderrLines.count == 1 && result.stderr.hasPrefix("rnnscope: "), "\(name): \(result.stderr.prefix(300))")
            for mention in mentions {
                #expect(result.stderr.contains(mention), "\(name): \(result.stderr.prefix(400)) should mention \(mention)")
            }
            #expect(raw.isEmpty, "\(name): raw control characters \(raw.map { String($0.value, radix: 16) })")
        case .handled(let mentions):
            #expect(result.status == 0, "\(name): exit \(result.status); stderr \(result.stderr.prefix(300))")
            for mention in mentions {
                #expect(result.stdout.contains(mention), "\(name): stdout should mention \(mention)")
            }
            if !arguments.contains("snapshot") {
                #expect(raw.isEmpty, "\(name): raw control characters \(raw.map { String($0.value, radix: 16) })")
            }
        }
    }

    /// Runs the binary under `ulimit -v` (KB of address space): an allocation past it fails,
    /// so a run that succeeds never needed more.
    static func runLimited(kilobytes: Int, _ arguments: [String]) throws -> BinaryRunner.Result {
        try BinaryRunner.runExecutable(
            "/bin/sh", ["-c", "ulimit -v \(kilobytes) && exec \"$0\" \"$@\"", BinaryRunner.binary.path] + arguments)
    }

    @Test("The longest window ] allows runs within 600 MB of address space (ulimit -v)")
    func traceLimitUnderUlimit() throws {
        let result = try Self.runLimited(
            kilobytes: 600_000,
            ["snapshot", "--text-file", "\(Self.folder)/text-40k.txt", "--hidden", "128", "--size", "200x40", "--keys", String(repeating: "]", count: 16)])
        #expect(result.status == 0, "\(result.stderr.prefix(300))")
        #expect(result.stdout.contains("t=1/16384"), "\(result.stdout.suffix(400))")
        #expect(!result.stderr.contains("Fatal error"))
    }

    @Test("Lesson titles with control characters are listed escaped")
    func lessonTitles() throws {
        let folder = Self.folder + "/titles"
        try FileManager.default.createDirectory(atPath: folder + "/en", withIntermediateDirectories: true)
        // YAML escapes: the reader refuses raw control characters, but its escapes make them.
        let title = #"Evil\e]0;owned\a\e[2J\x9B\u202Etitle"#
        _ = FileManager.default.createFile(atPath: folder + "/en/01-evil.md", contents: Data(Self.lesson("", title: title).utf8))
        let result = try BinaryRunner.run(["lessons"], environment: ["RNNSCOPE_LESSONS": folder])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Evil\\u{1B}]0;owned\\u{7}\\u{1B}[2J\\u{9B}\\u{202E}title"), "\(result.stdout)")
        #expect(!result.stdout.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{7}" || $0 == "\u{9B}" || $0 == "\u{202E}" })
    }

    @Test("A model trained on hostile characters saves and loads back", arguments: [
        "\u{FEFF}BOM at the start\u{FEFF}", "e\u{301} combining, \r\n CR LF, 👩\u{200D}💻 ZWJ",
        "NUL\u{0} C0\u{1}\u{1F} DEL\u{7F} C1\u{80}\u{9F} RTL\u{202E} \"quotes\" \\back\\slash/ \u{2028}\u{2029}",
    ])
    func hostileVocabularyRoundTrip(text: String) throws {
        let folder = Self.folder + "/roundtrip-\(UUID().uuidString.prefix(6))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let textPath = folder + "/text.txt", weights = folder + "/model.safetensors"
        _ = FileManager.default.createFile(atPath: textPath, contents: Data((text + text).utf8))
        let saved = try MeasuredRunner.run(["train", "--text-file", textPath, "--window", "3", "--epochs", "2", "--save", weights], timeout: 10)
        #expect(saved.status == 0, "\(saved.stderr)")
        let opened = try MeasuredRunner.run(["trace", "--weights", weights, "--text-file", textPath, "--window", "3"], timeout: 10)
        #expect(opened.status == 0, "\(opened.stderr)")
        #expect(opened.peakMegabytes < 500)
    }
}
