import Foundation
import Testing

/// `--holdout N` on the command line: the validation loss beside the training loss.
@Suite("Hold-out on the command line")
struct HoldoutCommandTests {
    @Test("train --holdout prints the validation loss on every log line and at the end")
    func text() throws {
        let result = try BinaryRunner.run(["train", "--holdout", "10", "--epochs", "30", "--hidden", "16"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let logged = lines.filter { $0.hasPrefix("epoch") }
        #expect(logged.count == 3)
        #expect(logged.allSatisfy { $0.contains("  loss ") && $0.contains("  validation ") }, "\(logged)")
        #expect(lines.contains { $0.hasPrefix("trained 30 epochs on 82 windows (10 more held out for validation)") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("final loss ") && $0.contains("validation loss ") }, "\(lines)")
    }

    @Test("train --json has validation_losses and final_validation_loss with --holdout, and not without")
    func json() throws {
        let held = try BinaryRunner.run(["train", "--holdout", "5", "--epochs", "20", "--hidden", "16", "--json"])
        #expect(held.status == 0, "\(held.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(held.stdout.utf8)) as? [String: Any])
        let losses = try #require(object["losses"] as? [Double])
        let validation = try #require(object["validation_losses"] as? [Double])
        #expect(validation.count == losses.count && losses.count == 20)
        #expect(object["final_validation_loss"] as? Double == validation.last)
        #expect(object["holdout"] as? Int == 5)
        #expect(validation.last! > losses.last!, "the held-out windows are predicted worse than the trained ones")

        let plain = try BinaryRunner.run(["train", "--epochs", "20", "--hidden", "16", "--json"])
        #expect(plain.status == 0, "\(plain.stderr)")
        let keys = try #require(try JSONSerialization.jsonObject(with: Data(plain.stdout.utf8)) as? [String: Any]).keys
        #expect(Set(keys) == ["epochs", "losses", "final_loss", "seconds", "predictions"])
    }
}
