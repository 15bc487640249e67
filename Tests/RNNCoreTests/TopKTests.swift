import Testing
@testable import RNNCore

@Suite("Top guesses by partial selection")
struct TopKTests {
    /// A reproducible row; `levels` small makes many ties.
    static func row(_ count: Int, seed: UInt64, levels: Int) -> [Float] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 1
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(Int(state >> 33) % levels) / Float(levels)
        }
    }

    @Test("The top k equal the first k of a full stable sort, ties by smaller index", arguments: [1, 2, 5, 40])
    func equalsFullSort(k: Int) {
        for seed in 0..<20 {
            for (count, levels) in [(1, 3), (7, 2), (100, 4), (1000, 1_000_000), (3000, 7)] {
                let values = Self.row(count, seed: UInt64(seed), levels: levels)
                let sorted = values.indices.sorted { values[$0] > values[$1] || (values[$0] == values[$1] && $0 < $1) }
                #expect(TopK.indices(values, count: k) == Array(sorted.prefix(k)), "seed \(seed), V=\(count), k=\(k)")
                #expect(TopK.argmax(values) == sorted.first)
                let probe = (seed * 31) % count
                #expect(TopK.rank(of: probe, in: values) == sorted.firstIndex(of: probe), "rank of \(probe)")
            }
        }
    }

    @Test("NaN ranks after every number; empty rows and k beyond V are fine")
    func edges() {
        let values: [Float] = [.nan, 0.2, 0.7, .nan, 0.7, -1]
        #expect(TopK.indices(values, count: 10) == [2, 4, 1, 5, 0, 3])
        #expect(TopK.argmax(values) == 2)
        #expect(TopK.indices([], count: 3) == [])
        #expect(TopK.argmax([]) == nil)
        #expect(TopK.indices(values, count: 0) == [])
    }
}
