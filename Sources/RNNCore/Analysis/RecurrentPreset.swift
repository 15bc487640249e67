import Localization

/// Ready-made recurrent weights for experiments with vanishing and exploding gradients.
public enum RecurrentPreset: Equatable, Sendable, CustomStringConvertible {
    /// Rescale W_hh so its largest singular value is exactly this.
    case sigmaMax(Double)
    /// A random orthogonal matrix (every singular value 1), from a seeded QR.
    case orthogonal
    /// The identity (the "IRNN" start): h_{t-1} passes through unchanged.
    case identity

    /// The presets the explorer's `w` key cycles through.
    public static let cycle: [RecurrentPreset] = [.sigmaMax(0.5), .sigmaMax(0.9), .sigmaMax(1.0), .sigmaMax(1.1), .sigmaMax(1.5), .orthogonal, .identity]

    public var description: String {
        switch self {
        case .sigmaMax(let s): return "σ_max = \(s)"
        case .orthogonal: return "orthogonal"
        case .identity: return "identity"
        }
    }

    /// W_hh [H, H] after applying the preset to `current`.
    public func apply(to current: Matrix, seed: UInt64) throws -> Matrix {
        let n = current.rows
        switch self {
        case .sigmaMax(let target):
            guard target.isFinite, target > 0 else { throw RNNScopeError(Message("error.preset.sigma_positive", ["value": "\(target)"])) }
            let sigma = SpectralNorm.largestSingularValue(current)
            guard sigma.isFinite, sigma > 0 else { throw RNNScopeError(Message("error.preset.zero")) }
            let factor = target / sigma
            let values = current.values.map { Float(Double($0) * factor) }
            guard values.allSatisfy(\.isFinite) else {
                throw RNNScopeError(Message("error.preset.overflow", ["value": "\(target)"]))
            }
            return Matrix(rows: n, cols: n, values: values)
        case .identity:
            var identity = Matrix(rows: n, cols: n)
            for i in 0..<n { identity[i, i] = 1 }
            return identity
        case .orthogonal:
            return Self.randomOrthogonal(n, seed: seed)
        }
    }

    /// Modified Gram–Schmidt on the columns of a seeded Gaussian matrix, in double precision.
    static func randomOrthogonal(_ n: Int, seed: UInt64) -> Matrix {
        var generator = SeededGenerator(seed: seed)
        var columns = (0..<n).map { _ in (0..<n).map { _ in Double(generator.normal()) } }
        for j in 0..<n {
            for k in 0..<j {
                let dot = zip(columns[j], columns[k]).reduce(0) { $0 + $1.0 * $1.1 }
                for i in 0..<n { columns[j][i] -= dot * columns[k][i] }
            }
            let length = columns[j].reduce(0) { $0 + $1 * $1 }.squareRoot()
            for i in 0..<n { columns[j][i] /= length }
        }
        var result = Matrix(rows: n, cols: n)
        for i in 0..<n { for j in 0..<n { result[i, j] = Float(columns[j][i]) } }
        return result
    }
}

extension RecurrentPreset {
    /// Applies the preset to a model's W_hh; for a gated cell to the H×H block that feeds its
    /// candidate (GRU's W_hn, LSTM's W_hg), the block that plays the plain RNN's W_hh.
    public func apply(to parameters: inout Parameters, seed: UInt64) throws {
        let shape = parameters.shape
        let whh = parameters.matrix(.weightHH)
        let block = GradientAnalysis.candidateBlock(whh, cell: shape.cell, hidden: shape.hidden)
        let updated = try apply(to: block, seed: seed)
        var values = whh.values
        let start = shape.cell.candidateGate * shape.hidden * shape.hidden
        values.replaceSubrange(start ..< start + updated.values.count, with: updated.values)
        parameters[.weightHH] = values
    }

    /// Parses "0.9", "orthogonal" or "identity" (the `--whh` flag and lessons' `whh`).
    public init(parsing text: String) throws {
        switch text {
        case "orthogonal": self = .orthogonal
        case "identity": self = .identity
        default:
            guard let sigma = Double(text) else {
                throw RNNScopeError(Message("error.preset.unknown", ["value": text]))
            }
            guard sigma.isFinite, sigma > 0 else { throw RNNScopeError(Message("error.preset.sigma_positive", ["value": text])) }
            // Weights are Floats: a larger σ_max would make W_hh infinite.
            guard sigma <= Double(Float.greatestFiniteMagnitude) else {
                throw RNNScopeError(Message("error.preset.beyond_float", ["value": text, "max": "\(Float.greatestFiniteMagnitude)"]))
            }
            self = .sigmaMax(sigma)
        }
    }
}
