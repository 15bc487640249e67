/// A model's weights laid out for reading one character at a time (`GenerationState`), made
/// once per state:
/// - W_ih x + b_ih for every character (x a row of the embedding): a step looks its term up;
/// - W_hhᵀ and W_hyᵀ, so that a product runs over k in the outer loop and each k adds its terms
///   to 16 outputs' sums in one vector (the step streams the matrix once, in order).
///
/// Every output is still b + Σ_k w[row][k]·v[k] with the sum taken over k = 0, 1, … in order,
/// one rounded multiply and one rounded add per term: the textbook loop's value bit for bit
/// (`GenerationStateTests` checks it against that loop).
struct GenerationWeights: Sendable {
    /// Rows of W_ih and W_hh (H, or 3H / 4H for a gated cell) and the input width.
    let gateRows: Int
    let hidden: Int
    let vocabulary: Int
    /// W_ih E[t] + b_ih, `[t][row]`.
    private let inputTerms: [Float]
    /// W_hhᵀ, `[k][row]`.
    private let recurrentT: [Float]
    private let recurrentBias: [Float]
    /// W_hyᵀ, `[k][v]`.
    private let outputT: [Float]
    private let outputBias: [Float]

    init(model: CharRNN) {
        let p = model.parameters
        let shape = p.shape
        let hh = shape.shape(of: .weightHH), ih = shape.shape(of: .weightIH)
        let rows = hh[0], H = hh[1], width = ih[1], V = shape.shape(of: .weightHY)[0]
        gateRows = rows
        hidden = H
        vocabulary = V
        recurrentBias = p[.biasHH]
        outputBias = p[.biasY]
        let bih = p[.biasIH]
        var terms = [Float](repeating: 0, count: V * rows)
        var recurrent = [Float](repeating: 0, count: H * rows)
        var output = [Float](repeating: 0, count: H * V)
        p.storage.withUnsafeBufferPointer { storage in
            guard let base = storage.baseAddress else { return }
            let E = base + shape.offset(of: .embedding), wih = base + shape.offset(of: .weightIH)
            let whh = base + shape.offset(of: .weightHH), why = base + shape.offset(of: .weightHY)
            // Eᵀ, so that one weight w[row][k] meets every character's x[k] in one vector.
            var embeddingT = [Float](repeating: 0, count: width * V)
            Self.transpose(E, rows: V, cols: width, into: &embeddingT)
            terms.withUnsafeMutableBufferPointer { terms in
                embeddingT.withUnsafeBufferPointer { et in
                    guard let out = terms.baseAddress, let et = et.baseAddress else { return }
                    var sums = [Float](repeating: 0, count: V)
                    sums.withUnsafeMutableBufferPointer { sums in
                        guard let s = sums.baseAddress else { return }
                        for row in 0..<rows {
                            s.update(repeating: 0, count: V)
                            for k in 0..<width { Self.accumulate(s, et + k * V, wih[row * width + k], V) }
                            for t in 0..<V { out[t * rows + row] = bih[row] + s[t] }
                        }
                    }
                }
            }
            Self.transpose(whh, rows: rows, cols: H, into: &recurrent)
            Self.transpose(why, rows: V, cols: H, into: &output)
        }
        inputTerms = terms
        recurrentT = recurrent
        outputT = output
    }

    /// W_ih x_t + b_ih for character `token`.
    func inputTerm(_ token: Int) -> [Float] {
        Array(inputTerms[(token * gateRows)..<((token + 1) * gateRows)])
    }

    /// W_hh h + b_hh.
    func recurrentTerm(_ h: [Float]) -> [Float] {
        Self.product(recurrentT, h, recurrentBias)
    }

    /// W_hy h + b_y: the logits.
    func output(_ h: [Float]) -> [Float] {
        Self.product(outputT, h, outputBias)
    }

    /// b + W v from Wᵀ (`[k][row]`, `b.count` rows).
    private static func product(_ wT: [Float], _ v: [Float], _ b: [Float]) -> [Float] {
        let rows = b.count
        var sums = [Float](repeating: 0, count: rows)
        sums.withUnsafeMutableBufferPointer { sums in
            wT.withUnsafeBufferPointer { w in
                guard let s = sums.baseAddress, let w = w.baseAddress else { return }
                for k in 0..<v.count { accumulate(s, w + k * rows, v[k], rows) }
            }
        }
        for row in 0..<rows { sums[row] = b[row] + sums[row] }
        return sums
    }

    /// sums[i] += w[i]·x for i < count: one multiply and one add per term, rounded each
    /// (Swift never fuses them), 16 at a time.
    @inline(__always)
    private static func accumulate(_ sums: UnsafeMutablePointer<Float>, _ w: UnsafePointer<Float>, _ x: Float, _ count: Int) {
        let xs = SIMD16<Float>(repeating: x)
        var i = 0
        while i + 16 <= count {
            let a = UnsafeRawPointer(sums + i).loadUnaligned(as: SIMD16<Float>.self)
            let b = UnsafeRawPointer(w + i).loadUnaligned(as: SIMD16<Float>.self)
            UnsafeMutableRawPointer(sums + i).storeBytes(of: a + b * xs, as: SIMD16<Float>.self)
            i += 16
        }
        while i < count {
            sums[i] = sums[i] + w[i] * x
            i += 1
        }
    }

    /// `out[c][r] = m[r][c]` for a row-major `rows × cols` matrix, in 16×16 tiles.
    private static func transpose(_ m: UnsafePointer<Float>, rows: Int, cols: Int, into out: inout [Float]) {
        out.withUnsafeMutableBufferPointer { out in
            guard let o = out.baseAddress else { return }
            for r0 in stride(from: 0, to: rows, by: 16) {
                for c0 in stride(from: 0, to: cols, by: 16) {
                    for r in r0..<min(r0 + 16, rows) {
                        for c in c0..<min(c0 + 16, cols) { o[c * rows + r] = m[r * cols + c] }
                    }
                }
            }
        }
    }
}
