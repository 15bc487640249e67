/// The register tiles of `Kernels.packedProduct` (`PackedRows`): each element of C is summed
/// over k in plain order from 0, one fused multiply-add per term, whatever the tile.
extension Kernels {
    /// One panel's 6 rows of C (the first `rows` stored), columns [width ≤ 16]: 6 accumulators,
    /// one B lane and 6 adjacent A values per k.
    @inline(__always)
    static func panel6(
        _ c: UnsafeMutablePointer<Float>, ldc: Int, rows: Int, width: Int,
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, ldb: Int, k: Int
    ) {
        var s0 = Lane(), s1 = Lane(), s2 = Lane(), s3 = Lane(), s4 = Lane(), s5 = Lane()
        var row = b, q = a
        for _ in 0..<k {
            let r = Lane.load(row)
            s0.addProduct(r, Lane(repeating: q[0]))
            s1.addProduct(r, Lane(repeating: q[1]))
            s2.addProduct(r, Lane(repeating: q[2]))
            s3.addProduct(r, Lane(repeating: q[3]))
            s4.addProduct(r, Lane(repeating: q[4]))
            s5.addProduct(r, Lane(repeating: q[5]))
            row += ldb
            q += 6
        }
        s0.store(c, width)
        if rows > 1 { s1.store(c + ldc, width) }
        if rows > 2 { s2.store(c + 2 &* ldc, width) }
        if rows > 3 { s3.store(c + 3 &* ldc, width) }
        if rows > 4 { s4.store(c + 4 &* ldc, width) }
        if rows > 5 { s5.store(c + 5 &* ldc, width) }
    }

    #if RNNSCOPE_AVX512
    /// One panel's 12 rows of C (the first `rows` stored), columns [width ≤ 16]: 12
    /// accumulators, one B lane and 12 adjacent A values per k.
    @inline(__always)
    static func panel12(
        _ c: UnsafeMutablePointer<Float>, ldc: Int, rows: Int, width: Int,
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, ldb: Int, k: Int
    ) {
        var s0 = Lane(), s1 = Lane(), s2 = Lane(), s3 = Lane(), s4 = Lane(), s5 = Lane()
        var s6 = Lane(), s7 = Lane(), s8 = Lane(), s9 = Lane(), s10 = Lane(), s11 = Lane()
        var row = b, q = a
        for _ in 0..<k {
            let r = Lane.load(row)
            s0.addProduct(r, Lane(repeating: q[0]))
            s1.addProduct(r, Lane(repeating: q[1]))
            s2.addProduct(r, Lane(repeating: q[2]))
            s3.addProduct(r, Lane(repeating: q[3]))
            s4.addProduct(r, Lane(repeating: q[4]))
            s5.addProduct(r, Lane(repeating: q[5]))
            s6.addProduct(r, Lane(repeating: q[6]))
            s7.addProduct(r, Lane(repeating: q[7]))
            s8.addProduct(r, Lane(repeating: q[8]))
            s9.addProduct(r, Lane(repeating: q[9]))
            s10.addProduct(r, Lane(repeating: q[10]))
            s11.addProduct(r, Lane(repeating: q[11]))
            row += ldb
            q += 12
        }
        s0.store(c, width)
        if rows > 1 { s1.store(c + ldc, width) }
        if rows > 2 { s2.store(c + 2 &* ldc, width) }
        if rows > 3 { s3.store(c + 3 &* ldc, width) }
        if rows > 4 { s4.store(c + 4 &* ldc, width) }
        if rows > 5 { s5.store(c + 5 &* ldc, width) }
        if rows > 6 { s6.store(c + 6 &* ldc, width) }
        if rows > 7 { s7.store(c + 7 &* ldc, width) }
        if rows > 8 { s8.store(c + 8 &* ldc, width) }
        if rows > 9 { s9.store(c + 9 &* ldc, width) }
        if rows > 10 { s10.store(c + 10 &* ldc, width) }
        if rows > 11 { s11.store(c + 11 &* ldc, width) }
    }

    /// One panel's 12 rows of C by 32 columns (two lanes): 24 accumulators, each A value
    /// broadcast once for two lanes. Each element's sum is `panel12`'s, term for term; half the
    /// A values per multiply-add: 61 → 78 GMAC/s at H=1024 on the Xeon (BENCHMARKS.md, session 10).
    @inline(__always)
    static func panel12x32(
        _ c: UnsafeMutablePointer<Float>, ldc: Int, rows: Int,
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, ldb: Int, k: Int
    ) {
        var s0 = Lane(), s1 = Lane(), s2 = Lane(), s3 = Lane(), s4 = Lane(), s5 = Lane()
        var s6 = Lane(), s7 = Lane(), s8 = Lane(), s9 = Lane(), s10 = Lane(), s11 = Lane()
        var t0 = Lane(), t1 = Lane(), t2 = Lane(), t3 = Lane(), t4 = Lane(), t5 = Lane()
        var t6 = Lane(), t7 = Lane(), t8 = Lane(), t9 = Lane(), t10 = Lane(), t11 = Lane()
        var row = b, q = a
        for _ in 0..<k {
            let r = Lane.load(row), u = Lane.load(row + 16)
            var w = Lane(repeating: q[0])
            s0.addProduct(r, w); t0.addProduct(u, w)
            w = Lane(repeating: q[1]); s1.addProduct(r, w); t1.addProduct(u, w)
            w = Lane(repeating: q[2]); s2.addProduct(r, w); t2.addProduct(u, w)
            w = Lane(repeating: q[3]); s3.addProduct(r, w); t3.addProduct(u, w)
            w = Lane(repeating: q[4]); s4.addProduct(r, w); t4.addProduct(u, w)
            w = Lane(repeating: q[5]); s5.addProduct(r, w); t5.addProduct(u, w)
            w = Lane(repeating: q[6]); s6.addProduct(r, w); t6.addProduct(u, w)
            w = Lane(repeating: q[7]); s7.addProduct(r, w); t7.addProduct(u, w)
            w = Lane(repeating: q[8]); s8.addProduct(r, w); t8.addProduct(u, w)
            w = Lane(repeating: q[9]); s9.addProduct(r, w); t9.addProduct(u, w)
            w = Lane(repeating: q[10]); s10.addProduct(r, w); t10.addProduct(u, w)
            w = Lane(repeating: q[11]); s11.addProduct(r, w); t11.addProduct(u, w)
            row += ldb
            q += 12
        }
        s0.store(c)
        t0.store(c + 16)
        if rows > 1 {
            s1.store(c + 1 &* ldc)
            t1.store(c + (1 &* ldc &+ 16))
        }
        if rows > 2 {
            s2.store(c + 2 &* ldc)
            t2.store(c + (2 &* ldc &+ 16))
        }
        if rows > 3 {
            s3.store(c + 3 &* ldc)
            t3.store(c + (3 &* ldc &+ 16))
        }
        if rows > 4 {
            s4.store(c + 4 &* ldc)
            t4.store(c + (4 &* ldc &+ 16))
        }
        if rows > 5 {
            s5.store(c + 5 &* ldc)
            t5.store(c + (5 &* ldc &+ 16))
        }
        if rows > 6 {
            s6.store(c + 6 &* ldc)
            t6.store(c + (6 &* ldc &+ 16))
        }
        if rows > 7 {
            s7.store(c + 7 &* ldc)
            t7.store(c + (7 &* ldc &+ 16))
        }
        if rows > 8 {
            s8.store(c + 8 &* ldc)
            t8.store(c + (8 &* ldc &+ 16))
        }
        if rows > 9 {
            s9.store(c + 9 &* ldc)
            t9.store(c + (9 &* ldc &+ 16))
        }
        if rows > 10 {
            s10.store(c + 10 &* ldc)
            t10.store(c + (10 &* ldc &+ 16))
        }
        if rows > 11 {
            s11.store(c + 11 &* ldc)
            t11.store(c + (11 &* ldc &+ 16))
        }
    }
    #endif
}
