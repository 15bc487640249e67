import Foundation
import Testing

/// Issue 15 §1 from the command line: `train --batch-size / --steps / --shuffle / --sample-every`.
@Suite("train in mini-batches")
struct MiniBatchCLITests {
    func json(_ result: BinaryRunner.Result) throws -> [String: Any] {
        try #require(result.status == 0, "exit \(result.status): \(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    @Test("--steps N takes N optimizer steps of B windows; the JSON has a loss per step and the batch size")
    func stepsAndBatches() throws {
        let object = try json(BinaryRunner.run(["train", "--batch-size", "8", "--steps", "30", "--hidden", "8", "--json"]))
        #expect((object["losses"] as? [Double])?.count == 30)
        #expect(object["steps"] as? Int == 30)
        #expect(object["batch_size"] as? Int == 8)
        #expect(object["samples"] == nil)
    }

    @Test("--steps and --epochs together is a one-line error naming --steps")
    func stepsOrEpochs() throws {
        let result = try BinaryRunner.run(["train", "--steps", "5", "--epochs", "5"])
        #expect(result.status == 1)
        #expect(result.stderr == "rnnscope: --steps: give --steps or --epochs, not both\n")
    }

    @Test("--shuffle without --batch-size and a batch size of 0 are one-line errors")
    func badBatchFlags() throws {
        let shuffle = try BinaryRunner.run(["train", "--shuffle", "--epochs", "1"])
        #expect(shuffle.status == 1 && shuffle.stderr.contains("--shuffle: needs --batch-size"))
        #expect(shuffle.stderr.split(separator: "\n").count == 1)
        let zero = try BinaryRunner.run(["train", "--batch-size", "0", "--epochs", "1"])
        #expect(zero.status == 1 && zero.stderr.contains("--batch-size: 0 is out of range"))
    }

    @Test("Full-batch limits apply to one batch: the long corpus at window 100, H=256 is refused full-batch and trains with --batch-size 64; too large a batch names --batch-size")
    func limitPerBatch() throws {
        let full = try BinaryRunner.run(["train", "--corpus", "long", "--window", "100", "--hidden", "256", "--epochs", "1"])
        #expect(full.status == 1 && full.stderr.contains("too much to train full-batch"))
        let batched = try json(BinaryRunner.run([
            "train", "--corpus", "long", "--window", "100", "--hidden", "256", "--batch-size", "64", "--steps", "2", "--json",
        ]))
        #expect((batched["losses"] as? [Double])?.count == 2)
        let tooLarge = try BinaryRunner.run([
            "train", "--corpus", "long", "--window", "100", "--hidden", "256", "--batch-size", "400", "--steps", "1",
        ])
        #expect(tooLarge.status == 1)
        #expect(tooLarge.stderr.hasPrefix("rnnscope: --batch-size: 400 windows per batch × 100 steps × 256 units is too much for one batch"))
    }

    @Test("--sample-every K prints a generated sample every K steps; with --json they are in samples, the same seeded text")
    func samples() throws {
        let arguments = ["train", "--batch-size", "16", "--steps", "20", "--hidden", "8", "--sample-every", "10", "--sample-length", "20"]
        let text = try BinaryRunner.run(arguments)
        #expect(text.status == 0)
        let lines = text.stdout.split(separator: "\n").filter { $0.hasPrefix("sample at step ") }
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("sample at step 10: ") == true)
        let object = try json(BinaryRunner.run(arguments + ["--json"]))
        let samples = try #require(object["samples"] as? [[String: Any]])
        #expect(samples.map { $0["step"] as? Int } == [10, 20])
        let first = try #require(samples.first?["text"] as? String)
        #expect(first.unicodeScalars.count == 20)
        #expect(lines.first == "sample at step 10: \(first)" || first.contains("\n"), "the printed sample is the JSON's")
    }

    /// Runs `arguments` with stdout and stderr on a pseudo-terminal (`script`), as a user's shell would.
    func onTerminal(_ arguments: [String]) throws -> String {
        let command = ([BinaryRunner.binary.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
        let result = try BinaryRunner.runExecutable("/usr/bin/script", ["-qec", command, "/dev/null"])
        return result.stdout
    }

    @Test("On a terminal the progress bar shows steps/s, the averaged loss and ETA; with --json only the JSON comes out")
    func progressBar() throws {
        let arguments = ["train", "--batch-size", "8", "--steps", "40", "--hidden", "8"]
        let plain = try onTerminal(arguments)
        #expect(plain.contains("steps/s") && plain.contains("ETA") && plain.contains("mean of last"))
        let json = try onTerminal(arguments + ["--json"])
        #expect(!json.contains("█") && !json.contains("ETA"))
        let body = json.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(body.hasPrefix("{") && body.hasSuffix("}"))
        #expect((try? JSONSerialization.jsonObject(with: Data(body.utf8))) != nil)
    }

    @Test("A text file over 4 MB is refused full-batch, naming --batch-size")
    func largeTextNeedsBatch() throws {
        let path = NSTemporaryDirectory() + "rnnscope-large-\(UUID().uuidString).txt"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(repeating: UInt8(ascii: "a"), count: (4 << 20) + 10).write(to: URL(fileURLWithPath: path))
        let result = try BinaryRunner.run(["train", "--text-file", path, "--epochs", "1"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("larger than the 4 MB limit for full-batch training; give a batch size (--batch-size)"))
    }
}

/// Memory grows with B × window × H, never with the text: a 10 MB text trains in mini-batches
/// well under 300 MB (issue 15).
@Suite("Mini-batch memory", .serialized)
struct MiniBatchMemoryTests {
    @Test("A 10 MB text, window 100, H=256, batch 64: two steps peak under 300 MB")
    func tenMegabytes() throws {
        let path = NSTemporaryDirectory() + "rnnscope-10mb-\(UUID().uuidString).txt"
        defer { try? FileManager.default.removeItem(atPath: path) }
        // Deterministic words, 10 MB.
        let words = ["the ", "keeper ", "lamp ", "rock ", "night ", "wrote ", "weather ", "log.\n", "sea ", "ships "]
        var text = ""
        var state: UInt64 = 1
        while text.utf8.count < 10 << 20 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            text += words[Int(state >> 60) % words.count]
        }
        try Data(text.utf8.prefix(10 << 20)).write(to: URL(fileURLWithPath: path))
        let result = try MeasuredRunner.run([
            "train", "--text-file", path, "--window", "100", "--hidden", "256", "--batch-size", "64", "--steps", "2", "--json",
        ], timeout: 120)
        #expect(result.status == 0, "exit \(result.status); stderr \(result.stderr.prefix(500))")
        #expect(result.peakMegabytes < 300, "peak RSS \(result.peakMegabytes) MB")
        #expect(result.peakMegabytes > 40, "the 10 MB text is held once, as 40 MB of tokens")
    }
}
