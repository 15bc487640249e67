import CellGrid

/// How a number becomes a colour.
///
/// - `diverging`: for signed values (hidden states, weights, gradients). Blue for negative,
///   near-white at 0, red for positive; `±limit` and beyond get the darkest ends. The colours
///   interpolate ColorBrewer's 11-step RdBu list (reversed), whose steps are perceptually even.
/// - `sequential`: for probabilities and other one-sided values. Matplotlib's viridis, dark
///   purple at `low` through blue and green to yellow at `high`.
///
/// Non-finite values get `WidgetPalette.nonFinite` (magenta), a colour neither map contains.
public enum ColorScale: Hashable, Sendable {
    case diverging(limit: Float)
    case sequential(low: Float, high: Float)

    /// Probabilities: viridis over 0…1.
    public static let probability = ColorScale.sequential(low: 0, high: 1)

    /// A diverging scale whose limit is the largest finite |value| (at least 1e-12).
    public static func diverging(fitting values: [Float]) -> ColorScale { diverging(fitting: values[...]) }

    /// The same over a slice (a tensor inside `Parameters`, uncopied), read as bit patterns 16
    /// at a time: without its sign bit a finite Float's pattern orders as the value does, and
    /// NaN and ±Inf (patterns from 0x7F80_0000 up) count as 0. So the limit is the same
    /// Float as the largest finite |value|, bit for bit; at H=1024 an LSTM's W_hh (4M values)
    /// takes ~3 ms instead of ~7 ms value by value.
    public static func diverging(fitting values: ArraySlice<Float>) -> ColorScale {
        let largest = values.withUnsafeBufferPointer { buffer in
            Float(bitPattern: largestFiniteMagnitudeBits(buffer))
        }
        return .diverging(limit: max(largest, 1e-12))
    }

    /// The bit pattern of the largest finite |value| (0 when there is none).
    static func largestFiniteMagnitudeBits(_ buffer: UnsafeBufferPointer<Float>) -> UInt32 {
        guard let base = buffer.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        let magnitude = SIMD16<UInt32>(repeating: 0x7FFF_FFFF), infinity = SIMD16<UInt32>(repeating: 0x7F80_0000)
        var lanes = SIMD16<UInt32>()
        var i = 0
        while i + 16 <= buffer.count {
            let bits = raw.loadUnaligned(fromByteOffset: i * MemoryLayout<Float>.stride, as: SIMD16<UInt32>.self) & magnitude
            lanes = pointwiseMax(lanes, bits.replacing(with: 0, where: bits .>= infinity))
            i += 16
        }
        var largest = lanes.max()
        while i < buffer.count {
            let bits = buffer[i].bitPattern & 0x7FFF_FFFF
            if bits < 0x7F80_0000 { largest = max(largest, bits) }
            i += 1
        }
        return largest
    }

    /// A sequential scale over the finite values' range (0…1 when there is none).
    public static func sequential(fitting values: [Float]) -> ColorScale {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return .probability }
        return .sequential(low: low, high: high)
    }

    /// The two ends of the scale, as a legend labels them.
    public var range: (low: Float, high: Float) {
        switch self {
        case .diverging: let l = Float(safeLimit); return (-l, l)
        case .sequential(let low, let high): return (low, high)
        }
    }

    /// Where `value` sits along the colour ramp, 0…1 (clamped); nil for NaN and ±Inf.
    public func position(for value: Float) -> Double? {
        guard value.isFinite else { return nil }
        let v = Double(value)
        switch self {
        case .diverging:
            return 0.5 + 0.5 * min(1, max(-1, v / safeLimit))
        case .sequential(let lowF, let highF):
            let low = Double(lowF), high = Double(highF), span = high - low
            if span.isFinite, span != 0 { return min(1, max(0, (v - low) / span)) }
            guard low.isFinite, high.isFinite else { return 0.5 }
            return v < low ? 0 : (v > low ? 1 : 0.5)
        }
    }

    /// The data value the monochrome pass shades by: −1…1 (`value / limit`, clamped) for
    /// diverging, 0…1 for sequential. NaN for NaN and ±Inf, so the monochrome pass keeps the
    /// widget's own mark instead of shading it. Magnitudes below the first shade (1/5) are 0.
    public func intensity(for value: Float) -> Float {
        Self.monochromeSafe(rawIntensity(for: value))
    }

    /// `intensity` before small magnitudes become 0, for averaging several values.
    func rawIntensity(for value: Float) -> Float {
        guard let t = position(for: value) else { return .nan }
        switch self {
        case .diverging: return Float(2 * t - 1)
        case .sequential: return Float(t)
        }
    }

    /// 0 for a magnitude the monochrome pass draws as a blank (below 1/5): a blank keeps no
    /// sign, since a reversed blank would show as a solid block, the strongest shade.
    static func monochromeSafe(_ intensity: Float) -> Float {
        abs(intensity) < 0.2 ? 0 : intensity
    }

    /// The colour of `value`; magenta for NaN and ±Inf.
    public func color(for value: Float) -> Color {
        guard let t = position(for: value) else { return WidgetPalette.nonFinite }
        return color(atPosition: t)
    }

    /// The colour at position `t` (0…1, clamped) along the ramp.
    public func color(atPosition t: Double) -> Color {
        let anchors: [(Double, Double, Double)]
        switch self {
        case .diverging: anchors = ColorScale.redBlue
        case .sequential: anchors = ColorScale.viridis
        }
        let clamped = t.isNaN ? 0.5 : min(1, max(0, t))
        let s = clamped * Double(anchors.count - 1)
        let i = min(anchors.count - 2, Int(s))
        let f = s - Double(i)
        let (a, b) = (anchors[i], anchors[i + 1])
        return .rgb(a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f, a.2 + (b.2 - a.2) * f)
    }

    /// The limit of a diverging scale as a usable divisor (NaN, ≤ 0 → 1e-12; +Inf → Float.max).
    private var safeLimit: Double {
        guard case .diverging(let limit) = self else { return 1 }
        if limit == .infinity { return Double(Float.greatestFiniteMagnitude) }
        return limit.isFinite && limit > 0 ? Double(limit) : 1e-12
    }

    /// ColorBrewer RdBu (11 classes), blue end first: −limit … 0 … +limit.
    static let redBlue: [(Double, Double, Double)] = [
        (5, 48, 97), (33, 102, 172), (67, 147, 195), (146, 197, 222), (209, 229, 240),
        (247, 247, 247),
        (253, 219, 199), (244, 165, 130), (214, 96, 77), (178, 24, 43), (103, 0, 31),
    ]

    /// Matplotlib viridis sampled at 0, 1/8, …, 1.
    static let viridis: [(Double, Double, Double)] = [
        (68, 1, 84), (71, 45, 123), (59, 82, 139), (44, 114, 142), (33, 145, 140),
        (40, 174, 128), (94, 201, 98), (173, 220, 48), (253, 231, 37),
    ]
}
