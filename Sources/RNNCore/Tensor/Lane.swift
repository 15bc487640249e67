/// 16 floats: one AVX-512 register, two AVX2 ones, four SSE/NEON ones. The numeric code
/// works on Lanes with plain `*` and `+` (fused multiply-add only where asked: one product in
/// the gated passes' backward, see `Kernels.addProduct(fused:)`), so each element gets the same
/// IEEE operations as the scalar formula, whatever the vector width.
typealias Lane = SIMD16<Float>

extension SIMD16 where Scalar == Float {
    /// 16 floats from `p`, which need no alignment.
    @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> Self {
        UnsafeRawPointer(p).loadUnaligned(as: Self.self)
    }

    /// The first `count` floats from `p` (`padding` after them); a whole load when count is 16.
    @inline(__always)
    static func load(_ p: UnsafePointer<Float>, _ count: Int, padding: Float = 0) -> Self {
        if count == 16 { return load(p) }
        var v = Self(repeating: padding)
        withUnsafeMutableBytes(of: &v) { $0.baseAddress!.copyMemory(from: p, byteCount: count * 4) }
        return v
    }

    @inline(__always)
    func store(_ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: self, as: Self.self)
    }

    /// Writes the first `count` lanes only.
    @inline(__always)
    func store(_ p: UnsafeMutablePointer<Float>, _ count: Int) {
        if count == 16 { return store(p) }
        withUnsafeBytes(of: self) { UnsafeMutableRawPointer(p).copyMemory(from: $0.baseAddress!, byteCount: count * 4) }
    }

    /// The largest lane, by halving (the standard library's `max()` goes lane by lane).
    @inline(__always)
    var horizontalMax: Float {
        let m8 = lowHalf.replacing(with: highHalf, where: highHalf .> lowHalf)
        let m4 = m8.lowHalf.replacing(with: m8.highHalf, where: m8.highHalf .> m8.lowHalf)
        let m2 = m4.lowHalf.replacing(with: m4.highHalf, where: m4.highHalf .> m4.lowHalf)
        return m2[1] > m2[0] ? m2[1] : m2[0]
    }

    /// The sum of the lanes, by halving (the standard library's `sum()` adds lane by lane).
    @inline(__always)
    var horizontalSum: Float {
        let s8 = lowHalf + highHalf
        let s4 = s8.lowHalf + s8.highHalf
        let s2 = s4.lowHalf + s4.highHalf
        return s2[0] + s2[1]
    }
}
