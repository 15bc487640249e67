import Foundation
import Testing

/// Bad input gets one line on stderr and exit code 1: never a trap, a stack trace or a
/// damaged file.
@Suite("Bad input")
struct BadInputTests {
    /// Files the cases refer to, made once in a temporary folder.
    static let folder: String = {
        let path = NSTemporaryDirectory() + "rnnscope-cli-\(getpid())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let files: [String: Data] = [
            "empty.txt": Data(),
            "latin1.txt": Data([0x48, 0x65, 0x6C, 0xE9, 0x20, 0xFF, 0x21]),
            "short.txt": Data("abc".utf8),
            "garbage.safetensors": Data("this is not a weight file at all".utf8),
            "truncated.safetensors": Data([0x40, 0, 0, 0, 0, 0, 0, 0]) + Data("{\"a\":".utf8),
            "huge-header.safetensors": Data([0, 0, 0, 0, 0, 0, 0, 0x10]) + Data("{}".utf8),
            "bad-yaml.md": Data("---\nid: 1\ntitle: [oops\nlang: en\n---\n## s\n".utf8),
            "bad-directive.md": Data("---\nid: 1\ntitle: t\nlang: en\n---\n## s\n```rnnscope\nzoom: 2\n```\n".utf8),
            "lstm.safetensors": SafeTensorsBytes.model(cell: "lstm"),
            "unknown-cell.safetensors": SafeTensorsBytes.model(metadata: ["cell": "transformer"]),
            "holdout-all.md": Data("---\nid: 1\ntitle: t\nlang: en\nholdout: 92\n---\n## s\nhi\n".utf8),
            "binary-lesson.md": Data([0x2D, 0x2D, 0x2D, 0x0A, 0xFF, 0xFE, 0x00, 0x0A]),
            "huge-window.md": Data(
                "---\nid: 1\ntitle: t\nlang: en\nhidden: 1024\nwindow: 40000\ntext: \"\(ResourceLimitTests.notesText(40_001))\"\n---\n## s\nhi\n".utf8),
        ]
        for (name, data) in files { _ = FileManager.default.createFile(atPath: path + "/" + name, contents: data) }
        // Files that are not regular: a read of a FIFO would block forever.
        _ = mkfifo(path + "/fifo.txt", 0o600)
        _ = mkfifo(path + "/fifo.md", 0o600)
        _ = mkfifo(path + "/fifo.safetensors", 0o600)
        _ = symlink(path + "/loop-b", path + "/loop-a")
        _ = symlink(path + "/loop-a", path + "/loop-b")
        return path
    }()

    static let cases: [(name: String, arguments: [String], mentions: String)] = [
        ("missing text file", ["train", "--text-file", "/nonexistent/t.txt"], "no such file"),
        ("empty text file", ["train", "--text-file", "\(folder)/empty.txt"], "empty"),
        ("non-UTF-8 text", ["train", "--text-file", "\(folder)/latin1.txt"], "UTF-8"),
        ("text shorter than window + 1", ["train", "--text-file", "\(folder)/short.txt"], "needs at least 11"),
        ("both text flags", ["train", "--text", "abc", "--text-file", "\(folder)/short.txt"], "not both"),
        ("empty --text", ["train", "--text", ""], "empty"),
        ("hidden 0", ["train", "--hidden", "0"], "--hidden"),
        ("hidden too large", ["train", "--hidden", "100000"], "--hidden"),
        ("window 0", ["train", "--window", "0"], "--window"),
        ("negative epochs", ["train", "--epochs=-1"], "--epochs"),
        ("lr nan", ["train", "--lr", "nan"], "--lr"),
        ("lr 0", ["train", "--lr", "0"], "--lr"),
        ("lr inf", ["train", "--lr", "inf"], "--lr"),
        ("clip negative", ["train", "--clip=-2"], "--clip"),
        ("clip value nan", ["train", "--clip-value", "nan"], "--clip-value"),
        ("garbage weights", ["trace", "--weights", "\(folder)/garbage.safetensors"], "garbage.safetensors"),
        ("truncated weights", ["trace", "--weights", "\(folder)/truncated.safetensors"], "truncated"),
        ("header claims 2^60 bytes", ["trace", "--weights", "\(folder)/huge-header.safetensors"], "header claims"),
        ("missing weights", ["train", "--init", "/nonexistent/w.safetensors"], "no such file"),
        ("input outside vocabulary", ["trace", "--input", "Hello?"], "not in the vocabulary"),
        ("target outside vocabulary", ["trace", "--target", "#"], "not in the vocabulary"),
        ("every-mode target too short", ["trace", "--loss", "every", "--target", "e"], "as long as the input"),
        ("input not in text, no target", ["trace", "--input", "Hlo"], "--target"),
        ("prompt outside vocabulary", ["train", "--epochs", "1", "--predict", "zzz?"], "not in the vocabulary"),
        ("unwritable save path", ["train", "--epochs", "1", "--save", "/nonexistent/dir/w.safetensors"], "cannot save"),
        ("save path is a directory", ["train", "--epochs", "1", "--save", "/tmp"], "directory"),
        ("visualizer without a terminal", [], "needs a terminal"),
        ("visualizer with a bad window", ["--window", "200"], "needs at least 201"),
        ("snapshot size not WxH", ["snapshot", "--size", "big"], "--size"),
        ("snapshot size zero", ["snapshot", "--size", "0x0"], "--size"),
        ("snapshot size huge", ["snapshot", "--size", "100000x100000"], "--size"),
        ("snapshot unknown key name", ["snapshot", "--keys", "<nope>"], "unknown key <nope>"),
        ("snapshot with bad weights", ["snapshot", "--weights", "\(folder)/garbage.safetensors"], "garbage.safetensors"),
        ("bench repeats 0", ["bench", "--repeats", "0"], "--repeats"),
        ("lesson with bad YAML", ["snapshot", "--lesson", "\(folder)/bad-yaml.md"], "bad-yaml.md:4: bad YAML"),
        ("lesson with an unknown directive", ["lesson", "\(folder)/bad-directive.md"], "bad-directive.md:8: 'zoom': unknown directive"),
        ("lesson that does not exist", ["lesson", "/nonexistent/lesson.md"], "no such file"),
        ("lesson number that does not exist", ["lesson", "99"], "no lesson 99"),
        ("lesson step out of range", ["snapshot", "--lesson", "1", "--step", "99"], "--step"),
        ("lr so large the loss diverges", ["train", "--lr", "1e30", "--epochs", "50", "--optimizer", "sgd"], "epoch"),
        ("gru with relu", ["train", "--cell", "gru", "--activation", "relu"], "--activation: 'relu' applies to the rnn cell only"),
        ("lstm with hidden 0", ["train", "--cell", "lstm", "--hidden", "0"], "--hidden"),
        ("lstm weights asked to be a gru", ["trace", "--cell", "gru", "--weights", "\(folder)/lstm.safetensors"], "holds a lstm"),
        ("lstm weights as a gru to train from", ["train", "--cell", "gru", "--init", "\(folder)/lstm.safetensors"], "holds a lstm"),
        ("lstm weights as a gru in the visualizer", ["snapshot", "--cell", "gru", "--weights", "\(folder)/lstm.safetensors"], "holds a lstm"),
        ("lstm weights with an activation", ["trace", "--weights", "\(folder)/lstm.safetensors", "--activation", "relu"], "--activation"),
        ("lstm weights with another hidden size", ["train", "--init", "\(folder)/lstm.safetensors", "--hidden", "32"], "--hidden"),
        ("weights of an unknown cell", ["trace", "--weights", "\(folder)/unknown-cell.safetensors"], "metadata 'cell' is 'transformer'"),
        ("empty text file name", ["train", "--text-file", ""], "the file name is empty"),
        ("text file is a FIFO", ["train", "--text-file", "\(folder)/fifo.txt"], "fifo.txt: is a named pipe (FIFO)"),
        ("weights are a FIFO", ["trace", "--weights", "\(folder)/fifo.safetensors"], "is a named pipe (FIFO)"),
        ("lesson is a FIFO", ["lesson", "\(folder)/fifo.md"], "fifo.md: is a named pipe (FIFO)"),
        ("snapshot of a FIFO lesson", ["snapshot", "--lesson", "\(folder)/fifo.md"], "is a named pipe (FIFO)"),
        ("text file is a symlink loop", ["train", "--text-file", "\(folder)/loop-a"], "loop-a: is a loop of symbolic links"),
        ("text file is a device", ["train", "--text-file", "/dev/zero"], "/dev/zero: is a device"),
        ("empty save path", ["train", "--epochs", "1", "--save", ""], "the file name is empty"),
        ("text file is a directory", ["train", "--text-file", folder], "is a directory"),
        ("lesson file not UTF-8", ["lesson", "\(folder)/binary-lesson.md"], "UTF-8"),
        ("trace input beyond what a trace records", ["trace", "--input", String(repeating: "l", count: 40_000), "--target", "l"],
         "more than a trace records"),
        ("trace input too long for H=1024", ["trace", "--hidden", "1024", "--input", String(repeating: "l", count: 3_000)],
         "at most 2048 characters"),
        ("lr 1e6: the loss diverges while finite", ["train", "--lr", "1e6"], "the loss diverged"),
        ("negative holdout", ["train", "--holdout=-1"], "--holdout: -1 is negative"),
        ("holdout of every window", ["train", "--holdout", "92"], "--holdout: 92 leaves no window to train on: the text has 92 windows, so at most 91"),
        ("holdout not a whole number", ["train", "--holdout", "1.5"], "--holdout: '1.5' is not a whole number"),
        ("holdout not a number", ["train", "--holdout", "ten"], "--holdout: 'ten' is not a whole number"),
        ("holdout too large in the visualizer", ["snapshot", "--holdout", "500"], "--holdout: 500 leaves no window"),
        ("lesson holdout of every window", ["snapshot", "--lesson", "\(folder)/holdout-all.md"], "holdout-all.md:5: 92 leaves no window to train on"),
        ("lesson whose window × hidden is too large", ["snapshot", "--lesson", "\(folder)/huge-window.md"],
         "huge-window.md:6: 1 window × 40000 steps × 1024 units is too much to train full-batch"),
    ]

    @Test("Bad input is one line on stderr and exit 1", arguments: cases.indices)
    func badInput(index: Int) throws {
        let (name, arguments, mentions) = Self.cases[index]
        let result = try BinaryRunner.run(arguments)
        #expect(result.status == 1, "\(name): exit \(result.status)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(name): stderr was \(result.stderr.debugDescription)")
        #expect(result.stderr.hasPrefix("rnnscope: "), "\(name): \(result.stderr)")
        #expect(result.stderr.contains(mentions), "\(name): \(result.stderr) should mention \(mentions)")
        #expect(!result.stderr.contains("Fatal error"))
    }

    @Test("Malformed flags get the argument parser's usage error, never a trap")
    func parserErrors() throws {
        for arguments in [["train", "--hidden", "abc"], ["train", "--seed", "-1"], ["trace", "--bogus"], ["train", "--activation", "sigmoid"],
                          ["train", "--cell", "transformer"], ["trace", "--loss", "sometimes"]] {
            let result = try BinaryRunner.run(arguments)
            #expect(result.status == 64, "\(arguments): exit \(result.status)")
            #expect(result.stderr.hasPrefix("Error: "), "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains("Fatal error"))
        }
    }

    @Test("A failed save never damages an existing file")
    func saveKeepsExistingFile() throws {
        let path = Self.folder + "/keep.txt"
        _ = FileManager.default.createFile(atPath: path, contents: Data("precious".utf8))
        // Training diverges, so nothing is saved and the file stays as it was.
        let result = try BinaryRunner.run(["train", "--lr", "1e30", "--optimizer", "sgd", "--epochs", "50", "--save", path])
        #expect(result.status == 1)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "precious")
    }
}
