import Foundation
import RNNCore
import ScopeNames

/// What the optimizer view draws for one tensor: the update it explains (the last applied, or
/// the next one before any step), heatmaps of g, m, v, m̂, v̂ and the step (averaged down to at
/// most `maxSide` per side, so a frame never holds a copy of a large tensor), the inspected
/// entry's arithmetic, clipping, and Adam's step against SGD's over the tensor.
public struct OptimizerFrame: Sendable {
    /// Which update the numbers are of.
    public enum Status: Sendable, Equatable {
        /// The update of epoch `epoch`, applied: the weights on screen are after it.
        case applied(epoch: Int)
        /// The update epoch `epoch` (the next one) will apply, from the current weights and state.
        case preview(epoch: Int)
        /// Nothing to show, and why.
        case unavailable(String)
    }

    /// A heatmap: its label, values (averaged to fit), colour scale, and where the entry sits;
    /// and the entries around the entry at full resolution (`window`, from `windowOrigin`), for
    /// screens too small to show the whole tensor.
    public struct Panel: Sendable {
        public let label: String
        public let values: [[Float]]
        public let scale: ColorScale
        public let entry: (row: Int, column: Int)
        public let window: [[Float]]
        public let windowOrigin: (row: Int, column: Int)
    }

    /// Norm and value clipping of this update.
    public struct Clip: Sendable {
        /// ‖g‖ over every tensor before clipping, the factor applied (1: none), the settings.
        public let globalNorm: Float
        public let coefficient: Float
        public let clipNorm: Float?
        public let clipValue: Float?
        /// This tensor's ‖g‖ after clipping and (solved for) before.
        public let tensorNormAfter: Float
        public let tensorNormBefore: Float
        /// Entries of this tensor clamped to ±clipValue.
        public let clampedCount: Int
    }

    /// Adam's step against SGD's over the tensor, for entries whose past gradients are small
    /// (√v̂ in the lowest quarter) and large (highest quarter).
    public struct Summary: Sendable {
        /// Median |Δθ| / lr and median |Adam step| / |SGD step|.
        public let quietStep: Double, quietRatio: Double
        public let busyStep: Double, busyRatio: Double
        public let quietRootV: Double, busyRootV: Double
        /// Entries looked at (every entry, or an even sample of a large tensor).
        public let count: Int
        public let sampled: Bool
    }

    public let tensor: OptimizerTensor
    public let tensorName: String
    public let rows: Int
    public let columns: Int
    public let isVector: Bool
    public let status: Status
    public let kind: OptimizerKind
    public let row: Int
    public let column: Int
    /// Placed by a lesson's `entry:`; otherwise the largest |g| among the inspected unit's entries.
    public let pinned: Bool
    public let panels: [Panel]
    /// The heatmaps are averaged (the tensor has more rows or columns than `maxSide`).
    public let averaged: Bool
    public let g: Float
    public let learningRate: Float
    /// Adam's arithmetic for the entry (nil for SGD).
    public let adam: AdamEntry?
    /// The entry's step, as the optimizer applies it.
    public let step: Float
    /// θ before and after the update (for an applied one, `before` is after − step).
    public let thetaBefore: Float
    public let thetaAfter: Float
    public let clip: Clip?
    public let summary: Summary?
    /// What the entry's row stands for, e.g. "row 23 = 'o'" for E, W_hy and b_y ("" otherwise).
    public var rowNote = ""

    static let maxSide = 128
    /// The full-resolution window kept around the entry: columns × rows.
    static let windowSize = (columns: 48, rows: 32)
    static let summarySample = 65_536

    static func unavailable(_ why: String, tensor: OptimizerTensor, shape: ModelShape, kind: OptimizerKind) -> OptimizerFrame {
        let (rows, columns, _) = tensor.geometry(shape)
        return OptimizerFrame(
            tensor: tensor, tensorName: tensor.name(cell: shape.cell), rows: rows, columns: columns, isVector: tensor.isVector(shape),
            status: .unavailable(why), kind: kind, row: 0, column: 0, pinned: false, panels: [], averaged: false, g: 0, learningRate: 0,
            adam: nil, step: 0, thetaBefore: 0, thetaAfter: 0, clip: nil, summary: nil)
    }

    /// The frame for `update` (applied, or a preview) with the optimizer's `state` (after an
    /// applied update, before a preview) and the current `parameters`. `unit` picks the entry
    /// unless `pinned` gives it ([row, column] in the tensor or block).
    static func make(
        tensor: OptimizerTensor, update: UpdateRecord, state: OptimizerState, parameters: Parameters, unit: Int, pinned: [Int]?
    ) -> OptimizerFrame {
        let shape = parameters.shape
        let (rows, columns, rowOffset) = tensor.geometry(shape)
        let start = shape.offset(of: tensor.parameter) + rowOffset * columns
        let count = rows * columns
        let range = start..<(start + count)
        let g = TensorValues(update.gradient.storage, range)
        let lr = update.learningRate
        let isAdam = update.optimizer == .adam
        // Adam's moments after the update: the state's for an applied one, computed for a preview.
        let t = update.isPreview ? state.stepCount + 1 : max(state.stepCount, 1)
        let hasMoments = state.kind == .adam && state.expAvg.count == shape.totalCount && state.stepCount > 0
        let mPrevious: (Int) -> Float = { hasMoments && update.isPreview ? state.expAvg[start + $0] : 0 }
        let vPrevious: (Int) -> Float = { hasMoments && update.isPreview ? state.expAvgSq[start + $0] : 0 }
        var m = TensorValues([]), v = TensorValues([]), steps = [Float](repeating: 0, count: count)
        let (beta1, beta2, eps) = (state.beta1, state.beta2, state.epsilon)
        let c1 = 1 - pow(beta1, Double(t)), c2 = 1 - pow(beta2, Double(t))
        if isAdam {
            if update.isPreview || !hasMoments {
                let w1 = Float(1 - beta1), d2 = Float(beta2), w2 = Float(1 - beta2)
                m = TensorValues((0..<count).map { mPrevious($0) + w1 * (g[$0] - mPrevious($0)) })
                v = TensorValues((0..<count).map { vPrevious($0) * d2 + w2 * g[$0] * g[$0] })
            } else {
                m = TensorValues(state.expAvg, range)
                v = TensorValues(state.expAvgSq, range)
            }
            let stepSize = Float(Double(lr) / c1), root = Float(c2.squareRoot())
            for i in 0..<count { steps[i] = -(stepSize * (m[i] / (v[i].squareRoot() / root + eps))) }
        } else {
            for i in 0..<count { steps[i] = -lr * g[i] }
        }

        // The entry: pinned, or the largest |g| among the unit's entries.
        let index: Int
        if let pinned, pinned.count >= 1 {
            let r = min(max(pinned[0], 0), rows - 1), c = min(max(pinned.count > 1 ? pinned[1] : 0, 0), columns - 1)
            index = r * columns + c
        } else {
            index = entryIndex(for: unit, tensor: tensor, shape: shape, rows: rows, columns: columns, g: g)
        }
        let row = index / columns, column = index % columns

        let adam: AdamEntry?
        if isAdam {
            adam = update.isPreview || !hasMoments
                ? AdamEntry(g: g[index], mPrevious: mPrevious(index), vPrevious: vPrevious(index), t: t, learningRate: lr,
                            beta1: beta1, beta2: beta2, epsilon: eps)
                : AdamEntry(applied: g[index], m: m[index], v: v[index], t: t, learningRate: lr, beta1: beta1, beta2: beta2, epsilon: eps)
        } else {
            adam = nil
        }
        let step = adam?.step ?? steps[index]
        // Only the entry's θ is shown: read in place (a copy of W_hh would be 16 MB at H=1024).
        let theta = parameters.storage[start + index]
        let thetaBefore = update.isPreview ? theta : Float(Double(theta) - Double(step))
        let thetaAfter = update.isPreview ? theta + step : theta

        // Heatmaps.
        let averaged = rows > maxSide || columns > maxSide
        // `transform` maps each value as it is read (m̂ and v̂ from m and v, without a copy of each).
        func panel<Values: RandomAccessCollection<Float>>(
            _ label: String, _ values: Values, sequential: Bool = false, transform: (Float) -> Float = { $0 }
        ) -> Panel where Values.Index == Int {
            let shrunk = shrink(values, rows: rows, columns: columns, transform: transform)
            let flat = shrunk.flatMap { $0 }
            // The 98th percentile of |value| (a few outliers saturate instead of washing out the rest).
            let limit = robustLimit(flat)
            let scale = sequential ? ColorScale.sequential(low: 0, high: limit) : ColorScale.diverging(limit: limit)
            let outRows = shrunk.count, outColumns = shrunk.first?.count ?? 1
            let top = min(max(0, row - windowSize.rows / 2), max(0, rows - windowSize.rows))
            let left = min(max(0, column - windowSize.columns / 2), max(0, columns - windowSize.columns))
            let window = (top..<min(rows, top + windowSize.rows)).map { r in
                values[(r * columns + left)..<(r * columns + min(columns, left + windowSize.columns))].map(transform)
            }
            return Panel(label: label, values: shrunk, scale: scale,
                         entry: (Grouping.group(of: row, count: rows, groups: outRows), Grouping.group(of: column, count: columns, groups: outColumns)),
                         window: window, windowOrigin: (top, left))
        }
        var panels = [panel("g", g)]
        if isAdam {
            panels.append(panel("m", m))
            panels.append(panel("v", v, sequential: true))
            panels.append(panel("m̂", m) { Float(Double($0) / c1) })
            panels.append(panel("v̂", v, sequential: true) { Float(Double($0) / c2) })
        }
        panels.append(panel("Δθ", steps))

        // Clipping.
        var clip: Clip?
        if update.clipNorm != nil || update.clipValue != nil {
            let after = Float(g.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot())
            let clamped = update.clipValue.map { limit in g.filter { abs($0) >= limit }.count } ?? 0
            clip = Clip(globalNorm: update.norm, coefficient: update.clipCoefficient, clipNorm: update.clipNorm, clipValue: update.clipValue,
                        tensorNormAfter: after, tensorNormBefore: update.clipCoefficient > 0 ? after / update.clipCoefficient : after,
                        clampedCount: clamped)
        }

        let summary = isAdam ? summarize(g: g, v: v, steps: steps, c2: c2, lr: lr) : nil
        return OptimizerFrame(
            tensor: tensor, tensorName: tensor.name(cell: shape.cell), rows: rows, columns: columns, isVector: tensor.isVector(shape),
            status: update.isPreview ? .preview(epoch: update.epoch) : .applied(epoch: update.epoch), kind: update.optimizer,
            row: row, column: column, pinned: pinned != nil, panels: panels, averaged: averaged, g: g[index], learningRate: lr,
            adam: adam, step: step, thetaBefore: thetaBefore, thetaAfter: thetaAfter, clip: clip, summary: summary)
    }

    /// The entry a unit inspects: of a tensor whose rows are units (W_hh, W_ih, a block, a
    /// bias), the unit's rows (every gate's, for a stacked tensor); of E and W_hy, whose rows are
    /// characters, the unit's column; of b_y, every entry. Among them, the largest |g|.
    static func entryIndex(for unit: Int, tensor: OptimizerTensor, shape: ModelShape, rows: Int, columns: Int, g: TensorValues) -> Int {
        let H = shape.hidden
        let u = min(max(unit, 0), H - 1)
        var candidates: [Int]
        switch tensor.parameter {
        case .embedding, .weightHY: candidates = (0..<rows).map { $0 * columns + min(u, columns - 1) }
        case .biasY: candidates = Array(0..<rows)
        default:
            let unitRows = stride(from: u, to: rows, by: H)
            candidates = unitRows.flatMap { r in (0..<columns).map { r * columns + $0 } }
        }
        if candidates.isEmpty { candidates = [0] }
        var best = candidates[0]
        for i in candidates where abs(g[i]) > abs(g[best]) || (!g[best].isFinite && g[i].isFinite) { best = i }
        return best
    }

    /// The 98th percentile of the finite |values| (the largest when that is 0), at least 1e-30.
    static func robustLimit(_ values: [Float]) -> Float {
        let magnitudes = values.filter(\.isFinite).map { abs($0) }.sorted()
        guard let largest = magnitudes.last else { return 1 }
        let percentile = magnitudes[min(magnitudes.count - 1, Int(Double(magnitudes.count) * 0.98))]
        return max(percentile > 0 ? percentile : largest, 1e-30)
    }

    /// The values as at most `maxSide` × `maxSide`, each the mean of its group.
    static func shrink<Values: RandomAccessCollection<Float>>(
        _ values: Values, rows: Int, columns: Int, transform: (Float) -> Float = { $0 }
    ) -> [[Float]] where Values.Index == Int {
        let outRows = min(rows, maxSide), outColumns = min(columns, maxSide)
        if outRows == rows, outColumns == columns {
            return (0..<rows).map { values[($0 * columns)..<(($0 + 1) * columns)].map(transform) }
        }
        return (0..<outRows).map { p in
            let rowRange = Grouping.range(p, count: rows, groups: outRows)
            return (0..<outColumns).map { q in
                let columnRange = Grouping.range(q, count: columns, groups: outColumns)
                var sum = 0.0
                for r in rowRange { for c in columnRange { sum += Double(transform(values[r * columns + c])) } }
                return Float(sum / Double(max(1, rowRange.count * columnRange.count)))
            }
        }
    }

    /// Medians over the quietest and busiest quarters (by √v̂) of an even sample of the entries.
    static func summarize(g: TensorValues, v: TensorValues, steps: [Float], c2: Double, lr: Float) -> Summary? {
        let every = max(1, g.count / summarySample)
        var items: [(rootV: Double, step: Double, ratio: Double)] = []
        for i in stride(from: 0, to: g.count, by: every) where g[i] != 0 && g[i].isFinite && steps[i].isFinite {
            items.append(((Double(v[i]) / c2).squareRoot(), abs(Double(steps[i])) / Double(lr),
                          abs(Double(steps[i])) / (Double(lr) * abs(Double(g[i])))))
        }
        guard items.count >= 4 else { return nil }
        items.sort { $0.rootV < $1.rootV }
        let quarter = max(1, items.count / 4)
        let quiet = items.prefix(quarter), busy = items.suffix(quarter)
        func median(_ values: [Double]) -> Double {
            let sorted = values.sorted()
            return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        }
        return Summary(
            quietStep: median(quiet.map(\.step)), quietRatio: median(quiet.map(\.ratio)),
            busyStep: median(busy.map(\.step)), busyRatio: median(busy.map(\.ratio)),
            quietRootV: median(quiet.map(\.rootV)), busyRootV: median(busy.map(\.rootV)),
            count: items.count, sampled: every > 1)
    }
}
