import Foundation
import Testing

/// `train --save` stores Adam's state and `train --init` resumes it, through the real binary.
@Suite("train resumes Adam exactly")
struct ResumeCommandTests {
    func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "rnnscope-resume-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test("--epochs 20 --save A equals --epochs 10 --save B; --init B --epochs 10 --save C, byte for byte", arguments: [
        ["--cell", "rnn"], ["--cell", "lstm", "--clip", "0.5"],
    ])
    func bitIdentical(flags: [String]) throws {
        let directory = try temporaryDirectory()
        let (a, b, c) = (directory + "/a.safetensors", directory + "/b.safetensors", directory + "/c.safetensors")
        let common = ["train", "--hidden", "8"]
        let clip = flags.contains("--clip") ? ["--clip", "0.5"] : []
        let straight = try BinaryRunner.run(common + flags + ["--epochs", "20", "--save", a])
        #expect(straight.status == 0, "\(straight.stderr)")
        let half = try BinaryRunner.run(common + flags + ["--epochs", "10", "--save", b])
        #expect(half.status == 0, "\(half.stderr)")
        let resumed = try BinaryRunner.run(["train", "--init", b, "--epochs", "10", "--save", c] + clip)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.isEmpty, "resuming said: \(resumed.stderr)")
        let whole = try Data(contentsOf: URL(fileURLWithPath: a))
        #expect(try Data(contentsOf: URL(fileURLWithPath: c)) == whole)
        #expect(try Data(contentsOf: URL(fileURLWithPath: b)) != whole)
    }

    @Test("A PyTorch file has no optimizer state: one line on stderr, Adam starts fresh, training goes on")
    func freshStart() throws {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../RNNCoreTests/Fixtures/adam3_rnn.safetensors").standardized.path
        let run = try BinaryRunner.run(["train", "--init", fixture, "--epochs", "2"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr == "rnnscope: no optimizer state in \(fixture): Adam starts fresh\n")
        #expect(run.stdout.contains("trained 2 epochs"))
    }

    @Test("State of another optimizer: says what, and Adam starts fresh")
    func otherOptimizer() throws {
        let directory = try temporaryDirectory()
        let path = directory + "/sgd.safetensors"
        let sgd = try BinaryRunner.run(["train", "--hidden", "8", "--epochs", "2", "--optimizer", "sgd", "--save", path])
        #expect(sgd.status == 0, "\(sgd.stderr)")
        let run = try BinaryRunner.run(["train", "--init", path, "--epochs", "2"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr == "rnnscope: ignoring the optimizer state in \(path): it is sgd's and training uses adam; Adam starts fresh\n")
    }
}
