import RNNCore
import Testing
@testable import Visualizer

@Suite("Key bursts")
struct KeyBurstTests {
    @Test("Repeats collapse into one run; different keys keep their order")
    func collapses() {
        let keys: [UserKey] = Array(repeating: .right, count: 40) + [.character("e")] + Array(repeating: .right, count: 3) + [.left, .left]
        let burst = KeyBurst(keys)
        #expect(burst.runs == [
            .init(key: .right, count: 40), .init(key: .character("e"), count: 1),
            .init(key: .right, count: 3), .init(key: .left, count: 2),
        ])
        #expect(burst.keyCount == keys.count)
        #expect(KeyBurst([]).isEmpty)
    }

    @Test("A burst acts exactly like its keys one by one (toggles pressed twice toggle twice)")
    func sameAsOneByOne() throws {
        let keys: [UserKey] = Array(repeating: .right, count: 25) + [.character("e"), .character("e"), .character("e")]
            + Array(repeating: .left, count: 4) + [.character("t"), .character("t")]
        let single = try Explorer(spec: .notes), batched = try Explorer(spec: .notes)
        for key in keys { single.handle(key) }
        #expect(batched.handle(KeyBurst(keys)))
        #expect(batched.cursor.t == single.cursor.t && batched.cursor.subStep == single.cursor.subStep)
        #expect(batched.ui.view == single.ui.view)
        #expect(batched.lab.epoch == single.lab.epoch)
        #expect(batched.cursor.t != 1 || batched.cursor.subStep != Cursor().subStep, "the keys moved the cursor")
    }

    @Test("A quit key inside a burst stops it")
    func quitStops() throws {
        let explorer = try Explorer(spec: .notes)
        #expect(!explorer.handle(KeyBurst([.right, .character("q"), .right])))
    }
}
