import Foundation

/// The numbers behind vanishing and exploding gradients for one recorded pass
/// (Pascanu, Mikolov & Bengio 2013): how strongly W_hh can stretch a vector, how much each
/// step's Jacobian ∂h_t/∂h_{t-1} = diag(f'(a_t)) W_hh passes on, and how the gradient
/// reaching each step compares with the bound σ_max^(T-k)·‖dL/dh_T‖.
public struct GradientAnalysis: Sendable {
    /// σ_max(W_hh), the largest singular value (gated cells: of the candidate block, see
    /// `candidateBlock`).
    public let sigmaMax: Double
    /// ρ(W_hh), the largest |eigenvalue|.
    public let spectralRadius: Double
    /// ‖dL/dh_t‖ for t = 1…T.
    public let dhNorms: [Double]
    /// ‖∂s_t/∂s_{t-1}‖₂ for t = 1…T: ‖diag(f'(a_t)) W_hh‖₂ for the RNN, the full state
    /// Jacobian for gated cells (see `StateJacobian`).
    public let jacobianNorms: [Double]
    /// σ_max^(T-k)·‖dL/dh_T‖ for k = 1…T: for tanh (|f'| ≤ 1) and a loss on the last step,
    /// ‖dL/dh_k‖ never exceeds it, so σ_max < 1 is sufficient for gradients to vanish.
    /// Empty for gated cells, where it does not hold.
    public let bound: [Double]

    /// The analysis on up to two threads (`TrainingOptions.defaultThreads`; see `AnalysisHeadStart`).
    public init(trace: Trace) {
        var stopped = false
        self.init(trace: trace, headStart: Self.headStart(trace, threads: TrainingOptions.defaultThreads), progress: nil, stopped: &stopped)
    }

    /// The same, calling `progress(done, total)` after each step's Jacobian norm (the long part
    /// at H=1024); `progress` returns false to stop, and the analysis is then nil. `threads`
    /// (1 or 2) gives the same values.
    public static func interruptible(
        trace: Trace, threads: Int = TrainingOptions.defaultThreads, progress: @escaping (Int, Int) -> Bool
    ) -> GradientAnalysis? {
        interruptible(trace: trace, headStart: headStart(trace, threads: threads), progress: progress)
    }

    /// The same, finishing what `headStart` began while `trace` was recorded
    /// (`CharRNN.trace(…headStart:)`, with the same model).
    public static func interruptible(
        trace: Trace, headStart: AnalysisHeadStart, progress: @escaping (Int, Int) -> Bool
    ) -> GradientAnalysis? {
        var stopped = false
        let analysis = GradientAnalysis(trace: trace, headStart: headStart, progress: progress, stopped: &stopped)
        return stopped ? nil : analysis
    }

    private static func headStart(_ trace: Trace, threads: Int) -> AnalysisHeadStart {
        let headStart = AnalysisHeadStart(config: trace.config, parameters: trace.parameters, threads: threads)
        headStart.begin(trace.steps)
        return headStart
    }

    private init(trace: Trace, headStart: AnalysisHeadStart, progress: ((Int, Int) -> Bool)?, stopped: inout Bool) {
        headStart.beginIfNeeded(trace.steps)
        let whh = headStart.weights
        let candidate = headStart.candidate
        let norms = trace.steps.map { l2Norm($0.dh) }
        dhNorms = norms
        // Where the Jacobian is diag(s) W_hh (the plain RNN), its norm without forming it,
        // warm-started from the previous step's vector; a large gated state, by products with
        // W_hh (`JacobianProducts`), on the head start's threads; otherwise the full state
        // Jacobian. Meanwhile the head start's second thread, if any, finds σ_max and ρ.
        let T = trace.length
        let stepNumbers = Array(1..<(T + 1))
        let byProducts = headStart.byProducts
        let scales = byProducts ? [] : stepNumbers.map { StateJacobian.rowScale(trace, step: $0) }
        let rowScaled = !byProducts && scales.allSatisfy { $0 != nil }
        var start: [Double]? = nil
        var jacobianNorms: [Double] = []
        jacobianNorms.reserveCapacity(T)
        if byProducts {
            let norms = headStart.productNorms { done in progress?(done, T) ?? true }
            if let norms { jacobianNorms = norms } else { stopped = true }
        }
        for t in stepNumbers where !byProducts {
            let value: Double
            if let scale = scales[t - 1] {
                let (norm, vector) = Self.scaledNorm(candidate, rowScale: scale.map(Double.init), start: start)
                start = vector
                value = norm
            } else {
                value = SpectralNorm.largestSingularValueIterative(StateJacobian.matrix(trace, step: t, weights: whh))
            }
            jacobianNorms.append(value)
            if let progress, !progress(t, T) {
                stopped = true
                break
            }
        }
        jacobianNorms += [Double](repeating: .nan, count: T - jacobianNorms.count)
        self.jacobianNorms = jacobianNorms
        // (Stopped: no need to wait for σ_max and ρ, which nobody will see.)
        let (sigma, rho) = stopped ? (Double.nan, Double.nan) : headStart.spectrum()
        sigmaMax = sigma
        spectralRadius = rho
        // The bound needs ‖∂h_t/∂h_{t-1}‖ ≤ σ_max(W_hh), true for row-scaled Jacobians with
        // |s| ≤ 1 (tanh RNNs) only: gates add a direct path (z ⊙ h, f ⊙ c) that W_hh does not limit.
        let last = norms.last ?? 0
        bound = rowScaled ? (0..<T).map { index in pow(sigma, Double(T - 1 - index)) * last } : []
    }

    /// The H×H block of W_hh feeding the candidate state (`CellKind.candidateGate`): W_hh itself
    /// for the RNN, GRU's W_hn, LSTM's W_hg, the part that plays the plain RNN's W_hh.
    /// σ_max and ρ of the weights' candidate block alone, without any pass: what a change of
    /// W_hh reports before the per-step analysis is needed.
    public static func spectrum(of parameters: Parameters) -> (sigmaMax: Double, spectralRadius: Double) {
        let shape = parameters.shape
        return spectrum(ofBlock: candidateBlock(parameters.matrix(.weightHH), cell: shape.cell, hidden: shape.hidden))
    }

    static func spectrum(ofBlock candidate: Matrix) -> (sigmaMax: Double, spectralRadius: Double) {
        (SpectralNorm.largestSingularValue(candidate), Eigenvalues.spectralRadius(candidate))
    }

    public static func candidateBlock(_ whh: Matrix, cell: CellKind, hidden H: Int) -> Matrix {
        let start = cell.candidateGate * H * H
        return Matrix(rows: H, cols: H, values: Array(whh.values[start ..< start + H * H]))
    }

    /// The largest gated state (S = stateBlocks·H) whose Jacobians are formed, for Lanczos to a
    /// value change of 1e-10 (these values are unchanged). Above it (an LSTM with H > 128, a GRU
    /// with H > 256) the norms come from products with W_hh (`batchedProductNorms`): no [S, S]
    /// matrix per step (16 MB at H=1024), and one pass over W_hh serves 16 steps' products.
    /// A warm start from the previous step's singular vector saved 2% of the products (each
    /// character changes the gates) and once missed the top direction, so every step starts cold.
    static let formedJacobianLimit = 256
    /// The Ritz residual, relative to σ², at which the products' Lanczos stops. The Ritz value
    /// is then within about residual²/gap of σ²: see BENCHMARKS.md for how far from a 1e-4 run.
    static let productTolerance = 1e-3
    /// Steps whose products one pass over W_hh computes: with AVX-512 two 16-float lanes per
    /// weight (the packed kernel's 12×32 tiles, BENCHMARKS.md session 10), else one.
    #if RNNSCOPE_AVX512
    static let productBatch = 32
    #else
    static let productBatch = 16
    #endif

    /// ‖J_t‖₂ for t = 1…`steps` by Lanczos on JᵀJ (`batchedProductNorms(weights:…)` on the
    /// steps in order; a step without `factors` stays NaN). `progress(done)` after each
    /// step's norm; false stops, and the result is nil.
    static func batchedProductNorms(
        steps T: Int, weights w: Matrix, tolerance: Double,
        factors: (Int) -> (any JacobianProducts)?, progress: (Int) -> Bool
    ) -> [Double]? {
        var norms = [Double](repeating: .nan, count: T)
        guard T > 0, w.values.allSatisfy({ $0.isFinite }) else { return norms }
        var next = 0, done = 0
        let finished = batchedProductNorms(weights: PackedWeights(w), tolerance: tolerance) {
            while next < T {
                next += 1
                if let products = factors(next) { return (next, products) }
            }
            return nil
        } finished: { step, norm in
            norms[step - 1] = norm
            done += 1
            return progress(done)
        }
        return finished ? norms : nil
    }

    /// ‖J_t‖₂ by Lanczos on JᵀJ for the steps `next` hands out until it gives nil,
    /// `productBatch` steps side by side: each product is two matrix products with W_hh
    /// (W_hh·X for the batch's vectors, then W_hhᵀ·Q), in Float by the training kernels (the
    /// Lanczos vectors and the unit-local parts stay Double). A step that settles hands its
    /// column to the next step; its value does not depend on the column or on the other steps.
    /// `finished(step, norm)` for each; false stops, and so does the result.
    /// W_hhᵀ·Q reads W_hhᵀ's rows in order (`PackedWeights`). Read down W_hh's columns instead,
    /// each term of a tile was another line 4 KB away, all in one L1 set (H = 1024).
    static func batchedProductNorms(
        weights packed: PackedWeights, tolerance: Double,
        next nextStep: () -> (step: Int, products: any JacobianProducts)?, finished: (Int, Double) -> Bool
    ) -> Bool {
        let width = productBatch
        struct Slot {
            let step: Int
            let products: any JacobianProducts
            var run: Lanczos.Run
        }
        var slots = [Slot?](repeating: nil, count: width)
        var more = true
        var x: [Float] = [], p: [Float] = [], y: [Float] = []
        var direct = [[Double]](repeating: [], count: width)
        while true {
            // Fill free columns with the next steps.
            for s in 0..<width where more && slots[s] == nil {
                if let taken = nextStep() {
                    let n = taken.products.stateBlocks * taken.products.hidden
                    slots[s] = Slot(step: taken.step, products: taken.products, run: Lanczos.Run(n: n, residualTolerance: tolerance))
                } else {
                    more = false
                }
            }
            guard let first = slots.lazy.compactMap({ $0 }).first else { break }
            let H = first.products.hidden, G = first.products.gateCount, B = first.products.stateBlocks
            guard packed.w.rows == G * H, packed.w.depth == H else { return true }
            if x.isEmpty {
                x = [Float](repeating: 0, count: H * width)
                p = [Float](repeating: 0, count: G * H * width)
                y = [Float](repeating: 0, count: H * width)
            }
            // X [H, width]: each column the h part of its step's Lanczos vector.
            for s in 0..<width {
                if let slot = slots[s] {
                    let q = slot.run.q
                    for u in 0..<H { x[u * width + s] = Float(q[u]) }
                } else {
                    for u in 0..<H { x[u * width + s] = 0 }
                }
            }
            // P = W_hh·X [G·H, width]
            x.withUnsafeBufferPointer { xb in
                p.withUnsafeMutableBufferPointer { pb in
                    guard let xp = xb.baseAddress, let pp = pb.baseAddress else { return }
                    Kernels.packedProduct(pp, ldc: width, packed.w, xp, ldb: width, n: width)
                }
            }
            // Each unit: P's entries become the factors of W_hh's rows in Jᵀ J x; the direct part aside.
            p.withUnsafeMutableBufferPointer { pb in
                guard let pp = pb.baseAddress else { return }
                for s in 0..<width {
                    guard let slot = slots[s] else {
                        for r in 0..<(G * H) { pp[r * width + s] = 0 }
                        continue
                    }
                    var d = [Double](repeating: 0, count: B * H)
                    slot.run.q.withUnsafeBufferPointer { qb in
                        d.withUnsafeMutableBufferPointer { db in
                            guard let qp = qb.baseAddress, let dp = db.baseAddress, qb.count == B * H else { return }
                            slot.products.normalColumn(pp + s, stride: width, qp, direct: dp)
                        }
                    }
                    direct[s] = d
                }
            }
            // Y = W_hhᵀ·Q [H, width]
            p.withUnsafeBufferPointer { pb in
                y.withUnsafeMutableBufferPointer { yb in
                    guard let pp = pb.baseAddress, let yp = yb.baseAddress else { return }
                    Kernels.packedProduct(yp, ldc: width, packed.wt, pp, ldb: width, n: width)
                }
            }
            for s in 0..<width {
                guard var slot = slots[s] else { continue }
                var product = direct[s]
                for u in 0..<H { product[u] += Double(y[u * width + s]) }
                if let lambda = slot.run.advance(product) {
                    slots[s] = nil
                    if !finished(slot.step, max(0, lambda).squareRoot()) { return false }
                } else {
                    slots[s] = slot
                }
            }
        }
        return true
    }

    /// ‖∂s_t/∂s_{t-1}‖₂ of one step from its formed Jacobian, Lanczos to a value change of
    /// 1e-10 whatever the size: the reference `rnnscope bench` compares the analysis with.
    public static func formedJacobianNorm(_ trace: Trace, step t: Int) -> Double {
        SpectralNorm.largestSingularValueIterative(StateJacobian.matrix(trace, step: t, weights: trace.parameters.matrix(.weightHH)))
    }

    /// ‖diag(s) W‖₂ by power iteration on MᵀM, warm-started from the previous step's vector,
    /// stopped when the Rayleigh quotient's residual ‖MᵀMv − λv‖ is below 1e-7·λ. A change in
    /// the value alone is no stopping rule: with two nearly equal top singular values it creeps
    /// by less than 1e-10 per iteration while still 1e-3 off. Where the residual does not fall
    /// in 200 iterations, Lanczos on the formed diag(s)·W gives the value.
    static func scaledNorm(_ w: Matrix, rowScale s: [Double], start: [Double]?) -> (Double, [Double]) {
        let n = w.cols
        guard n > 0, w.values.allSatisfy({ $0.isFinite }) else { return (.nan, []) }
        var v = start ?? [Double](repeating: 1 / Double(n).squareRoot(), count: n)
        var mv = [Double](repeating: 0, count: w.rows)
        var u = [Double](repeating: 0, count: n)
        for _ in 0..<200 {
            // mv = diag(s) W v;  u = Wᵀ diag(s) mv = MᵀM v
            for r in 0..<w.rows {
                var sum = 0.0
                for c in 0..<n { sum += Double(w.values[r * n + c]) * v[c] }
                mv[r] = s[r] * sum
            }
            for c in 0..<n { u[c] = 0 }
            for r in 0..<w.rows {
                let m = s[r] * mv[r]
                if m == 0 { continue }
                for c in 0..<n { u[c] += Double(w.values[r * n + c]) * m }
            }
            var lambda = 0.0
            for c in 0..<n { lambda += v[c] * u[c] }
            var residual = 0.0
            for c in 0..<n { residual += (u[c] - lambda * v[c]) * (u[c] - lambda * v[c]) }
            let length = u.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard length > 0, lambda > 0 else { return (0, v) }
            if residual.squareRoot() <= 1e-7 * lambda { return (lambda.squareRoot(), v) }
            for c in 0..<n { v[c] = u[c] / length }
        }
        var scaled = w
        for r in 0..<w.rows {
            for c in 0..<n { scaled.values[r * n + c] = Float(s[r] * Double(w.values[r * n + c])) }
        }
        return (SpectralNorm.largestSingularValueIterative(scaled), v)
    }
}

/// W_hh and W_hhᵀ packed for the analysis' two products (`Kernels.packedProduct`: the sums of
/// `Kernels.addProduct` with fused multiply-adds, term for term), made once per analysis.
struct PackedWeights: Sendable {
    /// W_hh [G·H, H], for P = W_hh·X.
    let w: PackedRows
    /// W_hhᵀ [H, G·H], for Y = W_hhᵀ·Q.
    let wt: PackedRows

    init(_ weights: Matrix) {
        w = PackedRows(weights)
        wt = PackedRows(weights, transposed: true)
    }
}
