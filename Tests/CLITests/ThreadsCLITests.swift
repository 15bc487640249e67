import Foundation
import Testing

/// Issue 17: `train --threads 1|2` (a batch split in two by size, on one thread or both).
@Suite("train --threads")
struct ThreadsCLITests {
    func losses(_ arguments: [String]) throws -> [Double] {
        let result = try BinaryRunner.run(["train", "--epochs", "20", "--cell", "lstm", "--json"] + arguments)
        try #require(result.status == 0, "exit \(result.status): \(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        return try #require(object["losses"] as? [Double])
    }

    @Test("--threads 1 and --threads 2 print the same losses, to the last digit of the JSON")
    func sameLosses() throws {
        let one = try losses(["--threads", "1"])
        let two = try losses(["--threads", "2"])
        #expect(one.count == 20)
        #expect(one == two)
        #expect(try losses([]) == two, "the default is one of the two")
    }

    @Test("A thread count other than 1 or 2 is a one-line error naming --threads")
    func outOfRange() throws {
        for bad in ["0", "3"] {
            let result = try BinaryRunner.run(["train", "--threads", bad, "--epochs", "1"])
            #expect(result.status == 1)
            #expect(result.stderr == "rnnscope: --threads: \(bad) is out of range 1...2\n")
        }
    }
}
