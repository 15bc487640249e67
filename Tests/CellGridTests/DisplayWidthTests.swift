import Testing
@testable import CellGrid

@Suite("Display widths")
struct DisplayWidthTests {
    /// The rule the fast paths shortcut: controls 0; marks and format characters 0 (U+00AD 1);
    /// East Asian wide 2 (none in these ranges); else 1.
    private static func byCategory(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x20 || (0x7F..<0xA0).contains(v) { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return v == 0x00AD ? 1 : 0
        default: return 1
        }
    }

    @Test("The fast paths (below U+0300, box drawing and shapes) give what the general category gives")
    func fastPathsAgree() {
        let ranges: [ClosedRange<UInt32>] = [0...0x2FF, 0x2500...0x25FF]
        for range in ranges {
            for v in range {
                guard let scalar = Unicode.Scalar(v) else { continue }
                #expect(DisplayWidth.of(scalar) == Self.byCategory(scalar), "U+\(String(v, radix: 16))")
            }
        }
        // Just past the fast ranges the table is still asked: a combining mark is 0 wide.
        #expect(DisplayWidth.of(Unicode.Scalar(0x301)!) == 0)
        #expect(DisplayWidth.of(Unicode.Scalar(0x4E2D)!) == 2)
    }
}
