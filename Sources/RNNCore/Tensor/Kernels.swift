/// The matrix product behind every layer, as a register-blocked SIMD kernel.
///
/// Each output element is summed in plain order over k (c + a₀b₀ + a₁b₁ + …, a multiply and an
/// add per term, or one fused multiply-add per term with `fused`), so the result does not
/// depend on the tiling or the vector width: only the speed does.
enum Kernels {
    /// C[M,N] = A·B, or C += A·B when `accumulate`; all row-major. A(i,p) is `a[i * aRow + p * aCol]`,
    /// so Aᵀ (stored [K,M]) is `aRow: 1, aCol: M`. B is [K,N] with row stride `ldb`, C is [M,N]
    /// with row stride `ldc`.
    ///
    /// B's rows are read in whole 16-float lanes: up to 15 floats past column N must be
    /// readable (the next row, or a FloatBuffer's slack). Lanes past N never reach C.
    ///
    /// `bias` ([N], read in lanes like B's rows), when not accumulating: every row of C starts
    /// from it instead of 0 (C = bias + A·B, summed in that order; k = 0 stores the bias).
    /// `fused`: each term is one fused multiply-add (one rounding instead of two).
    static func addProduct(
        _ c: UnsafeMutablePointer<Float>, ldc: Int,
        _ a: UnsafePointer<Float>, aRow: Int, aCol: Int,
        _ b: UnsafePointer<Float>, ldb: Int,
        m: Int, k: Int, n: Int, accumulate: Bool = true, bias: UnsafePointer<Float>? = nil, fused: Bool = false
    ) {
        guard m > 0, n > 0 else { return }
        if fused {
            blocked(c, ldc: ldc, a, aRow: aRow, aCol: aCol, b, ldb: ldb, m: m, k: k, n: n, accumulate: accumulate, bias: bias, fused: true)
        } else {
            blocked(c, ldc: ldc, a, aRow: aRow, aCol: aCol, b, ldb: ldb, m: m, k: k, n: n, accumulate: accumulate, bias: bias, fused: false)
        }
    }

    /// `addProduct`'s loops, inlined twice so that `fused` is a constant in each copy.
    @inline(__always)
    private static func blocked(
        _ c: UnsafeMutablePointer<Float>, ldc: Int,
        _ a: UnsafePointer<Float>, aRow: Int, aCol: Int,
        _ b: UnsafePointer<Float>, ldb: Int,
        m: Int, k: Int, n: Int, accumulate: Bool, bias: UnsafePointer<Float>?, fused: Bool
    ) {
        // K in blocks of 128, so that the block of A and B every tile reads stays in L1 (dW_hh
        // has K = (T−1)·B = 828). C is stored and reloaded between blocks, which does not
        // change its rounding: each element still sums over k in order.
        // One column strip (n ≤ 16: the gradient analysis' 16 Lanczos vectors) reuses its B
        // block across no other strip, so K is not cut: each tile then reads its 6 rows of A
        // whole, long runs the prefetcher follows, instead of 512-byte pieces of rows 4 KB
        // apart (at H = 1024 the products waited on those loads from L3).
        // Index arithmetic uses &+ and &*: sizes are far from Int.max, so no overflow traps.
        var p0 = 0
        repeat {
            let kb = min(n <= 16 ? k : 128, k &- p0)
            let add = accumulate || p0 > 0
            let start = p0 == 0 ? bias : nil
            let ap = a + p0 &* aCol, bp = b + p0 &* ldb
            var j = 0
            // One row (a vector times a matrix: every unbatched step, a trace's, generation's):
            // four 16-column lanes at a time, instead of a 4-row tile that repeats the row.
            if m == 1 {
                while j &+ 64 <= n {
                    row1x4(
                        c + j, ldc: ldc, ap, aCol: aCol, bp + j, ldb: ldb, k: kb, accumulate: add,
                        start: start.map { $0 + j }, fused: fused)
                    j &+= 64
                }
            }
            while j < n {
                let width = min(16, n &- j)
                var i = 0
                while i < m {
                    if i &+ 6 <= m {
                        tile6(
                            c + j, i, ldc: ldc, width: width, ap, aRow: aRow, aCol: aCol, bp + j, ldb: ldb, k: kb, accumulate: add,
                            start: start.map { $0 + j }, fused: fused)
                        i &+= 6
                    } else {
                        // The last rows; past row M−1 it repeats that row, which computes the
                        // same values and stores them to the same place.
                        let last = m &- 1
                        let rows = (i, min(i &+ 1, last), min(i &+ 2, last), min(i &+ 3, last))
                        tile4(
                            c + j, rows, ldc: ldc, width: width, ap, aRow: aRow, aCol: aCol, bp + j, ldb: ldb, k: kb, accumulate: add,
                            start: start.map { $0 + j }, fused: fused)
                        i &+= 4
                    }
                }
                j &+= 16
            }
            p0 &+= kb
        } while p0 < k
    }

    /// Rows i…i+5 of C, columns [width ≤ 16]: 6 accumulators, one B lane per k. Six rows
    /// fit the registers of AVX2 (12 of 16) and NEON (24 of 32) as well as AVX-512; eight
    /// were 5% faster with AVX-512 but spilled with AVX2 (18% slower there).
    @inline(__always)
    private static func tile6(
        _ c: UnsafeMutablePointer<Float>, _ i: Int, ldc: Int, width: Int,
        _ a: UnsafePointer<Float>, aRow: Int, aCol: Int,
        _ b: UnsafePointer<Float>, ldb: Int, k: Int, accumulate: Bool, start: UnsafePointer<Float>?, fused: Bool
    ) {
        let c0 = c + i &* ldc, c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc, c4 = c3 + ldc, c5 = c4 + ldc
        let a0 = a + i &* aRow, a1 = a0 + aRow, a2 = a1 + aRow, a3 = a2 + aRow, a4 = a3 + aRow, a5 = a4 + aRow
        var s0 = Lane(), s1 = Lane(), s2 = Lane(), s3 = Lane(), s4 = Lane(), s5 = Lane()
        if accumulate {
            (s0, s1, s2, s3) = (Lane.load(c0, width), Lane.load(c1, width), Lane.load(c2, width), Lane.load(c3, width))
            (s4, s5) = (Lane.load(c4, width), Lane.load(c5, width))
        } else if let start {
            let row = Lane.load(start, width)
            (s0, s1, s2, s3, s4, s5) = (row, row, row, row, row, row)
        }
        var row = b, q = 0
        for _ in 0..<k {
            let r = Lane.load(row)
            if fused {
                s0.addProduct(r, Lane(repeating: a0[q]))
                s1.addProduct(r, Lane(repeating: a1[q]))
                s2.addProduct(r, Lane(repeating: a2[q]))
                s3.addProduct(r, Lane(repeating: a3[q]))
                s4.addProduct(r, Lane(repeating: a4[q]))
                s5.addProduct(r, Lane(repeating: a5[q]))
            } else {
                s0 += r * Lane(repeating: a0[q])
                s1 += r * Lane(repeating: a1[q])
                s2 += r * Lane(repeating: a2[q])
                s3 += r * Lane(repeating: a3[q])
                s4 += r * Lane(repeating: a4[q])
                s5 += r * Lane(repeating: a5[q])
            }
            row += ldb
            q &+= aCol
        }
        s0.store(c0, width); s1.store(c1, width); s2.store(c2, width); s3.store(c3, width)
        s4.store(c4, width); s5.store(c5, width)
    }

    /// Row 0 of C, columns 0..<64: four independent lanes, each element summed over k in the
    /// same order as `tile6`/`tile4` (so the values are theirs, bit for bit).
    @inline(__always)
    private static func row1x4(
        _ c: UnsafeMutablePointer<Float>, ldc: Int,
        _ a: UnsafePointer<Float>, aCol: Int,
        _ b: UnsafePointer<Float>, ldb: Int, k: Int, accumulate: Bool, start: UnsafePointer<Float>?, fused: Bool
    ) {
        var s0 = Lane(), s1 = Lane(), s2 = Lane(), s3 = Lane()
        if accumulate {
            (s0, s1, s2, s3) = (Lane.load(c), Lane.load(c + 16), Lane.load(c + 32), Lane.load(c + 48))
        } else if let start {
            (s0, s1, s2, s3) = (Lane.load(start), Lane.load(start + 16), Lane.load(start + 32), Lane.load(start + 48))
        }
        var row = b, q = 0
        for _ in 0..<k {
            let x = Lane(repeating: a[q])
            if fused {
                s0.addProduct(Lane.load(row), x)
                s1.addProduct(Lane.load(row + 16), x)
                s2.addProduct(Lane.load(row + 32), x)
                s3.addProduct(Lane.load(row + 48), x)
            } else {
                s0 += Lane.load(row) * x
                s1 += Lane.load(row + 16) * x
                s2 += Lane.load(row + 32) * x
                s3 += Lane.load(row + 48) * x
            }
            row += ldb
            q &+= aCol
        }
        s0.store(c); s1.store(c + 16); s2.store(c + 32); s3.store(c + 48)
    }

    /// Rows r.0…r.3 of C (a repeated row allowed), columns [width ≤ 16].
    @inline(__always)
    private static func tile4(
        _ c: UnsafeMutablePointer<Float>, _ r: (Int, Int, Int, Int), ldc: Int, width: Int,
        _ a: UnsafePointer<Float>, aRow: Int, aCol: Int,
        _ b: UnsafePointer<Float>, ldb: Int, k: Int, accumulate: Bool, start: UnsafePointer<Float>?, fused: Bool
    ) {
        let c0 = c + r.0 &* ldc, c1 = c + r.1 &* ldc, c2 = c + r.2 &* ldc, c3 = c + r.3 &* ldc
        let a0 = a + r.0 &* aRow, a1 = a + r.1 &* aRow, a2 = a + r.2 &* aRow, a3 = a + r.3 &* aRow
        var s0 = Lane(), s1 = Lane(), s2 = Lane(), s3 = Lane()
        if accumulate {
            (s0, s1, s2, s3) = (Lane.load(c0, width), Lane.load(c1, width), Lane.load(c2, width), Lane.load(c3, width))
        } else if let start {
            let row = Lane.load(start, width)
            (s0, s1, s2, s3) = (row, row, row, row)
        }
        var row = b, q = 0
        for _ in 0..<k {
            let r = Lane.load(row)
            if fused {
                s0.addProduct(r, Lane(repeating: a0[q]))
                s1.addProduct(r, Lane(repeating: a1[q]))
                s2.addProduct(r, Lane(repeating: a2[q]))
                s3.addProduct(r, Lane(repeating: a3[q]))
            } else {
                s0 += r * Lane(repeating: a0[q])
                s1 += r * Lane(repeating: a1[q])
                s2 += r * Lane(repeating: a2[q])
                s3 += r * Lane(repeating: a3[q])
            }
            row += ldb
            q &+= aCol
        }
        s0.store(c0, width); s1.store(c1, width); s2.store(c2, width); s3.store(c3, width)
    }

    /// out[N, M] = inᵀ for `input` stored [M, N]; `out`'s rows have stride `ldo` (≥ M).
    static func transpose(_ out: UnsafeMutablePointer<Float>, ldo: Int, _ input: UnsafePointer<Float>, rows m: Int, cols n: Int) {
        for i in 0..<m {
            let row = input + i * n
            for j in 0..<n { out[j * ldo + i] = row[j] }
        }
    }
}
