import CellGrid
import Localization
import RNNCore

/// The sequence along the top: each input character with the current step highlighted, and
/// under it the character the model should predict there (green when its top guess is right),
/// with a key to those colours where there is room.
struct Timeline {
    let frame: Frame

    func draw(in rect: Rect, on grid: inout CellGrid, boxed: Bool, highlighted: Bool) {
        let trace = frame.trace
        let strings = frame.strings
        let where_ = frame.windowIndex.map { strings("chrome.sequence.window", ["index": "\($0 + 1)", "count": "\(frame.windowCount)"]) }
            ?? strings["chrome.sequence.typed"]
        let inner = boxed
            ? PanelFrame.draw(strings("chrome.sequence.title", ["where": where_]), in: rect, on: &grid, boxed: true, highlighted: highlighted)
            : rect
        guard inner.height >= 2, inner.width > 12 else { return }
        let labelWidth = 8
        grid.put(strings["chrome.sequence.input"], x: inner.x, y: inner.y, style: Theme.label, maxWidth: labelWidth - 1)
        grid.put(strings["chrome.sequence.target"], x: inner.x, y: inner.y + 1, style: Theme.label, maxWidth: labelWidth - 1)
        let available = inner.width - labelWidth
        let T = trace.length
        let cell = max(2, min(5, available / max(1, T)))
        let visible = max(1, available / cell)
        // Scroll so the current step stays in view on long sequences.
        let first = max(0, min(frame.t - 1 - visible / 2, T - visible))
        for index in first..<min(T, first + visible) {
            let step = trace.steps[index]
            let x = inner.x + labelWidth + (index - first) * cell
            let isCurrent = index + 1 == frame.t
            let glyph = Self.show(trace.config.vocabulary.symbol(at: step.token))
            grid.put(glyph, x: x, y: inner.y, style: isCurrent ? Theme.current : Theme.numbers, maxWidth: cell)
            if let target = step.target {
                let top = TopK.argmax(step.probs)
                let style = top == target ? Theme.target : Theme.wrong
                grid.put(Self.show(trace.config.vocabulary.symbol(at: target)), x: x, y: inner.y + 1, style: style, maxWidth: cell)
            } else {
                grid.put("·", x: x, y: inner.y + 1, style: Theme.dim)
            }
        }
        if first > 0 { grid.put("…", x: inner.x + labelWidth - 1, y: inner.y, style: Theme.dim) }
        let used = labelWidth + min(T, visible) * cell + 2
        let scored = trace.steps.allSatisfy { $0.target != nil } ? "" : strings["chrome.sequence.not_scored"]
        let key = strings("chrome.sequence.key", ["scored": scored])
        if used + DisplayWidth.of(key) <= inner.width {
            grid.put(key, x: inner.maxX - DisplayWidth.of(key), y: inner.y + 1, style: Theme.dim)
        }
    }

    /// Characters that would be invisible get a visible stand-in.
    static func show(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case " ": return "␣"
        case "\n": return "⏎"
        case "\t": return "⇥"
        default:
            return scalar.properties.generalCategory == .control ? "�" : String(scalar)
        }
    }
}
