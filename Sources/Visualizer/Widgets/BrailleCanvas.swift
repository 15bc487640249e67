/// Braille dots for `LinePlot`: a dot mask and the owning series for every cell.
///
/// A cell is 2 dots wide and 4 high; dot (x, y) counts from the top-left of the canvas. The
/// glyph of a cell is U+2800 plus its mask, with the bits of Unicode's braille numbering:
/// dots 1-2-3-7 down the left column, 4-5-6-8 down the right.
struct BrailleCanvas {
    let width: Int, height: Int
    private var masks: [UInt8]
    private var owners: [Int32]
    /// While set, dots in odd cell columns are not drawn (a dashed line).
    var skipOddCells = false

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        masks = [UInt8](repeating: 0, count: width * height)
        owners = [Int32](repeating: 0, count: width * height)
    }

    /// Braille bit of the dot at column `dx` (0…1), row `dy` (0…3) inside a cell.
    private static let bits: [[UInt8]] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]

    /// Sets the dot (x, y) in dot coordinates; ignores dots outside.
    mutating func set(_ x: Int, _ y: Int, owner: Int) {
        guard x >= 0, y >= 0, x < width * 2, y < height * 4, !skipOddCells || (x / 2) % 2 == 0 else { return }
        let i = (y / 4) * width + x / 2
        masks[i] |= Self.bits[y % 4][x % 2]
        owners[i] = Int32(truncatingIfNeeded: owner)
    }

    /// Sets every dot of the Bresenham line from `a` to `b` (both ends included).
    mutating func line(from a: (Int, Int), to b: (Int, Int), owner: Int) {
        var (x, y) = a
        let dx = abs(b.0 - x), dy = -abs(b.1 - y)
        let sx = x < b.0 ? 1 : -1, sy = y < b.1 ? 1 : -1
        var error = dx + dy
        while true {
            set(x, y, owner: owner)
            if x == b.0 && y == b.1 { return }
            let e2 = 2 * error
            if e2 >= dy { error += dy; x += sx }
            if e2 <= dx { error += dx; y += sy }
        }
    }

    /// The glyph and owning series of cell (cx, cy), or nil when it has no dots.
    func cell(_ cx: Int, _ cy: Int) -> (Character, Int)? {
        let i = cy * width + cx
        guard masks[i] != 0, let scalar = Unicode.Scalar(0x2800 + UInt32(masks[i])) else { return nil }
        return (Character(scalar), Int(owners[i]))
    }
}
