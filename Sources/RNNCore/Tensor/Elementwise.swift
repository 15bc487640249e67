/// Element-wise passes, 16 floats at a time. Each is a loop over whole lanes plus one call
/// for a partial tail, through the same lane code, so every element gets the same arithmetic
/// wherever it sits (and the main loop's lane code is not split into scalars by the tail's).
enum Elementwise {
    /// out = x + y over [count] (out may be x or y).
    static func sum(_ out: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int) {
        var i = 0
        while i + 16 <= count {
            (Lane.load(x + i) + Lane.load(y + i)).store(out + i)
            i += 16
        }
        if i < count { (Lane.load(x + i, count - i) + Lane.load(y + i, count - i)).store(out + i, count - i) }
    }

    /// One forward step, `rows` rows of `width`: a = product + P[token], h = f(a). One call per
    /// step (not per row) lets the lane code's constants stay in registers across rows.
    static func activate(
        a: UnsafeMutablePointer<Float>, h: UnsafeMutablePointer<Float>, product: UnsafePointer<Float>,
        table: UnsafePointer<Float>, tokens: UnsafePointer<Int32>, rows: Int, width: Int, _ f: Activation
    ) {
        for r in 0..<rows {
            let start = r * width, tableRow = table + Int(tokens[r]) * width
            var i = 0
            while i + 16 <= width {
                activateLane(a + start + i, h + start + i, product + start + i, tableRow + i, 16, f)
                i += 16
            }
            if i < width { activateLane(a + start + i, h + start + i, product + start + i, tableRow + i, width - i, f) }
        }
    }

    /// One backward step, `rows` rows of `width`: da = dh ⊙ f'(a), with f' written in terms of
    /// h = f(a); dP[token] += da (the table's gradient sums dL/da over uses of each token).
    static func activationBackward(
        da: UnsafeMutablePointer<Float>, dTable: UnsafeMutablePointer<Float>, dh: UnsafePointer<Float>,
        h: UnsafePointer<Float>, tokens: UnsafePointer<Int32>, rows: Int, width: Int, _ f: Activation
    ) {
        for r in 0..<rows {
            let start = r * width, tableRow = dTable + Int(tokens[r]) * width
            var i = 0
            while i + 16 <= width {
                activationBackwardLane(da + start + i, tableRow + i, dh + start + i, h + start + i, 16, f)
                i += 16
            }
            if i < width {
                activationBackwardLane(da + start + i, tableRow + i, dh + start + i, h + start + i, width - i, f)
            }
        }
    }

    @inline(__always)
    private static func activateLane(
        _ a: UnsafeMutablePointer<Float>, _ h: UnsafeMutablePointer<Float>,
        _ product: UnsafePointer<Float>, _ tableRow: UnsafePointer<Float>, _ width: Int, _ f: Activation
    ) {
        let x = Lane.load(product, width) + Lane.load(tableRow, width)
        x.store(a, width)
        switch f {
        case .tanh: x.tanh().store(h, width)
        case .relu: Lane().replacing(with: x, where: x .> 0).store(h, width)
        }
    }

    @inline(__always)
    private static func activationBackwardLane(
        _ da: UnsafeMutablePointer<Float>, _ dTableRow: UnsafeMutablePointer<Float>,
        _ dh: UnsafePointer<Float>, _ h: UnsafePointer<Float>, _ width: Int, _ f: Activation
    ) {
        let g = Lane.load(dh, width), y = Lane.load(h, width)
        let d: Lane
        switch f {
        case .tanh: d = g * (1 - y * y)
        case .relu: d = Lane().replacing(with: g, where: y .> 0)
        }
        d.store(da, width)
        (Lane.load(dTableRow, width) + d).store(dTableRow, width)
    }
}

enum Softmax {
    /// q = softmax(z) for `rows` rows of `count` values, stored with row stride `stride` (a
    /// multiple of 16); lanes past `count` are ignored in z and set to 0 in q. Also writes each
    /// row's max z and Σ e^(z − max), which the cross-entropy needs (loss = log Σ + max − z_target).
    /// Three passes over all rows rather than one row at a time: the rows are independent, so
    /// a pass overlaps them instead of waiting on one row's chain of reductions.
    static func rows(
        _ q: UnsafeMutablePointer<Float>, _ z: UnsafePointer<Float>, rows: Int, count: Int, stride: Int,
        max: UnsafeMutablePointer<Float>, sum: UnsafeMutablePointer<Float>
    ) {
        for r in 0..<rows {
            var maxLanes = Lane(repeating: -.infinity)
            for j in Swift.stride(from: 0, to: count, by: 16) {
                let values = padded(z + r * stride + j, count - j)
                maxLanes = maxLanes.replacing(with: values, where: values .> maxLanes)
            }
            max[r] = maxLanes.horizontalMax
        }
        for r in 0..<rows {
            var sumLanes = Lane()
            for j in Swift.stride(from: 0, to: count, by: 16) {
                // Lanes past the row are −∞ and give e^(−∞) = 0.
                let e = (padded(z + r * stride + j, count - j) - max[r]).expOfNonPositive()
                e.store(q + r * stride + j)
                sumLanes += e
            }
            sum[r] = sumLanes.horizontalSum
        }
        for r in 0..<rows {
            let inverse = 1 / sum[r]
            for j in Swift.stride(from: 0, to: count, by: 16) { (Lane.load(q + r * stride + j) * inverse).store(q + r * stride + j) }
        }
    }

    /// 16 values from `p`, −∞ in the lanes at or past `remaining`.
    @inline(__always)
    private static func padded(_ p: UnsafePointer<Float>, _ remaining: Int) -> Lane {
        let indices = SIMD16<Int32>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
        return Lane.load(p).replacing(with: -.infinity, where: indices .>= SIMD16<Int32>(repeating: Int32(clamping: remaining)))
    }
}
