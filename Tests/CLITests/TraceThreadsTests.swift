import Foundation
import Testing

/// Issue 13: `trace --json` runs its analysis on two threads alongside the pass
/// (`AnalysisHeadStart`); the bytes must not depend on it.
@Suite("trace --threads")
struct TraceThreadsTests {
    func traceJSON(_ cell: String, hidden: Int, _ extra: [String]) throws -> String {
        let result = try BinaryRunner.run(
            ["trace", "--cell", cell, "--hidden", String(hidden), "--corpus", "long", "--window", "40", "--json"] + extra)
        try #require(result.status == 0, "exit \(result.status): \(result.stderr)")
        #expect(result.stdout.contains("\"jacobian_norms\""))
        return result.stdout
    }

    /// H=16: formed Jacobians (σ_max and ρ on the second thread); LSTM H=136 (S=272) and
    /// GRU H=264: the norms by products, taken by both threads during and after the pass.
    @Test("--threads 1 and --threads 2 print the same JSON, byte for byte (the default too)",
          arguments: [("lstm", 16), ("gru", 16), ("lstm", 136), ("gru", 264)])
    func sameBytes(cell: String, hidden: Int) throws {
        let one = try traceJSON(cell, hidden: hidden, ["--threads", "1"])
        let two = try traceJSON(cell, hidden: hidden, ["--threads", "2"])
        #expect(one == two)
        #expect(try traceJSON(cell, hidden: hidden, []) == one)
    }

    @Test("A thread count other than 1 or 2 is a one-line error naming --threads")
    func outOfRange() throws {
        for bad in ["0", "3"] {
            let result = try BinaryRunner.run(["trace", "--json", "--threads", bad])
            #expect(result.status == 1)
            #expect(result.stderr == "rnnscope: --threads: \(bad) is out of range 1...2\n")
        }
    }
}
