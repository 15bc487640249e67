import Foundation
import Testing

/// Inputs sized to exhaust memory or time, and non-finite numbers: each is handled or refused
/// with one line, never a trap, and the program's own peak memory (`wait4`'s ru_maxrss) stays
/// bounded.
@Suite("Bounded resources and non-finite numbers", .serialized)
struct ResourceLimitTests {
    static let notes = "Hello, RNN! Recurrent Neural Networks are powerful for sequence tasks. Let's build a simple RNN model."

    /// The notes' text repeated to `count` characters (its vocabulary, so every prompt fits).
    static func notesText(_ count: Int) -> String {
        String(String(repeating: notes, count: count / notes.count + 1).prefix(count))
    }

    static let folder: String = {
        let path = NSTemporaryDirectory() + "rnnscope-resources-\(getpid())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let hugeShape = Data(#"{"embedding.weight":{"dtype":"F32","shape":[100000,100000],"data_offsets":[0,40000000000]}}"#.utf8)
        let files: [String: Data] = [
            "long.txt": Data(notesText(100_001).utf8),
            "thousand.txt": Data(notesText(1_005).utf8),
            "huge-header.safetensors": SafeTensorsBytes.rawHeader(Data("{}".utf8), claimedLength: 1 << 60),
            "huge-shape.safetensors": SafeTensorsBytes.rawHeader(hugeShape),
            "nan.safetensors": SafeTensorsBytes.model(poison: ["rnn.weight_hh_l0": (5, .nan)]),
            "inf.safetensors": SafeTensorsBytes.model(poison: ["rnn.weight_hh_l0": (5, .infinity)]),
            "nan-embedding.safetensors": SafeTensorsBytes.model(poison: ["embedding.weight": (0, .nan)]),
        ]
        for (name, data) in files { _ = FileManager.default.createFile(atPath: path + "/" + name, contents: data) }
        return path
    }()

    /// Exit 1 with one line on stderr that says what, no trap, and little memory.
    func expectRefused(_ result: MeasuredRunner.Result, mentions: String, maxMegabytes: Double = 100,
                       sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 1, "exit \(result.status); stderr \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderrLines.count == 1 && result.stderr.hasPrefix("rnnscope: "), "\(result.stderr.prefix(500))",
                sourceLocation: sourceLocation)
        #expect(result.stderr.contains(mentions), "\(result.stderr.prefix(500)) should mention \(mentions)",
                sourceLocation: sourceLocation)
        #expect(!result.crashed, sourceLocation: sourceLocation)
        #expect(result.peakMegabytes < maxMegabytes, "peak RSS \(result.peakMegabytes) MB", sourceLocation: sourceLocation)
    }

    /// Exit 0, no trap, within `maxMegabytes`.
    func expectHandled(_ result: MeasuredRunner.Result, maxMegabytes: Double = 300,
                       sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 0, "exit \(result.status); stderr \(result.stderr.prefix(500))", sourceLocation: sourceLocation)
        #expect(!result.crashed, sourceLocation: sourceLocation)
        #expect(result.peakMegabytes < maxMegabytes, "peak RSS \(result.peakMegabytes) MB", sourceLocation: sourceLocation)
    }

    // MARK: Sizes

    @Test("A 10 MB text is refused before it is read (the limit is 4 MB)")
    func tenMegabyteText() throws {
        let path = Self.folder + "/ten-megabytes.txt"
        _ = FileManager.default.createFile(atPath: path, contents: Data(Self.notesText(10 << 20).utf8))
        defer { unlink(path) }
        let result = try MeasuredRunner.run(["train", "--text-file", path])
        expectRefused(result, mentions: "larger than the 4 MB limit")
    }

    @Test("--window 100000 on the notes' 102 characters is refused")
    func hugeWindowOnNotes() throws {
        let result = try MeasuredRunner.run(["train", "--window", "100000"])
        expectRefused(result, mentions: "needs at least 100001")
    }

    @Test("--window 100000 on a text long enough trains one 100,000-step window")
    func hugeWindowTrains() throws {
        let result = try MeasuredRunner.run(["train", "--text-file", Self.folder + "/long.txt", "--window", "100000", "--epochs", "1"])
        expectHandled(result)
        #expect(result.stdout.contains("trained 1 epochs on 1 windows"), "\(result.stdout)")
    }

    @Test("The visualizer refuses a 100,000-step window at H=64 (the trace limit) and shows the longest it allows under 500 MB")
    func hugeWindowExplorer() throws {
        let refused = try MeasuredRunner.run(
            ["snapshot", "--text-file", Self.folder + "/long.txt", "--window", "100000", "--size", "80x24"])
        expectRefused(refused, mentions: "--window: 100000 steps × 64 units is more than a trace records (limit 2097152")
        let result = try MeasuredRunner.run(
            ["snapshot", "--text-file", Self.folder + "/long.txt", "--window", "32768", "--size", "80x24"])
        // One recorded pass of 32,768 steps plus its analysis: bounded, if not small.
        expectHandled(result, maxMegabytes: 500)
        #expect(result.stdout.contains("t=1/32768"), "\(result.stdout)")
    }

    @Test("The T×T connectivity map of a 1,000-step window is not computed (it would need T²·H numbers)")
    func connectivityOfLongWindow() throws {
        let result = try MeasuredRunner.run(
            ["snapshot", "--loss", "every", "--text-file", Self.folder + "/thousand.txt", "--window", "1000",
             "--keys", "<tab><tab><tab><tab>"])
        expectHandled(result, maxMegabytes: 150)
        #expect(result.stdout.contains("gradients"), "\(result.stdout)")
    }

    @Test("A weight file whose header claims 2^60 bytes is refused before any allocation")
    func headerClaims2To60() throws {
        let result = try MeasuredRunner.run(["trace", "--weights", Self.folder + "/huge-header.safetensors"])
        expectRefused(result, mentions: "header claims 1152921504606846976 bytes")
    }

    @Test("A 100,000×100,000 tensor shape is refused before any allocation")
    func hugeShape() throws {
        let result = try MeasuredRunner.run(["trace", "--weights", Self.folder + "/huge-shape.safetensors"])
        expectRefused(result, mentions: "shape [100000, 100000] is too large")
    }

    @Test("trace --input of 100,000 characters is refused: more steps than a trace records")
    func traceHundredThousand() throws {
        let result = try MeasuredRunner.run(["trace", "--input", Self.notesText(100_000), "--target", "e"])
        expectRefused(result, mentions: "--input: 100000 steps × 64 units")
    }

    @Test("trace at its limit (32,768 characters at H=64) prints the table")
    func traceAtLimit() throws {
        let result = try MeasuredRunner.run(["trace", "--input", Self.notesText(32_768), "--target", "e"])
        expectHandled(result, maxMegabytes: 200)
        #expect(result.stdout.contains("32768"))
    }

    @Test("trace --json is written step by step: 4,000 steps stay small")
    func traceJSONStreams() throws {
        let result = try MeasuredRunner.run(["trace", "--input", Self.notesText(4_000), "--target", "e", "--json"])
        expectHandled(result, maxMegabytes: 120)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((object["steps"] as? [Any])?.count == 4_000)
    }

    @Test("A text of 20,000 distinct characters is refused or trained with bounded memory")
    func manyDistinctCharacters() throws {
        let characters = (0..<20_000).map { Character(Unicode.Scalar(0x4E00 + $0)!) }
        let path = Self.folder + "/distinct.txt"
        _ = FileManager.default.createFile(atPath: path, contents: Data(String(characters).utf8))
        defer { unlink(path) }
        let result = try MeasuredRunner.run(["train", "--text-file", path, "--epochs", "1", "--predict", "一"])
        #expect(!result.crashed)
        #expect(result.peakMegabytes < 300, "peak RSS \(result.peakMegabytes) MB")
    }

    // MARK: Non-finite numbers

    @Test("trace of weights holding NaN prints NaN, in the table and in JSON")
    func traceNaNWeights() throws {
        let table = try MeasuredRunner.run(["trace", "--weights", Self.folder + "/nan.safetensors"])
        expectHandled(table, maxMegabytes: 100)
        #expect(table.stdout.contains("loss nan"), "\(table.stdout)")
        let json = try MeasuredRunner.run(["trace", "--weights", Self.folder + "/nan-embedding.safetensors", "--json"])
        expectHandled(json, maxMegabytes: 100)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["loss"] as? String == "NaN")
    }

    @Test("The visualizer marks NaN weights on screen")
    func snapshotNaNWeights() throws {
        let result = try MeasuredRunner.run(["snapshot", "--weights", Self.folder + "/nan.safetensors", "--size", "200x60"])
        expectHandled(result, maxMegabytes: 100)
        #expect(result.stdout.contains("× marks NaN"), "\(result.stdout)")
    }

    @Test("train from NaN or Inf weights stops at once, naming the epoch",
          arguments: ["nan.safetensors", "inf.safetensors", "nan-embedding.safetensors"])
    func trainNonFiniteWeights(file: String) throws {
        let result = try MeasuredRunner.run(["train", "--init", Self.folder + "/" + file, "--epochs", "20"])
        expectRefused(result, mentions: "training stopped at epoch")
    }

    @Test("train --lr 1e6 stops when the loss diverges, naming the epoch (exit 1)")
    func hugeLearningRate() throws {
        let result = try MeasuredRunner.run(["train", "--lr", "1e6"])
        expectRefused(result, mentions: "training stopped at epoch")
        #expect(result.stderr.contains("diverged"), "\(result.stderr)")
    }

    // MARK: Standard streams

    @Test("Output that cannot be written (stdout closed or the disk full) is one line and exit 1",
          arguments: [["trace", "--json"], ["trace"], ["train", "--epochs", "1", "--json"], ["lessons"]])
    func unwritableOutput(arguments: [String]) throws {
        for output in [MeasuredRunner.Output.closed, .full] {
            let result = try MeasuredRunner.run(arguments, stdout: output)
            expectRefused(result, mentions: "cannot write the output")
        }
    }

    @Test("A closed stderr does not turn an error into a crash")
    func closedStderr() throws {
        let result = try MeasuredRunner.run(["train", "--hidden", "0"], stderrClosed: true)
        #expect(result.status == 1 && !result.crashed, "exit \(result.status)")
    }

    @Test("The visualizer with stdin closed is refused with one line", arguments: [[], ["explore"], ["lesson", "1"]])
    func closedStdin(arguments: [String]) throws {
        let result = try MeasuredRunner.run(arguments, stdin: .closed)
        expectRefused(result, mentions: "need")
    }
}
