import CellGrid

/// A small terminal for tests: replays exactly the sequences rnnscope writes (CUP, SGR with
/// 256-colour and truecolour, ED 2, cursor show/hide, CR/LF, printable glyphs with wide
/// characters) into a `CellGrid`, the way xterm would. Anything else is recorded in
/// `problems`, so a test fails on output a terminal could misread.
///
/// (Shared by CellGridTests and CLITests: Tests/CLITests/TerminalDecoder.swift links here.)
struct TerminalDecoder {
    private(set) var grid: CellGrid
    private(set) var problems: [String] = []
    private(set) var cursorVisible = true
    private var x = 0, y = 0
    private var style = Style.plain

    init(width: Int, height: Int) {
        grid = CellGrid(width: width, height: height)
    }

    /// The screen as glyphs and styles only (what a terminal keeps of a cell).
    static func visible(_ grid: CellGrid) -> CellGrid {
        var out = CellGrid(width: grid.width, height: grid.height)
        for row in 0..<grid.height {
            for column in 0..<grid.width {
                let cell = grid[column, row]
                out[column, row] = Cell(cell.isContinuation ? cell.glyph : cell.printableGlyph, style: cell.style)
            }
        }
        return out
    }

    mutating func feed(_ text: String) {
        var rest = Substring(text)
        while let c = rest.first {
            rest = rest.dropFirst()
            switch c {
            case "\u{1B}":
                guard rest.first == "[" else { problems.append("ESC not followed by ["); continue }
                rest = rest.dropFirst()
                var parameters = ""
                while let p = rest.first, p.isASCII, p.isNumber || p == ";" || p == "?" {
                    parameters.append(p)
                    rest = rest.dropFirst()
                }
                guard let final = rest.first else { problems.append("unfinished escape ESC[\(parameters)"); return }
                rest = rest.dropFirst()
                control(parameters, final)
            case "\r": x = 0
            case "\n": y = min(grid.height - 1, y + 1)
            default: write(c)
            }
        }
    }

    private mutating func control(_ parameters: String, _ final: Character) {
        let numbers = parameters.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) }
        switch (final, parameters) {
        case ("H", _):
            let row = numbers.first.flatMap { $0 } ?? 1, column = numbers.count > 1 ? numbers[1] ?? 1 : 1
            y = max(0, min(grid.height - 1, row - 1))
            x = max(0, min(grid.width - 1, column - 1))
        case ("J", "2"):
            grid.fill(grid.bounds, with: Cell(" ", style: Style(background: style.background)))
        case ("l", "?25"): cursorVisible = false
        case ("h", "?25"): cursorVisible = true
        case ("m", _): sgr(numbers.map { $0 ?? 0 })
        default: problems.append("unexpected ESC[\(parameters)\(final)")
        }
    }

    private mutating func sgr(_ codes: [Int]) {
        var i = 0
        func color() -> Color? {
            guard i + 1 < codes.count else { problems.append("SGR \(codes): colour without a kind"); return nil }
            if codes[i + 1] == 5, i + 2 < codes.count {
                defer { i += 2 }
                return .palette(UInt8(clamping: codes[i + 2]))
            }
            if codes[i + 1] == 2, i + 4 < codes.count {
                defer { i += 4 }
                return .rgb(Double(codes[i + 2]), Double(codes[i + 3]), Double(codes[i + 4]))
            }
            problems.append("SGR \(codes): bad colour")
            i = codes.count
            return nil
        }
        if codes.isEmpty { style = .plain }
        while i < codes.count {
            switch codes[i] {
            case 0: style = .plain
            case 1: style.bold = true
            case 2: style.dim = true
            case 4: style.underline = true
            case 7: style.reverse = true
            case 22: style.bold = false; style.dim = false
            case 24: style.underline = false
            case 27: style.reverse = false
            case 30...37: style.foreground = .palette(UInt8(codes[i] - 30))
            case 90...97: style.foreground = .palette(UInt8(codes[i] - 90 + 8))
            case 40...47: style.background = .palette(UInt8(codes[i] - 40))
            case 100...107: style.background = .palette(UInt8(codes[i] - 100 + 8))
            case 39: style.foreground = .terminalDefault
            case 49: style.background = .terminalDefault
            case 38: if let c = color() { style.foreground = c }
            case 48: if let c = color() { style.background = c }
            default: problems.append("SGR \(codes[i]) unexpected")
            }
            i += 1
        }
    }

    /// Writes a glyph at the cursor as xterm does: a wide one takes two columns; overwriting
    /// half of a wide character blanks its other half; a glyph past the right edge wraps.
    private mutating func write(_ c: Character) {
        let w = DisplayWidth.of(c)
        guard w > 0 else { problems.append("zero-width glyph \(c.unicodeScalars.map { String($0.value, radix: 16) })"); return }
        if x + w > grid.width {
            problems.append("glyph '\(c)' wraps at row \(y + 1)")
            x = 0
            y = min(grid.height - 1, y + 1)
        }
        for column in x..<(x + w) { unhook(column) }
        grid[x, y] = Cell(c, style: style)
        if w == 2 { grid[x + 1, y] = Cell(Cell.continuationGlyph, style: style) }
        x += w
        if x >= grid.width { x = grid.width }  // pending wrap: the next glyph would wrap
    }

    /// Blanks the other half of a wide character about to lose one of its halves.
    private mutating func unhook(_ column: Int) {
        let cell = grid[column, y]
        if cell.isContinuation, column > 0 {
            grid[column - 1, y] = Cell(" ", style: grid[column - 1, y].style)
        } else if DisplayWidth.of(cell.glyph) == 2, grid[column + 1, y].isContinuation {
            grid[column + 1, y] = Cell(" ", style: cell.style)
        }
    }
}
