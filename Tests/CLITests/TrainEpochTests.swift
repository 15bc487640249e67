import Foundation
import Testing

/// `train --save` records the epoch reached in the weight file's `epoch` metadata, and
/// `train --init` continues the numbering from it.
@Suite("train records and continues the epoch")
struct TrainEpochTests {
    func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "rnnscope-epoch-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The safetensors header of `path`: an 8-byte little-endian length, then a JSON object.
    func header(_ path: String) throws -> (object: [String: Any], body: Data) {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        try #require(data.count >= 8)
        let length = data.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        try #require(data.count >= 8 + length)
        let object = try #require(
            try JSONSerialization.jsonObject(with: data.subdata(in: 8..<(8 + length))) as? [String: Any])
        return (object, data.subdata(in: (8 + length)..<data.count))
    }

    func metadata(_ path: String) throws -> [String: String] {
        try #require(try header(path).object["__metadata__"] as? [String: String])
    }

    /// Rewrites `path` with its `epoch` metadata set to `value` (nil: removed).
    func setEpoch(_ value: String?, in path: String) throws {
        var (object, body) = try header(path)
        var metadata = try #require(object["__metadata__"] as? [String: String])
        metadata["epoch"] = value
        object["__metadata__"] = metadata
        let json = try JSONSerialization.data(withJSONObject: object)
        var data = Data()
        for shift in stride(from: 0, to: 64, by: 8) { data.append(UInt8(truncatingIfNeeded: UInt64(json.count) >> UInt64(shift))) }
        data.append(json)
        data.append(body)
        try data.write(to: URL(fileURLWithPath: path))
    }

    @Test("train --epochs N --save F writes epoch N; --init F --epochs M --save G writes N+M and prints N+1…N+M")
    func recordAndContinue() throws {
        let directory = try temporaryDirectory()
        let first = directory + "/first.safetensors", second = directory + "/second.safetensors"
        let run1 = try BinaryRunner.run(["train", "--epochs", "20", "--hidden", "8", "--save", first])
        #expect(run1.status == 0, "\(run1.stderr)")
        #expect(try metadata(first)["epoch"] == "20")
        #expect(run1.stdout.split(separator: "\n").filter { $0.hasPrefix("epoch") }.map { String($0.prefix(10)) }
                == ["epoch   10", "epoch   20"])

        let run2 = try BinaryRunner.run(["train", "--init", first, "--epochs", "15", "--save", second])
        #expect(run2.status == 0, "\(run2.stderr)")
        #expect(try metadata(second)["epoch"] == "35")
        // Epochs 21…35: the every-10 line is printed at 30 only.
        #expect(run2.stdout.split(separator: "\n").filter { $0.hasPrefix("epoch") }.map { String($0.prefix(10)) }
                == ["epoch   30"])
        #expect(run2.stdout.contains("trained 15 epochs"))

        // --json still reports this run's epochs; the file has the total.
        let run3 = try BinaryRunner.run(["train", "--init", second, "--epochs", "5", "--save", second, "--json"])
        #expect(run3.status == 0, "\(run3.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run3.stdout.utf8)) as? [String: Any])
        #expect(report["epochs"] as? Int == 5)
        #expect((report["losses"] as? [Double])?.count == 5)
        #expect(try metadata(second)["epoch"] == "40")

        // No training: the file keeps its count.
        let run4 = try BinaryRunner.run(["train", "--init", second, "--epochs", "0", "--save", second])
        #expect(run4.status == 0, "\(run4.stderr)")
        #expect(try metadata(second)["epoch"] == "40")
    }

    @Test("A file without epoch metadata (PyTorch's) starts at 0")
    func withoutEpoch() throws {
        let directory = try temporaryDirectory()
        let path = directory + "/w.safetensors", out = directory + "/out.safetensors"
        let run1 = try BinaryRunner.run(["train", "--epochs", "3", "--hidden", "8", "--save", path])
        #expect(run1.status == 0, "\(run1.stderr)")
        try setEpoch(nil, in: path)
        #expect(try metadata(path)["epoch"] == nil)
        let run2 = try BinaryRunner.run(["train", "--init", path, "--epochs", "10", "--save", out])
        #expect(run2.status == 0, "\(run2.stderr)")
        #expect(try metadata(out)["epoch"] == "10")
    }

    @Test("A malformed epoch is a one-line error naming the file, for train and trace",
          arguments: ["-3", "abc", "1.5", "100000001", "7\nsecond line"])
    func malformed(value: String) throws {
        let directory = try temporaryDirectory()
        let path = directory + "/w.safetensors"
        let run = try BinaryRunner.run(["train", "--epochs", "1", "--hidden", "8", "--save", path])
        #expect(run.status == 0, "\(run.stderr)")
        try setEpoch(value, in: path)
        for arguments in [["train", "--init", path, "--epochs", "1"], ["trace", "--weights", path]] {
            let result = try BinaryRunner.run(arguments)
            #expect(result.status == 1)
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.hasPrefix("rnnscope: \(path): metadata 'epoch' is "), "\(result.stderr)")
            #expect(result.stderr.filter { $0 == "\n" }.count == 1, "\(result.stderr)")
        }
    }

    @Test("A total past what a weight file records is refused before training")
    func totalTooLarge() throws {
        let directory = try temporaryDirectory()
        let path = directory + "/w.safetensors", out = directory + "/out.safetensors"
        let run = try BinaryRunner.run(["train", "--epochs", "1", "--hidden", "8", "--save", path])
        #expect(run.status == 0, "\(run.stderr)")
        try setEpoch("100000000", in: path)
        let refused = try BinaryRunner.run(["train", "--init", path, "--epochs", "1", "--save", out])
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("rnnscope: --epochs: "), "\(refused.stderr)")
        #expect(refused.stderr.filter { $0 == "\n" }.count == 1)
        #expect(!FileManager.default.fileExists(atPath: out))
        // Without --save nothing is recorded, so nothing is refused.
        let unsaved = try BinaryRunner.run(["train", "--init", path, "--epochs", "1"])
        #expect(unsaved.status == 0, "\(unsaved.stderr)")
    }
}
