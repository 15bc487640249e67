import Foundation
import Testing
@testable import rnnscope

/// `rnnscope bench`'s comparison with PyTorch: it reads the script's JSON, and says "PyTorch
/// not importable" (never crashes) when python3, torch or the script is missing.
@Suite("Bench against PyTorch")
struct TorchComparisonTests {
    /// A stand-in for `python3 scripts/bench_vs_torch.py`: /bin/sh running a script that prints `output`.
    private func fakeScript(_ output: String) throws -> String {
        let path = NSTemporaryDirectory() + "rnnscope-fake-bench-\(getpid())-\(UUID().uuidString).sh"
        try "printf '%s\\n' '\(output)'\n".write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("A missing script or python3 is reported as 'PyTorch not importable', in the text too")
    func missing() throws {
        let noScript = TorchComparison.run(script: "/nonexistent/bench_vs_torch.py", runs: 1, threads: 1)
        #expect(noScript.unavailable?.hasPrefix("PyTorch not importable") == true)
        #expect(noScript.cells.isEmpty)
        #expect(noScript.lines.contains { $0.contains("PyTorch not importable") })
        let script = try fakeScript("{}")
        defer { try? FileManager.default.removeItem(atPath: script) }
        let noPython = TorchComparison.run(script: script, runs: 1, threads: 1, python: "rnnscope-no-such-python3")
        #expect(noPython.unavailable?.hasPrefix("PyTorch not importable") == true, "\(noPython.unavailable ?? "nil")")
    }

    @Test("The script's 'skipped' answer (no torch) is passed on")
    func skipped() throws {
        let script = try fakeScript(#"{"skipped": "PyTorch not importable: No module named torch"}"#)
        defer { try? FileManager.default.removeItem(atPath: script) }
        let result = TorchComparison.run(script: script, runs: 1, threads: 1, python: "/bin/sh")
        #expect(result.unavailable == "PyTorch not importable: No module named torch")
    }

    @Test("Each cell's ratio, loss agreement and predictions are read from the script and printed")
    func cells() throws {
        let json = #"{"cell": "gru", "threads": 1, "runs": 1, "rnnscope_seconds": 0.5, "pytorch_seconds": 2.0, "ratio": 0.25, "#
            + #""final_loss_rnnscope": 0.00024, "final_loss_pytorch": 0.00024, "largest_relative_difference_first_50": 7.9e-06, "#
            + #""predictions_rnnscope": ["!", "N", "d"], "predictions_pytorch": ["!", "N", "d"], "losses_match": true, "#
            + #""predictions_match": true, "deterministic": true}"#
        let script = try fakeScript(json)
        defer { try? FileManager.default.removeItem(atPath: script) }
        let result = TorchComparison.run(script: script, runs: 1, threads: 1, python: "/bin/sh")
        #expect(result.unavailable == nil)
        #expect(result.cells.map(\.cell) == ["gru", "gru", "gru"])  // the stand-in answers "gru" for each cell
        #expect(result.cells.first?.ratio == 0.25 && result.cells.first?.lossesMatch == true)
        let line = try #require(result.lines.first)
        #expect(line.contains("0.250") && line.contains("losses match") && line.contains("! N d (both)"), "\(line)")
    }
}
