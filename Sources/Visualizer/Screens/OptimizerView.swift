import CellGrid
import Foundation
import RNNCore

/// Inside the update: for one tensor, the gradient g, Adam's moments m and v, their bias
/// corrections m̂ and v̂, and the step applied, side by side; then the inspected entry's
/// arithmetic with the real numbers, SGD's step for the same gradient, clipping, and how far
/// Adam moves quiet entries against busy ones.
struct OptimizerView {
    let frame: Frame
    let layout: Layout

    func draw(on grid: inout CellGrid) {
        let body = layout.body
        guard let o = frame.optimizer, body.height >= 8 else { return }
        let x = body.x + 1, width = body.width - 2
        var y = body.y
        let compact = !layout.isFull
        let text = Self.lines(o, compact: compact).flatMap { line in
            TextWrap.wrap(line.text, width: width).map { ($0, line.style) }
        }
        if case .unavailable = o.status {
            grid.put(Self.heading(o, compact: compact, window: nil), x: x, y: y, style: Theme.emphasis, maxWidth: width)
            y += 1
            for (line, style) in text where y < body.maxY {
                grid.put(line, x: x, y: y, style: style, maxWidth: width)
                y += 1
            }
            return
        }
        // The heatmaps take what the text leaves (at least 5 rows), up to their natural height.
        let available = body.maxY - y - 1
        let panelWidth = body.width / max(1, o.panels.count)
        let natural = naturalHeight(o, width: panelWidth)
        let panelHeight = min(natural, max(5, available - text.count))
        // The compact layout shows the entries around the inspected one, one pixel each.
        let window = compact && !o.isVector ? Self.window(o, columns: panelWidth - 2, pixelRows: 2 * (panelHeight - 3)) : nil
        grid.put(Self.heading(o, compact: compact, window: window), x: x, y: y, style: Theme.emphasis, maxWidth: width)
        y += 1
        drawPanels(o, window: window, in: Rect(x: body.x, y: y, width: body.width, height: panelHeight), on: &grid)
        y += panelHeight
        for (line, style) in text where y < body.maxY {
            grid.put(line, x: x, y: y, style: style, maxWidth: width)
            y += 1
        }
    }

    /// The rows and columns (of the tensor) a window of `columns` × `pixelRows` centred on the entry shows.
    static func window(_ o: OptimizerFrame, columns: Int, pixelRows: Int) -> (rows: Range<Int>, columns: Range<Int>)? {
        guard let first = o.panels.first, columns >= 1, pixelRows >= 1 else { return nil }
        let kept = (rows: first.window.count, columns: first.window.first?.count ?? 0)
        let w = min(columns, kept.columns), h = min(pixelRows, kept.rows)
        guard w < o.columns || h < o.rows else { return nil }
        let origin = first.windowOrigin
        let top = min(max(origin.row, o.row - h / 2), origin.row + kept.rows - h)
        let left = min(max(origin.column, o.column - w / 2), origin.column + kept.columns - w)
        return (top..<(top + h), left..<(left + w))
    }

    /// Rows a panel needs to show every (averaged) row: its frame, the heatmap, the ▲ row.
    func naturalHeight(_ o: OptimizerFrame, width: Int) -> Int {
        guard let first = o.panels.first else { return 5 }
        if o.isVector {
            return 2 + VectorHeatmap.rowsNeeded(count: first.values.count, width: max(1, width - 3))
        }
        return 2 + (first.values.count + 1) / 2 + 1
    }

    /// The line above the heatmaps: tensor, shape, which update, how it is drawn.
    static func heading(_ o: OptimizerFrame, compact: Bool, window: (rows: Range<Int>, columns: Range<Int>)?) -> String {
        let shape = o.isVector ? "[\(o.rows)]" : "[\(o.rows)×\(o.columns)]"
        var drawn = ""
        if let window {
            drawn = ", rows \(window.rows.lowerBound)–\(window.rows.upperBound - 1) cols \(window.columns.lowerBound)–\(window.columns.upperBound - 1) round the entry"
        } else if o.averaged || (!compact && !o.isVector && (o.rows > 40 || o.columns > 20)) {
            drawn = compact ? ", averaged" : ", averaged to fit (each pixel a block's mean)"
        }
        let keys = compact ? "" : "   m/M another tensor, ↑↓ another unit"
        switch o.status {
        case .applied(let epoch): return "\(o.tensorName) \(shape)\(drawn); epoch \(epoch), \(o.kind == .adam ? "Adam" : "SGD")\(keys)"
        case .preview(let epoch): return "\(o.tensorName) \(shape)\(drawn); epoch \(epoch), not applied yet\(keys)"
        case .unavailable: return "optimizer: \(o.tensorName) \(shape)\(keys)"
        }
    }

    private static let panelTitles: [String: (full: String, compact: String)] = [
        "g": ("g = dL/dθ (after clipping)", "g"),
        "m": ("m: Adam's 1st moment", "m"),
        "v": ("v: Adam's 2nd moment", "v"),
        "m̂": ("m̂ = m/(1−β1ᵗ)", "m̂"),
        "v̂": ("v̂ = v/(1−β2ᵗ)", "v̂"),
        "Δθ": ("Δθ: the step applied", "Δθ"),
    ]

    /// A colour scale's ends in a few characters: `±4.25e-03`, `0…5.53e-08`.
    static func range(_ scale: ColorScale) -> String {
        switch scale {
        case .diverging(let limit): return "±" + NumberText.value(limit)
        case .sequential(let low, let high): return low == 0 ? "≤" + NumberText.value(high) : "\(NumberText.value(low))…\(NumberText.value(high))"
        }
    }

    func drawPanels(_ o: OptimizerFrame, window: (rows: Range<Int>, columns: Range<Int>)?, in rect: Rect, on grid: inout CellGrid) {
        let n = max(1, o.panels.count)
        let boxed = layout.isFull
        for (k, panel) in o.panels.enumerated() {
            let left = rect.x + k * rect.width / n, right = rect.x + (k + 1) * rect.width / n
            let cell = Rect(x: left, y: rect.y, width: right - left - (boxed ? 0 : 1), height: rect.height)
            let titles = Self.panelTitles[panel.label] ?? (panel.label, panel.label)
            // Narrow boxes: the short label and the scale's range (the border's legend has no room for numbers).
            let wide = cell.width >= 44
            var inner = PanelFrame.draw(boxed && wide ? titles.full : titles.compact, note: boxed && wide ? "" : Self.range(panel.scale),
                                        in: cell, on: &grid, boxed: boxed, highlighted: panel.label == "Δθ")
            if !boxed { inner.height -= 1 }  // the last row keeps the scale's legend
            guard inner.height >= 1, inner.width >= 2 else { continue }
            if o.isVector {
                let values = panel.values.map { $0.first ?? .nan }
                // Too many to show: the ones around the entry.
                let capacity = inner.width * inner.height
                let start = values.count <= capacity ? 0
                    : min(max(0, (panel.entry.row - capacity / 2) / inner.width * inner.width), values.count - capacity)
                let shown = Array(values[start..<min(values.count, start + capacity)])
                VectorHeatmap.draw(shown, scale: panel.scale, selected: panel.entry.row - start, in: inner, on: &grid)
            } else if let window {
                let origin = panel.windowOrigin
                let rows = window.rows.map { r in Array(panel.window[r - origin.row][(window.columns.lowerBound - origin.column)..<(window.columns.upperBound - origin.column)]) }
                MatrixHeatmap.draw(rows, scale: panel.scale, in: inner, on: &grid,
                                   highlightRow: o.row - window.rows.lowerBound, highlightColumn: o.column - window.columns.lowerBound)
            } else {
                MatrixHeatmap.draw(panel.values, scale: panel.scale, in: inner, on: &grid,
                                   highlightRow: panel.entry.row, highlightColumn: panel.entry.column)
            }
            if boxed {
                PanelFrame.drawBorderLegend(panel.scale, under: cell, on: &grid)
            } else {
                Legend.draw(panel.scale, in: Rect(x: cell.x, y: cell.maxY - 1, width: cell.width, height: 1), on: &grid)
            }
        }
    }

    /// The text under the heatmaps (also what the tests recompute by hand).
    static func lines(_ o: OptimizerFrame, compact: Bool) -> [(text: String, style: Style)] {
        var out: [(String, Style)] = []
        let n = NumberText.self
        typealias A = Arithmetic
        let name = o.isVector ? "\(o.tensorName)[\(o.row)]" : "\(o.tensorName)[\(o.row),\(o.column)]"
        switch o.status {
        case .unavailable(let why):
            out.append((why, Theme.emphasis))
            out.append(("Then this view shows, for \(o.tensorName): the gradient g, Adam's moments m and v, m̂ and v̂, and the step each weight took, with the arithmetic for one entry.", Theme.dim))
            return out
        case .applied(let epoch):
            let how = o.pinned ? "placed by the lesson" : compact ? "unit's largest |g|, ↑↓" : "the largest |g| of the inspected unit's entries; ↑↓ another unit"
            let row = o.rowNote.isEmpty ? "" : ", \(o.rowNote)"
            out.append(("\(name)\(row) (\(how)): g = \(n.value(o.g))\(compact ? "" : ", epoch \(epoch)'s gradient")", Theme.label))
        case .preview(let epoch):
            let why = epoch <= 1 ? "no update yet: t trains one epoch."
                : "epoch \(epoch - 1)'s update was not kept (the weights changed since, or T trained while this view was closed)."
            out.append(("\(why) Epoch \(epoch) will apply this (g at the current weights, over every window):", Theme.emphasis))
            let how = o.pinned ? "placed by the lesson" : compact ? "unit's largest |g|, ↑↓" : "the largest |g| of the inspected unit's entries; ↑↓ another unit"
            let row = o.rowNote.isEmpty ? "" : ", \(o.rowNote)"
            out.append(("\(name)\(row) (\(how)): g = \(n.value(o.g))", Theme.label))
        }
        // Clipping.
        if let clip = o.clip {
            if let maxNorm = clip.clipNorm {
                if clip.coefficient < 1 {
                    out.append((A.line("clip: ‖g‖ = \(n.value(clip.globalNorm)) > \(n.setting(maxNorm)), factor", A.quotient(.n(maxNorm), .sum([.n(clip.globalNorm), .n(1e-6)])), result: clip.coefficient), Theme.numbers))
                    let before = o.g / clip.coefficient
                    out.append((A.line("g = g_before × factor", A.product([.n(before), .n(clip.coefficient)]), result: o.g), Theme.numbers))
                    out.append(("\(o.tensorName)'s ‖g‖: \(n.value(clip.tensorNormBefore)) before clipping → \(n.value(clip.tensorNormAfter)) after (every tensor × \(n.value(clip.coefficient)))", Theme.label))
                } else {
                    out.append(("clip at ‖g‖ = \(n.setting(maxNorm)): ‖g‖ = \(n.value(clip.globalNorm)), not clipped (factor 1); g is as BPTT made it", Theme.label))
                }
            }
            if let limit = clip.clipValue {
                let this = abs(o.g) >= limit ? "this entry was clamped to \(n.value(o.g))" : "this entry was not clamped"
                out.append(("clip_value \(n.setting(limit)): every entry clamped to ±\(n.setting(limit)); \(clip.clampedCount) of \(o.tensorName)'s \(o.rows * o.columns) were; \(this)", Theme.label))
            }
        }
        if let a = o.adam {
            let t = a.t
            let b1 = a.beta1, b2 = a.beta2
            out.append((A.line("m = β1·m + (1−β1)·g", A.sum([A.product([.n(b1), .n(a.mPrevious)]), A.product([.n(1 - b1), .n(a.g)])]), result: a.m), Theme.numbers))
            out.append((A.line("v = β2·v + (1−β2)·g²", A.sum([A.product([.n(b2), .n(a.vPrevious)]), A.product([.n(1 - b2), .square(.n(a.g))])]), result: a.v), Theme.numbers))
            out.append((A.line("m̂ = m/(1−β1^\(t))", A.quotient(.n(a.m), .n(a.correction1)), result: a.mHat), Theme.numbers))
            out.append((A.line("v̂ = v/(1−β2^\(t))", A.quotient(.n(a.v), .n(a.correction2)), result: a.vHat), Theme.numbers))
            out.append((A.line("Δθ", symbolic: compact ? nil : "−lr·m̂/(√v̂+ε)", A.negation(A.product([.n(a.learningRate), A.quotient(.n(a.mHat), .sum([.function("√", .n(a.vHat)), .n(Double(a.epsilon))]))])), result: a.step), Theme.numbers))
            if !compact {
                out.append(("(β1 \(n.setting(Float(b1))), β2 \(n.setting(Float(b2))), ε \(n.setting(a.epsilon)), lr \(n.setting(a.learningRate)), t = \(t): Adam's step count; PyTorch computes Δθ as −(lr/(1−β1ᵗ))·m/(√v/√(1−β2ᵗ)+ε), the same number)", Theme.dim))
            }
        } else {
            out.append((A.line("Δθ", symbolic: "−lr·g", A.negation(A.product([.n(o.learningRate), .n(o.g)])), result: o.step), Theme.numbers))
            out.append(("SGD keeps no moments: Adam's m and v are not used (lr \(n.setting(o.learningRate)))", Theme.dim))
        }
        out.append((A.line("θ_after = θ_before + Δθ", A.sum([.n(o.thetaBefore), .n(o.step)]), result: o.thetaAfter), Theme.numbers))
        if o.adam != nil {
            let sgd = -o.learningRate * o.g
            out.append((A.line(compact ? "SGD's step" : "SGD's step for the same g", symbolic: "−lr·g", A.negation(A.product([.n(o.learningRate), .n(o.g)])), result: sgd), Theme.numbers))
            if sgd != 0 {
                out.append((A.line("|Adam step| / |SGD step|", A.quotient(.n(abs(o.step)), .n(abs(sgd))), result: Double(abs(o.step)) / Double(abs(sgd))), Theme.numbers))
            }
            if let s = o.summary {
                let over = s.sampled ? "an even sample of \(s.count) of \(o.tensorName)'s entries" : "\(o.tensorName)'s \(s.count) entries with g ≠ 0"
                if compact {
                    out.append(("quiet quarter: \(n.value(s.quietStep))·lr, \(n.ratio(s.quietRatio))× SGD's; busy: \(n.value(s.busyStep))·lr, \(n.ratio(s.busyRatio))× SGD's", Theme.label))
                    out.append((s.quietRatio > 1 ? "Adam ÷ √v̂ (recent |g|): quiet weights move far more than SGD would move them."
                        : "Adam ÷ √v̂ (recent |g|): with g this large, every weight moves far less than SGD's.", Theme.dim))
                } else {
                    out.append(("over \(over): quiet quarter (√v̂ ≈ \(n.value(s.quietRootV))) steps \(n.value(s.quietStep))·lr, \(n.ratio(s.quietRatio))× SGD's; busy quarter (√v̂ ≈ \(n.value(s.busyRootV))) steps \(n.value(s.busyStep))·lr, \(n.ratio(s.busyRatio))× SGD's", Theme.label))
                    let alike = max(s.quietStep, s.busyStep) <= 3 * min(s.quietStep, s.busyStep)
                    let sizes = alike ? "quiet and busy weights take steps of a similar size" : "quiet and busy weights take steps of \(n.value(s.quietStep))·lr and \(n.value(s.busyStep))·lr"
                    let versus = s.quietRatio > 1 ? "so weights with small or rare gradients move much further than SGD's −lr·g would move them."
                        : "so with gradients this large every weight moves far less than SGD's −lr·g would move it."
                    out.append(("Adam divides each step by √v̂, the size of that entry's recent gradients: \(sizes), \(versus)", Theme.dim))
                    out.append(("Each panel has its own colour scale (legend on its border); the largest 2% of values saturate.", Theme.dim))
                }
            }
        }
        return out
    }
}
