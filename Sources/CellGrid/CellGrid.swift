/// A rectangle in cell coordinates.
public struct Rect: Hashable, Sendable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var isEmpty: Bool { width <= 0 || height <= 0 }

    /// The rectangle shrunk by `by` cells on every side.
    public func inset(_ by: Int) -> Rect { Rect(x: x + by, y: y + by, width: width - 2 * by, height: height - 2 * by) }
}

/// The off-screen screen: every view draws here, and exactly one function copies it to the
/// terminal. Writes outside the grid are clipped, never trapped.
public struct CellGrid: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = [Cell](repeating: .blank, count: self.width * self.height)
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { contains(x, y) ? cells[y * width + x] : .blank }
        set { if contains(x, y) { cells[y * width + x] = newValue } }
    }

    public func contains(_ x: Int, _ y: Int) -> Bool { x >= 0 && y >= 0 && x < width && y < height }

    /// Writes `text` from (x, y), clipped to `maxWidth` columns and the grid; wide characters
    /// take two cells. Returns the columns used.
    ///
    /// Keeps the wide-character invariant: a wide glyph is always followed by exactly one
    /// continuation cell. Overwriting either half of an existing wide character blanks the
    /// other half, and a wide character cut by the grid's edge becomes a space.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, maxWidth: Int = .max) -> Int {
        var column = 0
        for character in text {
            let w = DisplayWidth.of(character)
            if w == 0 { continue }
            if column + w > maxWidth { break }
            let (cx, overflow) = x.addingReportingOverflow(column)
            if overflow { break }
            if w == 2 {
                if cx >= 0, cx < width - 1 {
                    place(Cell(character, style: style), x: cx, y: y)
                    place(Cell(Cell.continuationGlyph, style: style), x: cx + 1, y: y)
                } else {
                    // Half of it would fall outside the grid: draw a space in the visible half.
                    place(Cell(" ", style: style), x: cx, y: y)
                    if cx < width { place(Cell(" ", style: style), x: cx + 1, y: y) }
                }
            } else {
                place(Cell(character, style: style), x: cx, y: y)
            }
            column += w
        }
        return column
    }

    /// Sets one cell, blanking the other half of any wide character it partly overwrites.
    private mutating func place(_ cell: Cell, x: Int, y: Int) {
        guard contains(x, y) else { return }
        let old = self[x, y]
        if old.isContinuation, !cell.isContinuation, x > 0, DisplayWidth.of(self[x - 1, y].glyph) == 2 {
            self[x - 1, y].glyph = " "
        }
        if !old.isContinuation, DisplayWidth.of(old.glyph) == 2, self[x + 1, y].isContinuation {
            self[x + 1, y].glyph = " "
        }
        self[x, y] = cell
    }

    /// Sets every cell of `rect` (clipped to the grid) to `cell`.
    public mutating func fill(_ rect: Rect, with cell: Cell = .blank) {
        for y in rows(of: rect) {
            for x in columns(of: rect) { cells[y * width + x] = cell }
        }
    }

    /// Changes the style of cells already drawn (e.g. to highlight a panel).
    public mutating func restyle(_ rect: Rect, _ change: (inout Style) -> Void) {
        for y in rows(of: rect) {
            for x in columns(of: rect) { change(&cells[y * width + x].style) }
        }
    }

    /// The rows of `rect` inside the grid (empty, never a trap, for any rectangle).
    private func rows(of rect: Rect) -> Range<Int> {
        let lo = max(0, rect.y), hi = min(height, rect.y + max(0, rect.height))
        return lo < hi ? lo..<hi : 0..<0
    }

    private func columns(of rect: Rect) -> Range<Int> {
        let lo = max(0, rect.x), hi = min(width, rect.x + max(0, rect.width))
        return lo < hi ? lo..<hi : 0..<0
    }

    /// One row's text, wide characters once, trailing spaces kept.
    public func line(_ y: Int) -> String {
        var s = ""
        for x in 0..<width where !self[x, y].isContinuation { s.append(self[x, y].glyph) }
        return s
    }
}
