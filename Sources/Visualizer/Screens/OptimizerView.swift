import CellGrid
import Foundation
import Localization
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
        let strings = frame.strings
        let text = Self.lines(o, compact: compact, strings: strings).flatMap { line in
            TextWrap.wrap(line.text, width: width).map { ($0, line.style) }
        }
        if case .unavailable = o.status {
            grid.put(Self.heading(o, compact: compact, window: nil, strings: strings), x: x, y: y, style: Theme.emphasis, maxWidth: width)
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
        grid.put(Self.heading(o, compact: compact, window: window, strings: strings), x: x, y: y, style: Theme.emphasis, maxWidth: width)
        y += 1
        drawPanels(o, window: window, strings: strings, in: Rect(x: body.x, y: y, width: body.width, height: panelHeight), on: &grid)
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
    static func heading(_ o: OptimizerFrame, compact: Bool, window: (rows: Range<Int>, columns: Range<Int>)?, strings: Strings) -> String {
        let shape = o.isVector ? "[\(o.rows)]" : "[\(o.rows)×\(o.columns)]"
        var drawn = ""
        if let window {
            drawn = strings("opt.heading.window", [
                "r0": "\(window.rows.lowerBound)", "r1": "\(window.rows.upperBound - 1)",
                "c0": "\(window.columns.lowerBound)", "c1": "\(window.columns.upperBound - 1)",
            ])
        } else if o.averaged || (!compact && !o.isVector && (o.rows > 40 || o.columns > 20)) {
            drawn = compact ? strings["opt.heading.averaged.short"] : strings["opt.heading.averaged"]
        }
        let keys = compact ? "" : strings["opt.heading.keys"]
        let fields = ["tensor": o.tensorName, "shape": shape, "drawn": drawn, "keys": keys]
        switch o.status {
        case .applied(let epoch):
            return strings("opt.heading.applied", fields.merging(["epoch": "\(epoch)", "kind": o.kind == .adam ? "Adam" : "SGD"]) { $1 })
        case .preview(let epoch): return strings("opt.heading.preview", fields.merging(["epoch": "\(epoch)"]) { $1 })
        case .unavailable: return strings("opt.heading.unavailable", fields)
        }
    }

    /// A panel's title: the long one in a wide box, else its symbol.
    static func panelTitles(_ label: String, strings: Strings) -> (full: String, compact: String) {
        switch label {
        case "g": return (strings["opt.panel.g"], "g")
        case "m": return (strings["opt.panel.m"], "m")
        case "v": return (strings["opt.panel.v"], "v")
        case "m̂": return ("m̂ = m/(1−β1ᵗ)", "m̂")
        case "v̂": return ("v̂ = v/(1−β2ᵗ)", "v̂")
        case "Δθ": return (strings["opt.panel.step"], "Δθ")
        default: return (label, label)
        }
    }

    /// A colour scale's ends in a few characters: `±4.25e-03`, `0…5.53e-08`.
    static func range(_ scale: ColorScale) -> String {
        switch scale {
        case .diverging(let limit): return "±" + NumberText.value(limit)
        case .sequential(let low, let high): return low == 0 ? "≤" + NumberText.value(high) : "\(NumberText.value(low))…\(NumberText.value(high))"
        }
    }

    func drawPanels(_ o: OptimizerFrame, window: (rows: Range<Int>, columns: Range<Int>)?, strings: Strings, in rect: Rect, on grid: inout CellGrid) {
        let n = max(1, o.panels.count)
        let boxed = layout.isFull
        for (k, panel) in o.panels.enumerated() {
            let left = rect.x + k * rect.width / n, right = rect.x + (k + 1) * rect.width / n
            let cell = Rect(x: left, y: rect.y, width: right - left - (boxed ? 0 : 1), height: rect.height)
            let titles = Self.panelTitles(panel.label, strings: strings)
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
    static func lines(_ o: OptimizerFrame, compact: Bool, strings: Strings) -> [(text: String, style: Style)] {
        var out: [(String, Style)] = []
        let n = NumberText.self
        typealias A = Arithmetic
        let name = o.isVector ? "\(o.tensorName)[\(o.row)]" : "\(o.tensorName)[\(o.row),\(o.column)]"
        switch o.status {
        case .unavailable(let why):
            out.append((why, Theme.emphasis))
            out.append((strings("opt.unavailable.then", ["tensor": o.tensorName]), Theme.dim))
            return out
        case .applied(let epoch):
            let how = o.pinned ? strings["opt.how.pinned"] : compact ? strings["opt.how.short"] : strings["opt.how"]
            let row = o.rowNote.isEmpty ? "" : strings("opt.entry.row", ["note": o.rowNote])
            let of = compact ? "" : strings("opt.entry.epoch", ["epoch": "\(epoch)"])
            out.append((strings("opt.entry", ["name": name, "row": row, "how": how, "g": n.value(o.g), "epoch": of]), Theme.label))
        case .preview(let epoch):
            let why = epoch <= 1 ? strings["opt.preview.not_yet"] : strings("opt.preview.not_kept", ["epoch": "\(epoch - 1)"])
            out.append((strings("opt.preview", ["why": why, "epoch": "\(epoch)"]), Theme.emphasis))
            let how = o.pinned ? strings["opt.how.pinned"] : compact ? strings["opt.how.short"] : strings["opt.how"]
            let row = o.rowNote.isEmpty ? "" : strings("opt.entry.row", ["note": o.rowNote])
            out.append((strings("opt.entry", ["name": name, "row": row, "how": how, "g": n.value(o.g), "epoch": ""]), Theme.label))
        }
        // Clipping.
        if let clip = o.clip {
            if let maxNorm = clip.clipNorm {
                if clip.coefficient < 1 {
                    out.append((A.line(strings("opt.clip.factor", ["norm": n.value(clip.globalNorm), "max": n.setting(maxNorm)]), A.quotient(.n(maxNorm), .sum([.n(clip.globalNorm), .n(1e-6)])), result: clip.coefficient), Theme.numbers))
                    let before = o.g / clip.coefficient
                    out.append((A.line(strings["opt.clip.g"], A.product([.n(before), .n(clip.coefficient)]), result: o.g), Theme.numbers))
                    out.append((strings("opt.clip.tensor", [
                        "tensor": o.tensorName, "before": n.value(clip.tensorNormBefore), "after": n.value(clip.tensorNormAfter),
                        "factor": n.value(clip.coefficient),
                    ]), Theme.label))
                } else {
                    out.append((strings("opt.clip.none", ["max": n.setting(maxNorm), "norm": n.value(clip.globalNorm)]), Theme.label))
                }
            }
            if let limit = clip.clipValue {
                let this = abs(o.g) >= limit ? strings("opt.clamp.this", ["g": n.value(o.g)]) : strings["opt.clamp.this.not"]
                out.append((strings("opt.clamp", [
                    "limit": n.setting(limit), "count": "\(clip.clampedCount)", "tensor": o.tensorName, "total": "\(o.rows * o.columns)", "this": this,
                ]), Theme.label))
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
                out.append((strings("opt.adam.settings", [
                    "b1": n.setting(Float(b1)), "b2": n.setting(Float(b2)), "eps": n.setting(a.epsilon), "lr": n.setting(a.learningRate), "t": "\(t)",
                ]), Theme.dim))
            }
        } else {
            out.append((A.line("Δθ", symbolic: "−lr·g", A.negation(A.product([.n(o.learningRate), .n(o.g)])), result: o.step), Theme.numbers))
            out.append((strings("opt.sgd.no_moments", ["lr": n.setting(o.learningRate)]), Theme.dim))
        }
        out.append((A.line("θ_after = θ_before + Δθ", A.sum([.n(o.thetaBefore), .n(o.step)]), result: o.thetaAfter), Theme.numbers))
        if o.adam != nil {
            let sgd = -o.learningRate * o.g
            out.append((A.line(compact ? strings["opt.sgd.step.short"] : strings["opt.sgd.step"], symbolic: "−lr·g", A.negation(A.product([.n(o.learningRate), .n(o.g)])), result: sgd), Theme.numbers))
            if sgd != 0 {
                out.append((A.line(strings["opt.ratio"], A.quotient(.n(abs(o.step)), .n(abs(sgd))), result: Double(abs(o.step)) / Double(abs(sgd))), Theme.numbers))
            }
            if let s = o.summary {
                let over = strings(s.sampled ? "opt.summary.over.sampled" : "opt.summary.over.all", ["count": "\(s.count)", "tensor": o.tensorName])
                let numbers = [
                    "qs": n.value(s.quietStep), "qr": n.ratio(s.quietRatio), "bs": n.value(s.busyStep), "br": n.ratio(s.busyRatio),
                    "qv": n.value(s.quietRootV), "bv": n.value(s.busyRootV), "over": over,
                ]
                if compact {
                    out.append((strings("opt.summary.short", numbers), Theme.label))
                    out.append((s.quietRatio > 1 ? strings["opt.summary.short.further"] : strings["opt.summary.short.less"], Theme.dim))
                } else {
                    out.append((strings("opt.summary", numbers), Theme.label))
                    let alike = max(s.quietStep, s.busyStep) <= 3 * min(s.quietStep, s.busyStep)
                    let sizes = alike ? strings["opt.sizes.alike"] : strings("opt.sizes", numbers)
                    let versus = s.quietRatio > 1 ? strings["opt.versus.further"] : strings["opt.versus.less"]
                    out.append((strings("opt.divides", ["sizes": sizes, "versus": versus]), Theme.dim))
                    out.append((strings["opt.scales"], Theme.dim))
                }
            }
        }
        return out
    }
}
