import CellGrid
import Testing
import Terminal

@Suite struct ColorPairCacheTests {
    @Test func defaultColoursArePairZero() {
        var cache = ColorPairCache(capacity: 10)
        #expect(cache.lookup(foreground: -1, background: -1) == .init(pair: 0, isNew: false))
        #expect(cache.count == 0)
    }

    @Test func samePairForSameColours() {
        var cache = ColorPairCache(capacity: 10)
        #expect(cache.lookup(foreground: 196, background: -1) == .init(pair: 1, isNew: true))
        #expect(cache.lookup(foreground: -1, background: 196) == .init(pair: 2, isNew: true))
        #expect(cache.lookup(foreground: 196, background: -1) == .init(pair: 1, isNew: false))
        #expect(cache.lookup(foreground: 255, background: 255) == .init(pair: 3, isNew: true))
        #expect(cache.count == 3)
    }

    @Test func runningOutFallsBackToPairZero() {
        var cache = ColorPairCache(capacity: 2)
        _ = cache.lookup(foreground: 1, background: 2)
        _ = cache.lookup(foreground: 2, background: 1)
        #expect(cache.lookup(foreground: 3, background: 4) == .init(pair: 0, isNew: false))
        #expect(cache.lookup(foreground: 2, background: 1) == .init(pair: 2, isNew: false))
        cache.removeAll()
        #expect(cache.lookup(foreground: 3, background: 4) == .init(pair: 1, isNew: true))
    }

    @Test func capacityFitsInitPair() {
        #expect(ColorPairCache(capacity: 65535).capacity == Int(Int16.max))
        #expect(ColorPairCache(capacity: -1).capacity == 0)
        var none = ColorPairCache(capacity: 0)
        #expect(none.lookup(foreground: 1, background: 1).pair == 0)
    }
}

@Suite struct ColorDepthDetectionTests {
    @Test func byColourCount() {
        #expect(ColorDepth.detect(hasColors: true, colors: 256, environment: [:]) == .color256)
        #expect(ColorDepth.detect(hasColors: true, colors: 16_777_216, environment: [:]) == .color256)
        #expect(ColorDepth.detect(hasColors: true, colors: 88, environment: [:]) == .color8)
        #expect(ColorDepth.detect(hasColors: true, colors: 16, environment: [:]) == .color8)
        #expect(ColorDepth.detect(hasColors: true, colors: 8, environment: [:]) == .color8)
        #expect(ColorDepth.detect(hasColors: true, colors: 2, environment: [:]) == .monochrome)
        #expect(ColorDepth.detect(hasColors: false, colors: 256, environment: [:]) == .monochrome)
    }

    @Test func noColorWins() {
        #expect(ColorDepth.detect(hasColors: true, colors: 256, environment: ["NO_COLOR": "1"]) == .monochrome)
        #expect(ColorDepth.detect(hasColors: true, colors: 256, environment: ["NO_COLOR": "no"]) == .monochrome)
        // An empty NO_COLOR does not count (no-color.org).
        #expect(ColorDepth.detect(hasColors: true, colors: 256, environment: ["NO_COLOR": ""]) == .color256)
    }
}
