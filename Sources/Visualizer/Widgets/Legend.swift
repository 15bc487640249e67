import CellGrid

/// One line naming a colour scale's range: `-0.87 ███████ 0 ███████ +0.87` for a diverging
/// scale (the `0` sits on the ramp's middle cell), `0.00 █████████ 1.00` for a sequential one.
///
/// The ramp cells carry `intensity`, so in monochrome the legend shows the same shading as the
/// heatmap it explains. Numbers use `NumberFormat.compact` (ASCII `-`). When the rect is too
/// narrow for the labels and a ramp of at least 3 cells, only the ramp is drawn.
public enum Legend {
    public static func draw(_ scale: ColorScale, in rect: Rect, on grid: inout CellGrid) {
        let rect = rect.sanitized
        guard !rect.isEmpty else { return }
        let y = rect.y
        let (low, high) = scale.range
        let isDiverging: Bool
        if case .diverging = scale { isDiverging = true } else { isDiverging = false }
        let left = NumberFormat.compact(low)
        let right = (isDiverging ? "+" : "") + NumberFormat.compact(high)
        let labelWidth = DisplayWidth.of(left) + DisplayWidth.of(right) + 2
        let withLabels = rect.width - labelWidth >= 3
        var rampX = rect.x, rampWidth = rect.width
        if withLabels {
            rampX = rect.x + DisplayWidth.of(left) + 1
            rampWidth = rect.width - labelWidth
        }
        // An odd ramp has a middle cell exactly at 0 for the diverging scale.
        if isDiverging, rampWidth % 2 == 0, rampWidth > 1 { rampWidth -= 1 }
        if withLabels {
            grid.drawText(left, x: rect.x, y: y, clip: rect)
            grid.drawText(right, x: rampX + rampWidth + 1, y: y, clip: rect)
        }
        for i in 0..<rampWidth {
            let t = (Double(i) + 0.5) / Double(rampWidth)
            let value = Float(Double(low) + t * (Double(high) - Double(low)))
            var cell = Cell(" ", style: Style(background: scale.color(atPosition: t)),
                            intensity: scale.intensity(for: value))
            if isDiverging, rampWidth >= 3, i == rampWidth / 2 {
                cell = Cell("0", style: Style(foreground: WidgetPalette.contrast(on: cell.style.background),
                                              background: cell.style.background))
            }
            grid.drawCell(cell, x: rampX + i, y: y, clip: rect)
        }
    }
}
