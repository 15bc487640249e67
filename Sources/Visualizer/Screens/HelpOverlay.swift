import CellGrid

/// Every key, over the current view.
enum HelpOverlay {
    static let keys: [(String, String)] = [
        ("→ / l", "next time step"), ("← / h", "previous time step"),
        ("space", "next sub-step (forward, then BPTT)"), ("backspace", "previous sub-step"),
        ("f / b", "forward / backward (BPTT) phase"), ("↑ / k, ↓ / j", "select the inspected unit (PgUp/PgDn: ±8)"),
        ("t", "train one epoch"), ("T", "start / stop continuous training"),
        ("p", "auto-play the sub-steps"), ("s / S", "next / previous training window"),
        ("e", "type your own sequence (last character = target)"), ("r", "re-initialise the weights"),
        ("y", "loss curve: linear / log scale"), ("tab / shift-tab", "cycle views: step, through time, training, W_hh"),
        ("?", "this help (any key closes)"), ("q / Ctrl-C", "quit"),
    ]

    static func draw(on grid: inout CellGrid) {
        let width = min(grid.width - 4, 66)
        let height = min(grid.height - 2, keys.count + 4)
        let rect = Rect(x: (grid.width - width) / 2, y: (grid.height - height) / 2, width: width, height: height)
        grid.fill(rect, with: Cell(" ", style: Theme.overlay))
        let inner = Box.draw(title: "keys", in: rect, on: &grid, highlighted: true)
        for (index, (key, meaning)) in keys.prefix(max(0, inner.height - 1)).enumerated() {
            let y = inner.y + index
            grid.put(key.padded(18), x: inner.x + 1, y: y, style: Theme.keyName, maxWidth: inner.width - 1)
            grid.put(meaning, x: inner.x + 19, y: y, style: Theme.overlay, maxWidth: inner.width - 20)
        }
    }
}
