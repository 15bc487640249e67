import CellGrid
import Localization

/// Every key, and how to read the colours, over the current view.
enum HelpOverlay {
    /// Every key, from the one key map.
    static func keys(_ strings: Strings) -> [(String, String)] { KeyMap.rows.map { ($0.label, $0.help(strings)) } }

    static func reading(_ strings: Strings) -> [String] { [strings["help.reading.colours"], strings["help.reading.marks"]] }

    static func draw(on grid: inout CellGrid, strings: Strings) {
        let keys = self.keys(strings), reading = self.reading(strings)
        let keyWidth = 18
        let meaningWidth = (keys.map { DisplayWidth.of($0.1) } + reading.map { DisplayWidth.of($0) - keyWidth }).max() ?? 0
        let width = min(grid.width - 2, keyWidth + meaningWidth + 4)
        // On a short screen the colour notes give way, so every key stays listed.
        // The overlay may cover the title and status bars (any key closes it): at 80×24 every
        // key row needs the whole height.
        let withReading = keys.count + reading.count + 3 <= grid.height - 2
        let height = min(grid.height, keys.count + (withReading ? reading.count + 1 : 0) + 2)
        let rect = Rect(x: (grid.width - width) / 2, y: (grid.height - height) / 2, width: width, height: height)
        grid.fill(rect, with: Cell(" ", style: Theme.overlay))
        let inner = Box.draw(title: strings["help.title"], in: rect, on: &grid, highlighted: true)
        let lines = keys.map { Optional($0) } + (withReading ? [nil] + reading.map { ("", $0) } : [])
        for (index, entry) in lines.prefix(max(0, inner.height)).enumerated() {
            guard let (key, meaning) = entry else { continue }
            let y = inner.y + index
            if key.isEmpty {
                grid.put(meaning, x: inner.x + 1, y: y, style: Theme.overlayDim, maxWidth: inner.width - 1)
            } else {
                grid.put(key, x: inner.x + 1, y: y, style: Theme.keyName, maxWidth: keyWidth)
                grid.put(meaning, x: inner.x + 1 + keyWidth, y: y, style: Theme.overlay, maxWidth: inner.width - 1 - keyWidth)
            }
        }
    }
}
