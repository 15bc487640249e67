import CellGrid
import Localization
import Foundation
import RNNCore

/// The model writes: the prompt and the text generated after it, τ, and the next character's
/// distribution at τ as bars (the ten most likely), sharpening as τ falls and flattening as it
/// rises. Space samples the next character, n takes the most likely, p generates on.
struct GenerateView {
    let frame: Frame
    let layout: Layout

    func draw(on grid: inout CellGrid) {
        let body = layout.body
        guard let g = frame.generation, body.height >= 8 else { return }
        let x = body.x + 1, width = body.width - 2
        var y = body.y
        let strings = frame.strings
        grid.put(layout.isFull ? strings["gen.title"] : strings["gen.title.short"], x: x, y: y, style: Theme.emphasis, maxWidth: width)
        y += 1

        // Rows the bars and the lines around them need; the text takes what is left.
        let fixed = 6 + (g.last == nil ? 0 : 1)
        let barRows = max(3, min(10, body.height - fixed - 3))
        let textRows = max(2, min(layout.isFull ? 12 : 6, body.height - fixed - barRows))
        y += drawText(g, in: Rect(x: x, y: y, width: width, height: textRows), on: &grid)
        y += 1

        // τ and its presets.
        var tx = x + grid.put("τ = \(Explorer.tauText(g.temperature))", x: x, y: y, style: Theme.emphasis, maxWidth: width)
        tx += grid.put("   < ", x: tx, y: y, style: Theme.dim, maxWidth: x + width - tx)
        for tau in Sampling.presetTemperatures {
            let label = Explorer.tauText(tau)
            let text = tau == g.temperature ? "[\(label)]" : " \(label) "
            tx += grid.put(text, x: tx, y: y, style: tau == g.temperature ? Theme.current : Theme.dim, maxWidth: x + width - tx)
        }
        tx += grid.put(" >", x: tx, y: y, style: Theme.dim, maxWidth: x + width - tx)
        if !g.next.isEmpty {
            grid.put("   " + strings("gen.entropy", ["entropy": String(format: "%.2f", g.entropy)]), x: tx, y: y, style: Theme.label, maxWidth: x + width - tx)
        }
        y += 1
        let length = g.prompt.unicodeScalars.count + g.generated.unicodeScalars.count
        let windowNote = strings(length > g.window ? (layout.isFull ? "gen.window.beyond" : "gen.window.beyond.short") : "gen.window.within",
                                 ["window": "\(g.window)"])
        grid.put(windowNote, x: x, y: y, style: length > g.window ? Theme.wrong : Theme.dim, maxWidth: width)
        y += 1
        if let last = g.last {
            let symbol = StepExplanation.quote(g.vocabulary.symbol(at: last.token)).terminalSafe
            let how = last.greedy ? strings["gen.last.greedy"] : strings("gen.last.sampled", ["tau": Explorer.tauText(last.temperature)])
            grid.put(strings("gen.last", [
                "character": symbol, "how": how, "p": NumberText.precise(Float(last.probability)), "plain": NumberText.precise(Float(last.plainProbability))]),
                     x: x, y: y, style: Theme.label, maxWidth: width)
            y += 1
        }
        y += 1
        let bars = min(barRows + 1, body.maxY - y - 1)
        drawBars(g, in: Rect(x: x, y: y, width: width, height: bars), on: &grid)
        let keys = g.atLimit ? strings("gen.keys.limit", ["count": "\(GenerationSession.maxGenerated)"])
            : strings(g.running ? "gen.keys.running" : "gen.keys", [:])
        grid.put(keys, x: x, y: min(body.maxY - 1, y + bars + 1), style: Theme.dim, maxWidth: width)
    }

    /// The prompt (plain) and the generated text (bright, its last character marked), wrapped
    /// by character; the last rows when it is longer. Returns the rows used.
    private func drawText(_ g: GenerationFrame, in rect: Rect, on grid: inout CellGrid) -> Int {
        guard rect.height > 0, rect.width > 4 else { return 0 }
        var cells: [(glyph: String, style: Style)] = g.prompt.unicodeScalars.map { (Self.glyph($0), Theme.label) }
        let generated = Array(g.generated.unicodeScalars)
        for (index, scalar) in generated.enumerated() {
            cells.append((Self.glyph(scalar), index == generated.count - 1 ? Theme.current : Theme.emphasis))
        }
        cells.append((g.running ? "▌" : "█", Theme.emphasis))
        var lines: [[(glyph: String, style: Style)]] = [[]]
        var used = 0
        for cell in cells {
            let w = DisplayWidth.of(cell.glyph)
            if used + w > rect.width {
                lines.append([])
                used = 0
            }
            lines[lines.count - 1].append(cell)
            used += w
        }
        let shown = lines.suffix(rect.height)
        for (row, line) in shown.enumerated() {
            var cx = rect.x
            for cell in line { cx += grid.put(cell.glyph, x: cx, y: rect.y + row, style: cell.style, maxWidth: rect.maxX - cx) }
        }
        return shown.count
    }

    /// One generated or prompt character as one cell: line feeds and tabs as symbols, other
    /// control and format characters as �.
    static func glyph(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\n": return "⏎"
        case "\t": return "⇥"
        default:
            return scalar.needsTerminalEscape || DisplayWidth.of(scalar) < 1 ? "�" : String(scalar)
        }
    }

    /// The ten most likely next characters: p at τ as a bar, then the plain softmax p.
    private func drawBars(_ g: GenerationFrame, in rect: Rect, on grid: inout CellGrid) {
        let strings = frame.strings
        guard rect.height >= 2 else { return }
        if g.reading {
            let text = g.queued > 0 ? strings("gen.reading.queued", ["count": "\(g.queued)"]) : strings["gen.reading"]
            grid.put(text, x: rect.x, y: rect.y, style: Theme.label, maxWidth: rect.width)
            return
        }
        guard !g.next.isEmpty else {
            grid.put(strings["gen.not_in_vocabulary"], x: rect.x, y: rect.y, style: Theme.wrong, maxWidth: rect.width)
            return
        }
        let numberWidth = 8
        let barWidth = max(4, min(50, rect.width - 13 - numberWidth - 26))
        let heading = strings["gen.bars.next"].padded(12) + strings("gen.bars.p", ["tau": Explorer.tauText(g.temperature)]).padded(barWidth + numberWidth + 3)
            + "softmax p"
        grid.put(heading, x: rect.x, y: rect.y, style: Theme.label, maxWidth: rect.width)
        for (row, token) in g.ranked.prefix(rect.height - 1).enumerated() {
            let y = rect.y + 1 + row
            let p = g.next[token], plain = g.plain[token]
            let rank = String(repeating: " ", count: max(0, 2 - String(row + 1).count)) + "\(row + 1)."
            let symbol = StepExplanation.quote(g.vocabulary.symbol(at: token)).terminalSafe
            var cx = rect.x + grid.put("\(rank) \(symbol.padded(7)) ", x: rect.x, y: y, style: row == 0 ? Theme.target : Theme.numbers, maxWidth: rect.width)
            grid.put(SoftmaxPanel.bar(Float(p), width: barWidth), x: cx, y: y, style: Style(foreground: row == 0 ? Theme.target.foreground : Theme.probabilityBar))
            cx += barWidth + 1
            cx += grid.put(NumberText.precise(Float(p)).padded(numberWidth), x: cx, y: y, style: Theme.numbers, maxWidth: rect.maxX - cx)
            cx += grid.put("  " + NumberText.precise(Float(plain)).padded(numberWidth), x: cx, y: y, style: Theme.dim, maxWidth: rect.maxX - cx)
            if row == 0 { grid.put(rect.maxX - cx - 1 >= DisplayWidth.of(strings["gen.bars.most_likely"]) ? strings["gen.bars.most_likely"] : "◀ n", x: cx + 1, y: y, style: Theme.target, maxWidth: rect.maxX - cx - 1) }
        }
    }
}
