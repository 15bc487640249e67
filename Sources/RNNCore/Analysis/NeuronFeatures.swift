/// Simple features of a text, one number per character, and the hidden units whose activation
/// tracks them best (Karpathy's char-RNN picture: a unit that switches on inside quotes, one
/// that counts along the line …).
///
/// Every feature is a pure function of the characters; its `rawValue` is its id (the
/// Visualizer looks its names up in the string tables, so RNNCore holds no UI text). Feature i describes the text after
/// character i has been read, so it lines up with h_t, the state after reading x_t.
public enum TextFeature: String, CaseIterable, Sendable {
    /// 1 from an opening quote or bracket up to (not including) its closing one, else 0.
    case quoted
    /// 1, 2, 3 … along a word's letters; 0 on anything that is not a letter.
    case wordPosition
    /// 1 on the character right after a space, else 0.
    case afterSpace
    /// +1 on a vowel (a e i o u, any case), −1 on another Latin letter, 0 on the rest.
    case vowel
    /// 0, 1, 2 … along the line: the characters since the last line break (all 0 in a text
    /// without one, where the line would be the whole text).
    case linePosition

    static let vowels: Set<Unicode.Scalar> = ["a", "e", "i", "o", "u", "A", "E", "I", "O", "U"]

    static let openers: [Unicode.Scalar: Unicode.Scalar] = [
        "(": ")", "[": "]", "{": "}", "“": "”", "‘": "’", "「": "」", "『": "』", "（": "）", "《": "》",
    ]

    /// The feature's value at every character of `text`.
    public func values(_ text: [Unicode.Scalar]) -> [Double] {
        switch self {
        case .quoted: return Self.quotedValues(text)
        case .wordPosition:
            var run = 0
            return text.map { scalar in
                run = scalar.properties.isAlphabetic ? run + 1 : 0
                return Double(run)
            }
        case .afterSpace:
            return text.indices.map { i in i > 0 && text[i - 1] == " " ? 1 : 0 }
        case .vowel:
            return text.map { scalar in
                guard scalar.isASCII, scalar.properties.isAlphabetic else { return 0 }
                return Self.vowels.contains(scalar) ? 1 : -1
            }
        case .linePosition:
            // Without a line break the "line" is the whole passage: no feature, all 0.
            guard text.contains("\n") else { return text.map { _ in 0 } }
            var column = -1
            return text.map { scalar in
                column = scalar == "\n" ? -1 : column + 1
                return Double(max(0, column))
            }
        }
    }

    /// Inside a pair: a stack of expected closers; a straight quote `"` (or `'` not inside a
    /// word, so apostrophes do not count) opens when no such quote is open and closes it
    /// otherwise. The opening character counts as inside, the closing one as outside.
    static func quotedValues(_ text: [Unicode.Scalar]) -> [Double] {
        var expected: [Unicode.Scalar] = []
        var out: [Double] = []
        out.reserveCapacity(text.count)
        for (i, scalar) in text.enumerated() {
            if let last = expected.last, scalar == last {
                expected.removeLast()
            } else if let closer = openers[scalar] {
                expected.append(closer)
            } else if scalar == "\"" {
                expected.append("\"")
            } else if scalar == "'" {
                let letterBefore = i > 0 && text[i - 1].properties.isAlphabetic
                if !letterBefore { expected.append("'") }
            } else if scalar == "\n", expected.last == "\"" || expected.last == "'" {
                // A straight quote left open ends with its line.
                expected.removeLast()
            }
            out.append(expected.isEmpty ? 0 : 1)
        }
        return out
    }
}

/// Pearson's correlation and the units that track each feature best.
public enum NeuronFeatures {
    /// Pearson's r of two equally long series; nil when either is constant (or too short, or
    /// not finite), which the view shows as "n/a" rather than NaN.
    public static func correlation(_ a: [Double], _ b: [Double]) -> Double? {
        let n = min(a.count, b.count)
        guard n >= 2 else { return nil }
        var meanA = 0.0, meanB = 0.0
        for i in 0..<n { meanA += a[i]; meanB += b[i] }
        meanA /= Double(n)
        meanB /= Double(n)
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for i in 0..<n {
            let da = a[i] - meanA, db = b[i] - meanB
            sab += da * db
            saa += da * da
            sbb += db * db
        }
        // A series whose spread is rounding noise counts as constant.
        let tiny = 1e-12 * Double(n)
        guard saa > tiny, sbb > tiny, sab.isFinite, saa.isFinite, sbb.isFinite else { return nil }
        let r = sab / (saa.squareRoot() * sbb.squareRoot())
        return r.isFinite ? min(1, max(-1, r)) : nil
    }

    /// One unit and its correlation with a feature.
    public struct Match: Sendable, Equatable {
        public let unit: Int
        public let r: Double
    }

    /// A feature and its best units by |r|, best first; `best` is empty when the feature is
    /// constant over the passage (r is n/a for every unit).
    public struct Ranking: Sendable, Equatable {
        public let feature: TextFeature
        public let best: [Match]
    }

    /// The hidden states h_t[u] over `tokens`, read from h_0 = 0 with h carried across the whole
    /// passage (as char-rnn draws it): `[t][u]`.
    public static func activations(model: CharRNN, tokens: [Int]) -> [[Float]] {
        var state = GenerationState(model: model)
        var out: [[Float]] = []
        out.reserveCapacity(tokens.count)
        for token in tokens {
            state.read(token)
            out.append(state.h)
        }
        return out
    }

    /// For each feature, the `count` units whose activation correlates best with it (by |r|,
    /// ties to the lower unit). `activations` is `[t][u]`, as long as `text`.
    public static func rank(text: [Unicode.Scalar], activations: [[Float]], features: [TextFeature] = TextFeature.allCases,
                            count: Int = 2) -> [Ranking] {
        let hidden = activations.first?.count ?? 0
        let n = min(text.count, activations.count)
        var columns = [[Double]](repeating: [], count: hidden)
        for u in 0..<hidden { columns[u] = (0..<n).map { Double(activations[$0][u]) } }
        let prefix = Array(text.prefix(n))
        return features.map { feature in
            let values = feature.values(prefix)
            var matches: [Match] = []
            for u in 0..<hidden {
                if let r = correlation(columns[u], values) { matches.append(Match(unit: u, r: r)) }
            }
            matches.sort { abs($0.r) != abs($1.r) ? abs($0.r) > abs($1.r) : $0.unit < $1.unit }
            return Ranking(feature: feature, best: Array(matches.prefix(count)))
        }
    }
}

/// A model read over a passage: every h_t, every unit's r with every feature, and the best
/// units per feature. Computed once per (weights, passage); the neuron view draws from it.
public struct NeuronAnalysis: Sendable {
    public let text: [Unicode.Scalar]
    /// h_t[u], `[t][u]`, h carried across the whole passage from h_0 = 0.
    public let activations: [[Float]]
    /// r of unit u with each feature, `[feature][u]` in `TextFeature.allCases` order; nil: n/a.
    public let correlations: [[Double?]]
    public let rankings: [NeuronFeatures.Ranking]

    /// Reads `tokens` (which spell `text`) with `model` and correlates every unit with every feature.
    public init(model: CharRNN, text: [Unicode.Scalar], tokens: [Int], best: Int = 2) {
        let n = min(text.count, tokens.count)
        self.init(text: Array(text.prefix(n)), activations: NeuronFeatures.activations(model: model, tokens: Array(tokens.prefix(n))),
                  hidden: model.config.hidden, best: best)
    }

    /// Correlates h_t (`activations`, `[t][u]`, already read over `text`) with every feature.
    public init(text: [Unicode.Scalar], activations: [[Float]], hidden: Int, best: Int = 2) {
        let n = min(text.count, activations.count)
        self.text = Array(text.prefix(n))
        let activations = Array(activations.prefix(n))
        self.activations = activations
        let columns = (0..<hidden).map { u in activations.map { Double($0[u]) } }
        var correlations: [[Double?]] = []
        var rankings: [NeuronFeatures.Ranking] = []
        for feature in TextFeature.allCases {
            let values = feature.values(self.text)
            let row = columns.map { NeuronFeatures.correlation($0, values) }
            correlations.append(row)
            var matches = row.enumerated().compactMap { u, r in r.map { NeuronFeatures.Match(unit: u, r: $0) } }
            matches.sort { abs($0.r) != abs($1.r) ? abs($0.r) > abs($1.r) : $0.unit < $1.unit }
            rankings.append(NeuronFeatures.Ranking(feature: feature, best: Array(matches.prefix(best))))
        }
        self.correlations = correlations
        self.rankings = rankings
    }

    /// h_t[unit] along the passage.
    public func values(unit: Int) -> [Float] {
        activations.map { unit < $0.count ? $0[unit] : 0 }
    }
}
