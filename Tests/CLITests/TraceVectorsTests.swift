import Foundation
import Testing
@testable import rnnscope

/// Issue 13: `trace --json` stays bounded per step (`--vectors`), and its fast number writer
/// writes what the encoder writes.
@Suite("trace --json: vectors in full or summarised")
struct TraceVectorsTests {
    func trace(_ extra: [String], window: Int) throws -> (bytes: Int, json: [String: Any]) {
        let result = try BinaryRunner.run(
            ["trace", "--cell", "lstm", "--hidden", "24", "--corpus", "long", "--window", String(window), "--json"] + extra)
        #expect(result.status == 0, "\(result.stderr)")
        let data = Data(result.stdout.utf8)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return (data.count, json)
    }

    @Test("--vectors summary: each step adds a bounded number of bytes whatever H, and keeps the documented keys")
    func summaryIsBoundedPerStep() throws {
        let short = try trace(["--vectors", "summary"], window: 10)
        let long = try trace(["--vectors", "summary"], window: 50)
        let perStep = Double(long.bytes - short.bytes) / 40
        // 13 summaries of ~90 bytes, logits and probs of 50 symbols: about 2.5 KB, not H-sized arrays.
        #expect(perStep < 4000, "\(perStep) bytes per step")
        #expect(long.json["vectors"] as? String == "summary")
        let steps = try #require(long.json["steps"] as? [[String: Any]])
        #expect(steps.count == 50)
        let first = try #require(steps.first)
        for key in ["c", "c_prev", "char", "dc", "dgates", "dh", "gates", "h", "h_prev", "logits", "probs", "t", "x"] {
            #expect(first[key] != nil, "step key \(key)")
        }
        let h = try #require(first["h"] as? [String: Any])
        #expect(h["n"] as? Int == 24)
        #expect((h["norm"] as? Double ?? -1) > 0)
        #expect((first["probs"] as? [Double])?.count == (long.json["vocab"] as? [Any])?.count, "probs stay whole")
        let grads = try #require(long.json["grads"] as? [String: [String: Any]])
        #expect(grads["rnn.weight_hh_l0"]?["shape"] as? [Int] == [96, 24])
        // The analysis is the same in both modes.
        let full = try trace(["--vectors", "full"], window: 50)
        #expect(full.json["vectors"] as? String == "full")
        #expect((full.json["analysis"] as? NSDictionary) == (long.json["analysis"] as? NSDictionary))
        #expect(full.bytes > long.bytes)
    }

    @Test("--vectors auto at a small size writes every number (the README's schema)")
    func autoIsFullWhenSmall() throws {
        let auto = try trace([], window: 10)
        #expect(auto.json["vectors"] as? String == "full")
        let steps = try #require(auto.json["steps"] as? [[String: Any]])
        #expect((steps.first?["h"] as? [Double])?.count == 24)
    }

    @Test("The writer's Float arrays are the encoder's bytes, NaN and ±∞ included")
    func floatsMatchEncoder() throws {
        let values: [Float] = [0, -0.0, 1, -1, 0.1, 1e-5, 5.3481537e-05, 3.4028235e38, 1.0e-45, 123456.79, -2.5e-10, 1e20,
                               16777216, .nan, .infinity, -.infinity]
        var written = Data()
        let writer = JSONStreamWriter(sink: { written.append($0) })
        try writer.floats(values)
        try writer.finish()
        var expected = try makeJSONEncoder().encode(values)
        expected.append(0x0A)
        #expect(String(decoding: written, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
    }
}
