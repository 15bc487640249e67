/// Which update rule training uses.
public enum OptimizerKind: String, CaseIterable, Sendable {
    case adam
    case sgd
}

/// An update rule over the flat parameter buffer, written as PyTorch's `torch.optim` does it.
public protocol Optimizer: Sendable {
    /// Changeable mid-training (a lesson's `lr`); Adam keeps its moments.
    var learningRate: Float { get set }
    mutating func step(_ parameters: inout Parameters, gradients: Parameters)
}

/// Plain gradient descent, `optim.SGD(params, lr)`: θ ← θ − lr·g.
public struct SGD: Optimizer {
    public var learningRate: Float

    public init(learningRate: Float) { self.learningRate = learningRate }

    public mutating func step(_ parameters: inout Parameters, gradients: Parameters) {
        let lr = learningRate
        parameters.storage.withUnsafeMutableBufferPointer { p in
            gradients.storage.withUnsafeBufferPointer { g in
                for i in 0..<p.count { p[i] -= lr * g[i] }
            }
        }
    }
}

/// Adam with PyTorch's defaults (β1 0.9, β2 0.999, ε 1e-8) and PyTorch's exact arithmetic:
/// m ← lerp(m, g, 1−β1); v ← β2·v + (1−β2)·g²; θ ← θ − (lr/(1−β1ᵗ))·m / (√v/√(1−β2ᵗ) + ε).
public struct Adam: Optimizer {
    public var learningRate: Float
    public let beta1: Double
    public let beta2: Double
    public let epsilon: Float
    public private(set) var stepCount = 0
    private var m: [Float] = []
    private var v: [Float] = []

    public init(learningRate: Float, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Float = 1e-8) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }

    public mutating func step(_ parameters: inout Parameters, gradients: Parameters) {
        let n = parameters.storage.count
        if m.count != n {
            m = [Float](repeating: 0, count: n)
            v = [Float](repeating: 0, count: n)
        }
        stepCount += 1
        let weight1 = Float(1 - beta1), decay2 = Float(beta2), weight2 = Float(1 - beta2)
        let stepSize = Float(Double(learningRate) / (1 - pow(beta1, Double(stepCount))))
        let correction2 = Float((1 - pow(beta2, Double(stepCount))).squareRoot())
        let eps = epsilon
        m.withUnsafeMutableBufferPointer { m in
            v.withUnsafeMutableBufferPointer { v in
                parameters.storage.withUnsafeMutableBufferPointer { p in
                    gradients.storage.withUnsafeBufferPointer { g in
                        for i in 0..<n {
                            let gi = g[i]
                            m[i] += weight1 * (gi - m[i])
                            v[i] = v[i] * decay2 + weight2 * gi * gi
                            let denominator = v[i].squareRoot() / correction2 + eps
                            p[i] -= stepSize * (m[i] / denominator)
                        }
                    }
                }
            }
        }
    }
}

import Foundation
