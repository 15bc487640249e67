import Testing
import Terminal

@Suite struct KeyTests {
    // ncurses' own key codes (curses.h), written out so the test checks the mapping.
    static let KEY_DOWN = 0o402, KEY_UP = 0o403, KEY_LEFT = 0o404, KEY_RIGHT = 0o405
    static let KEY_HOME = 0o406, KEY_BACKSPACE = 0o407, KEY_F0 = 0o410, KEY_DC = 0o512, KEY_IC = 0o513
    static let KEY_NPAGE = 0o522, KEY_PPAGE = 0o523, KEY_ENTER = 0o527, KEY_BTAB = 0o541, KEY_END = 0o550
    static let KEY_RESIZE = 0o632, KEY_MOUSE = 0o631

    @Test func characterCodes() {
        #expect(Key.from(code: 0x71, isFunctionKey: false) == .character("q"))
        #expect(Key.from(code: 0x6F22, isFunctionKey: false) == .character("漢"))
        #expect(Key.from(code: 0xE9, isFunctionKey: false) == .character("é"))
        #expect(Key.from(code: 0x1F600, isFunctionKey: false) == .character("😀"))
        #expect(Key.from(code: 32, isFunctionKey: false) == .character(" "))
    }

    @Test func controlCodes() {
        #expect(Key.from(code: 127, isFunctionKey: false) == .backspace)
        #expect(Key.from(code: 8, isFunctionKey: false) == .backspace)
        #expect(Key.from(code: 9, isFunctionKey: false) == .tab)
        #expect(Key.from(code: 10, isFunctionKey: false) == .enter)
        #expect(Key.from(code: 13, isFunctionKey: false) == .enter)
        #expect(Key.from(code: 27, isFunctionKey: false) == .escape)
        #expect(Key.from(code: 3, isFunctionKey: false) == .controlC)
        #expect(Key.from(code: 12, isFunctionKey: false) == .control("l"))
        #expect(Key.from(code: 1, isFunctionKey: false) == .control("a"))
        #expect(Key.from(code: 26, isFunctionKey: false) == .control("z"))
    }

    @Test func unusableCharacterCodes() {
        for code in [0, 28, 31, 0x80, 0x9F, 0xD800, 0x110000, -1] {
            #expect(Key.from(code: code, isFunctionKey: false) == nil)
        }
    }

    @Test func functionKeyCodes() {
        let expected: [(Int, Key)] = [
            (Self.KEY_UP, .up), (Self.KEY_DOWN, .down), (Self.KEY_LEFT, .left), (Self.KEY_RIGHT, .right),
            (Self.KEY_HOME, .home), (Self.KEY_END, .end), (Self.KEY_PPAGE, .pageUp), (Self.KEY_NPAGE, .pageDown),
            (Self.KEY_BACKSPACE, .backspace), (Self.KEY_ENTER, .enter), (Self.KEY_BTAB, .backTab),
            (Self.KEY_DC, .delete), (Self.KEY_IC, .insert), (Self.KEY_RESIZE, .resize),
            (Self.KEY_F0 + 1, .function(1)), (Self.KEY_F0 + 12, .function(12)), (Self.KEY_F0 + 63, .function(63)),
        ]
        for (code, key) in expected {
            #expect(Key.from(code: code, isFunctionKey: true) == key, "code \(code)")
        }
    }

    @Test func unknownFunctionCodes() {
        #expect(Key.from(code: Self.KEY_MOUSE, isFunctionKey: true) == nil)
        #expect(Key.from(code: Self.KEY_F0, isFunctionKey: true) == nil)
        #expect(Key.from(code: Self.KEY_F0 + 64, isFunctionKey: true) == nil)
        // The same number means different things with and without the function-key flag.
        #expect(Key.from(code: Self.KEY_UP, isFunctionKey: false) == .character("ă"))
    }
}
