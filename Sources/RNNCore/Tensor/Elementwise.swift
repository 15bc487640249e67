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
