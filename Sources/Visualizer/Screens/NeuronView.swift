import CellGrid
import Localization
import Foundation
import RNNCore

/// Karpathy's char-RNN picture: a passage coloured character by character by one hidden unit's
/// activation h_t[u] (blue negative, red positive), and the units whose activation tracks
/// simple features of the text best, each with Pearson's r over the passage. ↑ ↓ choose the
/// unit; space / backspace step through the list.
struct NeuronView {
    let frame: Frame
    let layout: Layout

    /// Rows the view needs besides the passage: title, legend, gap, heading, five features, keys.
    static let fixedRows = 10

    func draw(on grid: inout CellGrid) {
        let body = layout.body
        guard let n = frame.neurons, body.height >= Self.fixedRows + 2 else { return }
        let x = body.x + 1, width = body.width - 2
        var y = body.y
        let strings = frame.strings
        let source = n.source == .generated ? strings["neurons.source.generated"] : strings["neurons.source.training"]
        let count = n.sourceLength > n.passage.count
            ? strings("neurons.count.cut", ["shown": "\(n.passage.count)", "total": "\(n.sourceLength)"])
            : strings("neurons.count", ["count": "\(n.passage.count)"])
        let title = layout.isFull
            ? strings("neurons.title", ["unit": "\(n.unit)", "source": source, "count": count])
            : strings("neurons.title.short", ["unit": "\(n.unit)",
                                              "source": n.source == .generated ? strings["neurons.source.generated.short"] : strings["neurons.source.training"]])
        grid.put(title, x: x, y: y, style: Theme.emphasis, maxWidth: width)
        y += 1

        let scale = ColorScale.diverging(fitting: n.values)
        var lx = x + grid.put("h_t[\(n.unit)] ", x: x, y: y, style: Theme.label, maxWidth: width)
        lx += drawLegend(scale, x: lx, y: y, width: min(31, max(15, width / 4)), on: &grid) + 2
        let mono = layout.isFull ? strings["neurons.mono"] : strings["neurons.mono.short"]
        grid.put(mono, x: lx, y: y, style: Theme.dim, maxWidth: x + width - lx)
        y += 1

        let rows = Self.wrap(n.passage, width: width)
        let textRows = min(rows.count, body.height - Self.fixedRows)
        drawPassage(rows, n, scale: scale, in: Rect(x: x, y: y, width: width, height: textRows), on: &grid)
        y += textRows + 1
        drawList(n, in: Rect(x: x, y: y, width: width, height: 6), on: &grid)
        y += 6
        let keys = n.reading ? (layout.isFull ? strings["neurons.reading"] : strings["neurons.reading.short"])
            : layout.isFull ? strings["neurons.keys"] : strings["neurons.keys.short"]
        grid.put(keys, x: x, y: min(body.maxY - 1, y), style: n.reading ? Theme.label : Theme.dim, maxWidth: width)
    }

    /// The passage wrapped to `width`: each row's characters as (glyph, index into the passage).
    /// A line break shows as ⏎ and ends its row.
    static func wrap(_ passage: [Unicode.Scalar], width: Int) -> [[(glyph: String, index: Int)]] {
        var rows: [[(glyph: String, index: Int)]] = [[]]
        var used = 0
        for (index, scalar) in passage.enumerated() {
            let glyph = GenerateView.glyph(scalar)
            let w = max(1, DisplayWidth.of(glyph))
            // Letters keep the last column free for a space, so no row starts with one.
            if used + w > width - (scalar == " " ? 0 : 1), !rows[rows.count - 1].isEmpty {
                // Break after the row's last space when there is one, so words stay whole.
                var carried: [(glyph: String, index: Int)] = []
                if scalar != " ", let space = rows[rows.count - 1].lastIndex(where: { $0.glyph == " " }) {
                    carried = Array(rows[rows.count - 1][(space + 1)...])
                    rows[rows.count - 1].removeSubrange((space + 1)...)
                }
                rows.append(carried)
                used = carried.reduce(0) { $0 + max(1, DisplayWidth.of($1.glyph)) }
            }
            rows[rows.count - 1].append((glyph, index))
            used += w
            if scalar == "\n", index < passage.count - 1 {
                rows.append([])
                used = 0
            }
        }
        return rows
    }

    /// The passage's rows, each character on the colour of h_t[unit] after reading it; when it
    /// does not fit, its last row says how many characters are left out.
    private func drawPassage(_ rows: [[(glyph: String, index: Int)]], _ n: NeuronFrame, scale: ColorScale, in rect: Rect,
                             on grid: inout CellGrid) {
        guard rect.height > 0 else { return }
        var drawn = 0
        for (row, line) in rows.prefix(rect.height).enumerated() {
            var cx = rect.x
            let last = row == rect.height - 1 && rows.count > rect.height
            for cell in line {
                if last, cx >= rect.maxX - 16 { break }
                let value = cell.index < n.values.count ? n.values[cell.index] : 0
                cx += grid.put(cell.glyph, x: cx, y: rect.y + row, style: Self.style(value, scale: scale), maxWidth: rect.maxX - cx)
                drawn += 1
            }
            if last {
                grid.put(frame.strings("neurons.more", ["count": "\(n.passage.count - drawn)"]), x: cx, y: rect.y + row, style: Theme.dim, maxWidth: rect.maxX - cx)
            }
        }
    }

    /// The scale as characters look on it: −limit … 0 … +limit, each step a letter drawn as
    /// the passage draws one (so monochrome shows the same attributes). Returns its width.
    private func drawLegend(_ scale: ColorScale, x: Int, y: Int, width: Int, on grid: inout CellGrid) -> Int {
        let limit = scale.range.high
        let left = NumberFormat.compact(-limit), right = "+" + NumberFormat.compact(limit)
        let ramp = max(5, (width - DisplayWidth.of(left) - DisplayWidth.of(right) - 2) | 1)
        var cx = x + grid.put(left + " ", x: x, y: y, style: Theme.label)
        for i in 0..<ramp {
            let value = limit * (Float(2 * i) / Float(ramp - 1) - 1)
            cx += grid.put(i == ramp / 2 ? "0" : "h", x: cx, y: y, style: Self.style(value, scale: scale))
        }
        cx += grid.put(" " + right, x: cx, y: y, style: Theme.label)
        return cx - x
    }

    /// One character's look: the scale's colour behind it, black or white text (whichever
    /// contrasts more), and for monochrome terminals bold for positive, underline for negative,
    /// reversed at half the scale's limit and beyond (with the colours swapped back, so colour
    /// terminals show the same).
    static func style(_ value: Float, scale: ColorScale) -> Style {
        let background = scale.color(for: value)
        var foreground = Color.palette(16)
        if case .palette(let index) = background, Palette.contrastRatio(231, index) > Palette.contrastRatio(16, index) {
            foreground = .palette(231)
        }
        let intensity = value.isFinite ? scale.intensity(for: value) : 0
        var style = Style(foreground: foreground, background: background)
        style.bold = intensity > 0
        style.underline = intensity < 0
        if abs(intensity) >= 0.5 {
            style.reverse = true
            (style.foreground, style.background) = (background, foreground)
        }
        return style
    }

    /// The five features, each with its best units and r, and the inspected unit's own r.
    private func drawList(_ n: NeuronFrame, in rect: Rect, on grid: inout CellGrid) {
        let full = layout.isFull
        let strings = frame.strings
        let nameWidth = full ? 28 : 13
        let entryWidth = full ? 14 : 12
        let bestCount = n.rankings.map(\.best.count).max() ?? 0
        let bestWidth = max(entryWidth * 2, entryWidth * bestCount)
        let heading = strings["neurons.heading.feature"].padded(nameWidth)
            + (full ? strings["neurons.heading.best"] : strings["neurons.heading.best.short"]).padded(bestWidth + 1)
            + strings("neurons.heading.unit", ["unit": "\(n.unit)"])
        grid.put(heading, x: rect.x, y: rect.y, style: Theme.label, maxWidth: rect.width)
        var entry = 0
        for (row, ranking) in n.rankings.enumerated() where row + 1 < rect.height {
            let y = rect.y + 1 + row
            let name = Self.name(ranking.feature, short: !full, strings: strings)
            var cx = rect.x + grid.put(name.padded(nameWidth), x: rect.x, y: y, style: Theme.label, maxWidth: rect.width)
            if ranking.best.isEmpty {
                grid.put(Self.constantReason(ranking.feature, strings: strings).padded(bestWidth), x: cx, y: y, style: Theme.dim, maxWidth: rect.maxX - cx)
            }
            for match in ranking.best {
                let chosen = match.unit == n.unit
                let marker = n.picked == entry ? "▸" : " "
                let text = "\(marker)u\(match.unit) \(Explorer.rText(match.r))"
                grid.put(text, x: cx, y: y, style: chosen ? Theme.current : Theme.numbers, maxWidth: rect.maxX - cx)
                cx += entryWidth
                entry += 1
            }
            let ux = rect.x + nameWidth + bestWidth + 1
            let r = row < n.unitR.count ? n.unitR[row] : nil
            grid.put(Explorer.rText(r), x: ux, y: y, style: r == nil ? Theme.dim : Theme.numbers, maxWidth: rect.maxX - ux)
        }
    }

    /// Why a feature has no r: it does not vary over the passage.
    static func constantReason(_ feature: TextFeature, strings: Strings) -> String {
        let why: String
        switch feature {
        case .quoted: why = strings["neurons.constant.quoted"]
        case .wordPosition: why = strings["neurons.constant.word_position"]
        case .afterSpace: why = strings["neurons.constant.after_space"]
        case .vowel: why = strings["neurons.constant.vowel"]
        case .linePosition: why = strings["neurons.constant.line_position"]
        }
        return strings("neurons.constant", ["why": why])
    }

    /// A feature's name in the list (`short` for narrow screens), in the screen's language.
    static func name(_ feature: TextFeature, short: Bool = false, strings: Strings) -> String {
        switch feature {
        case .quoted: return short ? strings["neurons.feature.quoted.short"] : strings["neurons.feature.quoted"]
        case .wordPosition: return short ? strings["neurons.feature.word_position.short"] : strings["neurons.feature.word_position"]
        case .afterSpace: return short ? strings["neurons.feature.after_space.short"] : strings["neurons.feature.after_space"]
        case .vowel: return short ? strings["neurons.feature.vowel.short"] : strings["neurons.feature.vowel"]
        case .linePosition: return short ? strings["neurons.feature.line_position.short"] : strings["neurons.feature.line_position"]
        }
    }
}
