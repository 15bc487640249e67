/// A gated cell's state Jacobian J = ∂s_t/∂s_{t-1} as products with W_hh, never formed: the
/// analysis of a large model needs only ‖J‖₂, and Lanczos needs only y = Jᵀ(J x). Every term
/// of J is unit-local (unit u's row of J reads W_hh's rows g·H + u, one per gate, and the
/// unit's own state entries), so one pass over W_hh computes Jᵀ J x: for each unit, the gate
/// rows' dot products with x_h, this unit's J x and what it sends back, then the same rows
/// scaled into y. At H=1024 an LSTM's explicit [2H, 2H] Jacobian was 16 MB built per step.
protocol JacobianProducts {
    /// H.
    var hidden: Int { get }
    /// G, the gate blocks of W_hh.
    var gateCount: Int { get }
    /// 1 for s = h, 2 for the LSTM's s = [h; c].
    var stateBlocks: Int { get }
    /// For unit u: `p[g]` holds (W_hh x_h)[g·H + u] and `x[b]` the unit's entry of state block b
    /// (h, then c). Overwrites `p[g]` with the factor of W_hh's row g·H + u in
    /// Jᵀ J x = W_hhᵀ q + d, and `x[b]` with the unit's direct part d.
    func normal(unit u: Int, _ p: UnsafeMutablePointer<Double>, _ x: UnsafeMutablePointer<Double>)
    /// `normal` for every unit of one column of the batched products (`GradientAnalysis`):
    /// `p` is that column of P [G·H, stride] (Float), `q` the column's state vector [B·H],
    /// and `direct` receives the direct part [B·H]. A requirement, so that each cell's loop is
    /// specialised: called through `any JacobianProducts` per unit, the dispatch cost more
    /// than the unit's arithmetic.
    func normalColumn(_ p: UnsafeMutablePointer<Float>, stride: Int, _ q: UnsafePointer<Double>, direct: UnsafeMutablePointer<Double>)
}

extension JacobianProducts {
    @inline(__always)
    func normalColumn(_ p: UnsafeMutablePointer<Float>, stride: Int, _ q: UnsafePointer<Double>, direct: UnsafeMutablePointer<Double>) {
        let H = hidden, G = gateCount, B = stateBlocks
        withUnsafeTemporaryAllocation(of: Double.self, capacity: G + B) { scratch in
            guard let g = scratch.baseAddress else { return }
            let unit = g + G
            for u in 0..<H {
                for k in 0..<G { g[k] = Double(p[(k &* H &+ u) &* stride]) }
                for b in 0..<B { unit[b] = q[b &* H &+ u] }
                normal(unit: u, g, unit)
                for k in 0..<G { p[(k &* H &+ u) &* stride] = Float(g[k]) }
                for b in 0..<B { direct[b &* H &+ u] = unit[b] }
            }
        }
    }
}

/// GRU: J x = viaR ⊙ W_hr x + viaN ⊙ W_hn x + viaZ ⊙ W_hz x + z ⊙ x (`GRUCellMath.stateJacobian`).
struct GRUJacobianProducts: JacobianProducts {
    var viaR, viaZ, viaN, keep: [Double]
    var hidden: Int { viaR.count }
    var gateCount: Int { 3 }
    var stateBlocks: Int { 1 }

    init(hidden H: Int) {
        let zero = [Double](repeating: 0, count: H)
        (viaR, viaZ, viaN, keep) = (zero, zero, zero, zero)
    }

    @inline(__always)
    func normal(unit u: Int, _ p: UnsafeMutablePointer<Double>, _ x: UnsafeMutablePointer<Double>) {
        let jx = viaR[u] * p[0] + viaZ[u] * p[1] + viaN[u] * p[2] + keep[u] * x[0]
        p[0] = viaR[u] * jx
        p[1] = viaZ[u] * jx
        p[2] = viaN[u] * jx
        x[0] = keep[u] * jx
    }
}

/// LSTM, s = [h; c]: (J x)_c = viaI ⊙ W_hi x_h + viaF ⊙ W_hf x_h + viaG ⊙ W_hg x_h + f ⊙ x_c and
/// (J x)_h = viaO ⊙ W_ho x_h + throughC ⊙ (J x)_c (`LSTMCellMath.stateJacobian`).
struct LSTMJacobianProducts: JacobianProducts {
    var viaI, viaF, viaG, viaO, throughC, forget: [Double]
    var hidden: Int { viaI.count }
    var gateCount: Int { 4 }
    var stateBlocks: Int { 2 }

    init(hidden H: Int) {
        let zero = [Double](repeating: 0, count: H)
        (viaI, viaF, viaG, viaO, throughC, forget) = (zero, zero, zero, zero, zero, zero)
    }

    @inline(__always)
    func normal(unit u: Int, _ p: UnsafeMutablePointer<Double>, _ x: UnsafeMutablePointer<Double>) {
        let c = viaI[u] * p[0] + viaF[u] * p[1] + viaG[u] * p[2] + forget[u] * x[1]
        let h = viaO[u] * p[3] + throughC[u] * c
        // Jᵀ [h; c]: the c row's factor gathers both what c sends back and what h sends through c.
        let m = throughC[u] * h + c
        p[0] = viaI[u] * m
        p[1] = viaF[u] * m
        p[2] = viaG[u] * m
        p[3] = viaO[u] * h
        x[0] = 0
        x[1] = forget[u] * m
    }
}

extension JacobianProducts {
    /// y = Jᵀ J x for the state vector x [stateBlocks·H], reading W_hh [G·H, H] in place (Float,
    /// summed in Double).
    func normalProduct(_ w: UnsafeBufferPointer<Float>, _ x: UnsafeBufferPointer<Double>, _ y: UnsafeMutableBufferPointer<Double>) {
        let H = hidden, G = gateCount, B = stateBlocks
        guard let wp = w.baseAddress, let xp = x.baseAddress, let yp = y.baseAddress, w.count >= G * H * H else { return }
        for i in 0..<(B * H) { yp[i] = 0 }
        withUnsafeTemporaryAllocation(of: Double.self, capacity: G + B) { scratch in
            guard let p = scratch.baseAddress else { return }
            let unit = p + G
            for u in 0..<H {
                for g in 0..<G { p[g] = Lanczos.dot(wp + (g &* H &+ u) &* H, xp, H) }
                for b in 0..<B { unit[b] = xp[b &* H &+ u] }
                normal(unit: u, p, unit)
                for g in 0..<G where p[g] != 0 { Self.addScaled(wp + (g &* H &+ u) &* H, p[g], yp, H) }
                for b in 0..<B { yp[b &* H &+ u] += unit[b] }
            }
        }
    }

    /// y[c] += row[c]·k, eight at a time.
    @inline(__always)
    static func addScaled(_ row: UnsafePointer<Float>, _ k: Double, _ y: UnsafeMutablePointer<Double>, _ n: Int) {
        let kk = SIMD4<Double>(repeating: k)
        var c = 0
        while c &+ 8 <= n {
            let f = UnsafeRawPointer(row + c).loadUnaligned(as: SIMD8<Float>.self)
            let y0 = UnsafeMutableRawPointer(y + c), y1 = UnsafeMutableRawPointer(y + (c &+ 4))
            let w0 = SIMD4<Double>(f.lowHalf), w1 = SIMD4<Double>(f.highHalf)
            let sum0: SIMD4<Double> = y0.loadUnaligned(as: SIMD4<Double>.self) + w0 * kk
            let sum1: SIMD4<Double> = y1.loadUnaligned(as: SIMD4<Double>.self) + w1 * kk
            y0.storeBytes(of: sum0, as: SIMD4<Double>.self)
            y1.storeBytes(of: sum1, as: SIMD4<Double>.self)
            c &+= 8
        }
        while c < n {
            y[c] += Double(row[c]) * k
            c &+= 1
        }
    }
}
