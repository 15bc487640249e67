import CellGrid
import RNNCore

/// Renders the explorer into a cell grid of any size: the single entry point views go
/// through, used by the terminal app, `rnnscope snapshot` and the tests alike.
public enum ExplorerScreen {
    public static var minimumSize: (width: Int, height: Int) { (Layout.minimumWidth, Layout.minimumHeight) }

    public static func render(_ explorer: Explorer, width: Int, height: Int) -> CellGrid {
        render(explorer, width: width, height: height, belowMinimumAllowed: false)
    }

    /// `belowMinimumAllowed`: a lesson draws the non-step views in the rows its narration
    /// leaves, which may be fewer than the minimum; those views adapt to their body.
    static func render(_ explorer: Explorer, width: Int, height: Int, belowMinimumAllowed: Bool) -> CellGrid {
        var grid = CellGrid(width: width, height: height)
        let layout = Layout(width: width, height: height, hidden: explorer.trace.config.hidden)
        guard layout.fitsMinimum || belowMinimumAllowed && width >= Layout.minimumWidth && height >= 12 else {
            drawTooSmall(on: &grid)
            return grid
        }
        drawHeader(explorer, layout: layout, on: &grid)
        switch explorer.view {
        case .step: StepView(explorer: explorer, layout: layout).draw(on: &grid)
        case .unrolled: ThroughTimeView(explorer: explorer, layout: layout).draw(on: &grid)
        case .training: TrainingView(explorer: explorer, layout: layout).draw(on: &grid)
        case .weights: WeightsView(explorer: explorer, layout: layout).draw(on: &grid)
        case .gradients: GradientsView(explorer: explorer, layout: layout).draw(on: &grid)
        case .compare: CompareView(explorer: explorer, layout: layout).draw(on: &grid)
        }
        if !layout.isFull, explorer.view == .step {
            // The compact step view has no room for the loss panel: one line instead.
            let last = explorer.losses.last.map { "   last epoch \(NumberText.precise($0))" } ?? ""
            grid.put("loss \(NumberText.precise(explorer.trace.loss))   epoch \(explorer.epoch)\(last)", x: 0, y: layout.messageLine.y, style: Theme.label, maxWidth: width)
        }
        drawMessage(explorer, layout: layout, on: &grid)
        drawStatus(explorer, layout: layout, on: &grid)
        if explorer.showHelp { HelpOverlay.draw(on: &grid) }
        return grid
    }

    static func drawTooSmall(on grid: inout CellGrid) {
        let lines = ["need at least \(Layout.minimumWidth)×\(Layout.minimumHeight)", "now \(grid.width)×\(grid.height)", "enlarge the terminal, or q to quit"]
        let top = max(0, (grid.height - lines.count) / 2)
        for (index, line) in lines.enumerated() {
            let x = max(0, (grid.width - DisplayWidth.of(line)) / 2)
            grid.put(line, x: x, y: top + index, style: index == 0 ? Theme.emphasis : Theme.dim, maxWidth: grid.width)
        }
    }

    static func drawHeader(_ explorer: Explorer, layout: Layout, on grid: inout CellGrid) {
        let config = explorer.trace.config
        grid.fill(layout.header, with: Cell(" ", style: Theme.header))
        let position = (ExplorerView.allCases.firstIndex(of: explorer.view) ?? 0) + 1
        let model = config.cell.isGated ? config.cell.title : (layout.isFull ? "RNN " : "") + config.activation.rawValue
        let left = " rnnscope  \(layout.isFull ? "char-" : "")\(model)  H=\(config.hidden) V=\(config.vocabulary.count)  loss=\(config.lossMode.rawValue)  T=\(explorer.trace.length)  seed \(explorer.seed)"
        let right = layout.isFull
            ? "view \(position)/\(ExplorerView.allCases.count): \(explorer.view.rawValue)  (tab)   ? help  q quit "
            : "\(explorer.view.rawValue) (tab)  ? help "
        grid.put(left, x: 0, y: 0, style: Theme.header, maxWidth: layout.width)
        let x = layout.width - DisplayWidth.of(right)
        if x >= DisplayWidth.of(left) + 2 { grid.put(right, x: x, y: 0, style: Theme.header) }
    }

    static func drawStatus(_ explorer: Explorer, layout: Layout, on grid: inout CellGrid) {
        grid.fill(layout.status, with: Cell(" ", style: Theme.status))
        let y = layout.status.y
        var x = grid.put(" t=\(explorer.t)/\(explorer.trace.length) ", x: 0, y: y, style: Theme.status)
        let phaseStyle = explorer.phase == .forward ? Theme.statusPhaseForward : Theme.statusPhaseBackward
        x += grid.put(" \(explorer.phase.rawValue) ", x: x, y: y, style: phaseStyle)
        let (index, count) = explorer.subStep.position(cell: explorer.cell)
        var rest = " \(index + 1)/\(count) \(explorer.subStep.name(cell: explorer.cell))  unit \(explorer.unit)  loss \(NumberText.precise(explorer.trace.loss))"
        if explorer.training { rest += "  ● training" }
        if explorer.autoplay { rest += "  ▶ auto-play" }
        x += grid.put(rest, x: x, y: y, style: Theme.status, maxWidth: layout.width - x)
        let hint = layout.isFull ? "←→ step  space sub-step  f/b phase  t/T train  ? help " : "space ←→ f/b ? "
        let hx = layout.width - DisplayWidth.of(hint)
        if hx > x + 1 { grid.put(hint, x: hx, y: y, style: Theme.status) }
    }

    /// Says what the × and ! marks in the heatmaps mean when the pass on screen overflowed.
    static func nonFiniteExplanation(_ explorer: Explorer) -> String? {
        let trace = explorer.trace
        let finite = trace.loss.isFinite && trace.parameters.isFinite
            && trace.steps.allSatisfy { $0.h.allSatisfy(\.isFinite) && $0.dh.allSatisfy(\.isFinite) }
        guard !finite else { return nil }
        return "× marks NaN, ! marks ±Inf: a number overflowed (weights too large?). r re-initialises; "
            + "in training, a smaller lr or clipping prevents it"
    }

    static func drawMessage(_ explorer: Explorer, layout: Layout, on grid: inout CellGrid) {
        let rect = layout.messageLine
        if let text = explorer.editing {
            grid.fill(rect, with: Cell(" ", style: Theme.message))
            let long = " type a sequence, Enter shows it, Esc cancels (the last character is the target): "
            let prompt = DisplayWidth.of(long) + 24 <= rect.width ? long : " type (last char = target; Enter/Esc): "
            let used = grid.put(prompt, x: 0, y: rect.y, style: Theme.message, maxWidth: rect.width)
            grid.put(text + "█", x: used, y: rect.y, style: Theme.emphasis, maxWidth: rect.width - used)
        } else if let message = explorer.message ?? nonFiniteExplanation(explorer) {
            grid.fill(rect, with: Cell(" ", style: Theme.message))
            grid.put(" " + message, x: 0, y: rect.y, style: Theme.message, maxWidth: rect.width)
        }
    }
}
