import CellGrid

/// An asciicast v2 recording (https://docs.asciinema.org/manual/asciicast/v2/): a JSON header
/// line, then one `[time, "o", data]` line per output event. Times are whole milliseconds
/// from the start, written as seconds with three decimals, so the same frames always give
/// the same bytes.
struct Asciicast {
    struct Header {
        var width: Int
        var height: Int
        var timestamp: Int
        var title: String
        /// The colours the recording was made for (`theme` in the header), for players that use it.
        var colors: (foreground: String, background: String)?
    }

    var header: Header
    private(set) var events: [(milliseconds: Int, data: String)] = []
    /// The grid the terminal shows after the last event.
    private var screen: CellGrid?
    /// When the recording ends (the last frame is held until then).
    private(set) var duration = 0

    init(header: Header) {
        self.header = header
    }

    /// Shows `grid` at `milliseconds`: the whole screen the first time, then only what changed
    /// (nothing when nothing did). Times must not go backwards; an event at the same time as
    /// the previous one is pushed 1 ms later, so times always increase.
    mutating func show(_ grid: CellGrid, at milliseconds: Int) {
        let data: String
        if let screen {
            data = GridDiff.changes(from: screen, to: grid)
        } else {
            // Hide the cursor: it would sit at the end of the last run drawn.
            data = Self.hideCursor + GridDiff.fullScreen(grid)
        }
        screen = grid
        guard !data.isEmpty else { return }
        append(data, at: milliseconds)
    }

    /// Ends the recording at `milliseconds`: the cursor comes back (so a terminal that played
    /// it is left as it was), and players hold the last frame until then.
    mutating func finish(at milliseconds: Int) {
        append(Self.showCursor, at: milliseconds)
        duration = events.last?.milliseconds ?? 0
    }

    private mutating func append(_ data: String, at milliseconds: Int) {
        let time = max(milliseconds, (events.last?.milliseconds ?? -1) + 1)
        events.append((time, data))
    }

    static let hideCursor = "\u{1B}[?25l"
    static let showCursor = "\u{1B}[?25h"

    /// The file's text: the header line and one line per event, each ending in "\n".
    func encoded() -> String {
        let env = "{\"TERM\": \"xterm-256color\"}"
        var line = "{\"version\": 2, \"width\": \(header.width), \"height\": \(header.height), \"timestamp\": \(header.timestamp), "
        line += "\"duration\": \(Self.seconds(duration)), \"title\": \(Self.jsonString(header.title)), \"env\": \(env)"
        if let colors = header.colors {
            let palette = (0..<16).map { index -> String in
                let c = Palette.rgb(of: UInt8(index))
                return Self.hex(c.r, c.g, c.b)
            }.joined(separator: ":")
            line += ", \"theme\": {\"fg\": \"\(colors.foreground)\", \"bg\": \"\(colors.background)\", \"palette\": \"\(palette)\"}"
        }
        var text = line + "}\n"
        for event in events {
            text += "[\(Self.seconds(event.milliseconds)), \"o\", \(Self.jsonString(event.data))]\n"
        }
        return text
    }

    /// Milliseconds as seconds with exactly three decimals: 1500 → "1.500".
    static func seconds(_ milliseconds: Int) -> String {
        let fraction = String(milliseconds % 1000)
        return "\(milliseconds / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    static func hex(_ r: Double, _ g: Double, _ b: Double) -> String {
        "#" + [r, g, b].map { value in
            let digits = String(Int(value.rounded()), radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }

    /// A JSON string literal: quotes and backslashes escaped, every control character (C0, DEL
    /// and C1) as `\u00XX`; everything else as UTF-8 text.
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value):
                let digits = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
