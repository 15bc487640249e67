import Foundation
import CellGrid
import Localization
import RNNCore
import ScopeNames

/// Renders the explorer into a cell grid of any size: the single entry point views go
/// through, used by the terminal app, `rnnscope snapshot` and the tests alike.
public enum ExplorerScreen {
    public static var minimumSize: (width: Int, height: Int) { (Layout.minimumWidth, Layout.minimumHeight) }

    public static func render(_ explorer: Explorer, width: Int, height: Int) -> CellGrid {
        let frame = explorer.frame()
        return Theme.drawing(frame.ui.resolvedTheme) {
            render(frame, width: width, height: height, belowMinimumAllowed: false)
        }
    }

    /// Draws with the current `Theme.palette` (the public entry points bind it).
    /// `belowMinimumAllowed`: a lesson draws the non-step views in the rows its narration
    /// leaves, which may be fewer than the minimum; those views adapt to their body.
    static func render(_ frame: Frame, width: Int, height: Int, belowMinimumAllowed: Bool) -> CellGrid {
        var grid = CellGrid(width: width, height: height)
        let layout = Layout(width: width, height: height, hidden: frame.trace.config.hidden)
        guard layout.fitsMinimum || belowMinimumAllowed && width >= Layout.minimumWidth && height >= 12 else {
            drawTooSmall(on: &grid, strings: frame.strings)
            return grid
        }
        drawHeader(frame, layout: layout, on: &grid)
        if frame.ui.concealed, frame.view != .step {
            // Other views show whole-sequence numbers: none until the question is answered.
            grid.put(frame.strings["chrome.concealed"], x: 2, y: layout.body.y + 1, style: Theme.dim,
                     maxWidth: layout.width - 2)
            drawMessage(frame, layout: layout, on: &grid)
            drawStatus(frame, layout: layout, on: &grid)
            return grid
        }
        switch frame.view {
        case .step where frame.ui.present: ClassroomView(frame: frame).draw(in: layout.body, on: &grid)
        case .step: StepView(frame: frame, layout: layout).draw(on: &grid)
        case .time: ThroughTimeView(frame: frame, layout: layout).draw(on: &grid)
        case .training: TrainingView(frame: frame, layout: layout).draw(on: &grid)
        case .weights: WeightsView(frame: frame, layout: layout).draw(on: &grid)
        case .gradients: GradientsView(frame: frame, layout: layout).draw(on: &grid)
        case .compare: CompareView(frame: frame, layout: layout).draw(on: &grid)
        case .generate: GenerateView(frame: frame, layout: layout).draw(on: &grid)
        case .neurons: NeuronView(frame: frame, layout: layout).draw(on: &grid)
        case .optimizer: OptimizerView(frame: frame, layout: layout).draw(on: &grid)
        }
        if !layout.isFull, frame.view == .step, !frame.ui.present, !frame.ui.concealed {
            // The compact step view has no room for the loss panel: one line instead.
            let strings = frame.strings
            let last = frame.losses.last.map { "   " + strings("chrome.compact.last_epoch", ["loss": NumberText.precise($0)]) } ?? ""
            let loss = strings("chrome.compact.loss", ["loss": NumberText.precise(frame.trace.loss), "epoch": "\(frame.epoch)"])
            grid.put(loss + (frame.isPast ? strings["rewind.compact.past"] : "") + last, x: 0, y: layout.messageLine.y, style: Theme.label, maxWidth: width)
        }
        drawMessage(frame, layout: layout, on: &grid)
        drawStatus(frame, layout: layout, on: &grid)
        if frame.ui.showHelp { HelpOverlay.draw(on: &grid, strings: frame.strings) }
        return grid
    }

    static func drawTooSmall(on grid: inout CellGrid, strings: Strings) {
        let lines = [strings("chrome.too_small.need", ["size": "\(Layout.minimumWidth)×\(Layout.minimumHeight)"]),
                     strings("chrome.too_small.now", ["size": "\(grid.width)×\(grid.height)"]), strings["chrome.too_small.enlarge"]]
        let top = max(0, (grid.height - lines.count) / 2)
        for (index, line) in lines.enumerated() {
            let x = max(0, (grid.width - DisplayWidth.of(line)) / 2)
            grid.put(line, x: x, y: top + index, style: index == 0 ? Theme.emphasis : Theme.dim, maxWidth: grid.width)
        }
    }

    static func drawHeader(_ frame: Frame, layout: Layout, on grid: inout CellGrid) {
        let config = frame.trace.config
        let strings = frame.strings
        grid.fill(layout.header, with: Cell(" ", style: Theme.header))
        let position = (ScreenView.allCases.firstIndex(of: frame.view) ?? 0) + 1
        let model = config.cell.isGated ? config.cell.title : (layout.isFull ? "RNN " : "") + config.activation.rawValue
        let left = " rnnscope  " + strings("chrome.header.model", [
            "model": (layout.isFull ? strings["chrome.header.char"] : "") + model, "hidden": "\(config.hidden)",
            "vocabulary": "\(config.vocabulary.count)", "loss": strings["chrome.loss_mode.\(config.lossMode.rawValue)"],
            "length": "\(frame.trace.length)", "seed": "\(frame.seed)"])
        let title = frame.view.title(in: strings)
        let right = layout.isFull
            ? strings("chrome.header.view", ["position": "\(position)", "count": "\(ScreenView.allCases.count)", "title": title])
            : strings("chrome.header.view_compact", ["title": title])
        if let history = frame.history, let past = history.pastEpoch {
            // Looking at the past wins the header's right end, in reverse video (seen in mono too).
            let marker = strings(layout.isFull ? "rewind.header.full" : "rewind.header.compact",
                                 ["epoch": "\(past)", "present": "\(history.presentEpoch)"])
            let x = max(0, layout.width - DisplayWidth.of(marker))
            // Drop whole fields from the right ("seed 0", "T=10") rather than cut one mid-word.
            var fields = left.components(separatedBy: "  ")
            while fields.count > 2, DisplayWidth.of(fields.joined(separator: "  ")) > x - 1 { fields.removeLast() }
            grid.put(fields.joined(separator: "  "), x: 0, y: 0, style: Theme.header, maxWidth: max(0, x - 1))
            grid.put(marker, x: x, y: 0, style: Theme.current, maxWidth: layout.width - x)
            return
        }
        grid.put(left, x: 0, y: 0, style: Theme.header, maxWidth: layout.width)
        let x = layout.width - DisplayWidth.of(right)
        if x >= DisplayWidth.of(left) + 2 { grid.put(right, x: x, y: 0, style: Theme.header) }
    }

    static func drawStatus(_ frame: Frame, layout: Layout, on grid: inout CellGrid) {
        grid.fill(layout.status, with: Cell(" ", style: Theme.status))
        let y = layout.status.y
        // The key hints keep their place at the right; the text beside them is cut instead.
        let strings = frame.strings
        let hint = KeyMap.hints(full: layout.isFull, strings: strings)
        let hx = Self.hintX(layout, strings: strings)
        let end = hx > 20 ? hx - 1 : layout.width
        var x = grid.put(" t=\(frame.t)/\(frame.trace.length) ", x: 0, y: y, style: Theme.status, maxWidth: end)
        let phaseStyle = frame.phase == .forward ? Theme.statusPhaseForward : Theme.statusPhaseBackward
        x += grid.put(" \(strings["chrome.phase.\(frame.phase.rawValue)"]) ", x: x, y: y, style: phaseStyle, maxWidth: end - x)
        let (index, count) = SubStepNames.position(frame.subStep, cell: frame.cell)
        var fields = ["\(index + 1)/\(count) \(SubStepNames.name(frame.subStep, cell: frame.cell, strings: strings))", strings("chrome.status.unit", ["unit": "\(frame.unit)"]),
                      // While a lesson's question waits for its answer, the loss would give it away.
                      strings("chrome.status.loss", ["loss": frame.ui.concealed ? "·" : NumberText.precise(frame.trace.loss)])]
        if frame.ui.training { fields.append(strings["chrome.status.training"]) }
        if frame.ui.autoplay { fields.append(strings["chrome.status.autoplay"]) }
        // Whole fields only: a cut number would read as another number.
        for (n, field) in fields.enumerated() {
            let text = (n == 0 ? " " : "  ") + field
            if DisplayWidth.of(text) <= end - x {
                x += grid.put(text, x: x, y: y, style: Theme.status)
            } else if n == 0 {
                x += grid.put(TextWrap.shorten(text, width: end - x), x: x, y: y, style: Theme.status, maxWidth: end - x)
            }
        }
        if hx > 20 { grid.put(hint, x: hx, y: y, style: Theme.status) }
    }

    /// Where the status bar's key hints start: the same column whatever the text beside them.
    static func hintX(_ layout: Layout, strings: Strings) -> Int {
        layout.width - DisplayWidth.of(KeyMap.hints(full: layout.isFull, strings: strings))
    }

    /// Says what the × and ! marks in the heatmaps mean when the pass on screen overflowed.
    /// (`Trace.isFinite`, worked out when the pass was recorded: nothing to look through here.)
    static func nonFiniteExplanation(_ frame: Frame) -> String? {
        guard !frame.trace.isFinite else { return nil }
        return frame.strings["chrome.non_finite"]
    }

    static func drawMessage(_ frame: Frame, layout: Layout, on grid: inout CellGrid) {
        let rect = layout.messageLine
        let strings = frame.strings
        if let text = frame.ui.editing {
            grid.fill(rect, with: Cell(" ", style: Theme.message))
            var (long, short): (String, String)
            switch frame.ui.typing {
            case .sequence where frame.view == .generate: (long, short) = (strings["chrome.typing.prompt"], strings["chrome.typing.prompt.short"])
            case .sequence: (long, short) = (strings["chrome.typing.sequence"], strings["chrome.typing.sequence.short"])
            case .savePath: (long, short) = (strings["chrome.typing.save"], strings["chrome.typing.save.short"])
            case .openPath: (long, short) = (strings["chrome.typing.open"], strings["chrome.typing.open.short"])
            }
            (long, short) = (strings("chrome.typing.frame", ["prompt": long]), strings("chrome.typing.frame", ["prompt": short]))
            let prompt = DisplayWidth.of(long) + 24 <= rect.width ? long : short
            let used = grid.put(prompt, x: 0, y: rect.y, style: Theme.message, maxWidth: rect.width)
            grid.put(text + "█", x: used, y: rect.y, style: Theme.emphasis, maxWidth: rect.width - used)
        } else if let message = frame.ui.message ?? nonFiniteExplanation(frame) {
            grid.fill(rect, with: Cell(" ", style: Theme.message))
            grid.put(" " + message, x: 0, y: rect.y, style: Theme.message, maxWidth: rect.width)
        }
    }
}
