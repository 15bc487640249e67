import Foundation

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
    /// Everything the next step depends on, for a weight file.
    var state: OptimizerState { get }
    /// The same optimizer without the buffers it keeps per parameter (Adam's moments): for a
    /// copy that is only looked at while another thread steps the real one
    /// (`TrainerState.droppingMoments()`). Never to step with.
    func droppingMoments() -> Self
    /// False after `droppingMoments()` (an optimizer that keeps no buffers always has them).
    var hasMoments: Bool { get }
}

/// Plain gradient descent, `optim.SGD(params, lr)`: θ ← θ − lr·g.
public struct SGD: Optimizer {
    public var learningRate: Float

    public init(learningRate: Float) { self.learningRate = learningRate }

    public var state: OptimizerState { OptimizerState(kind: .sgd, learningRate: learningRate) }
    public func droppingMoments() -> SGD { self }
    public var hasMoments: Bool { true }

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
    /// Set by `droppingMoments()`: m and v are not this optimizer's (a step would start them again).
    private var dropped = false

    public init(learningRate: Float, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Float = 1e-8) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }

    public func droppingMoments() -> Adam {
        var dropped = self
        dropped.m = []
        dropped.v = []
        dropped.dropped = true
        return dropped
    }

    public var hasMoments: Bool { !dropped }

    public var state: OptimizerState {
        var state = OptimizerState(kind: .adam, learningRate: learningRate)
        state.beta1 = beta1
        state.beta2 = beta2
        state.epsilon = epsilon
        state.stepCount = stepCount
        state.expAvg = m
        state.expAvgSq = v
        return state
    }

    /// Sets the step count and moments (as `init(resuming:)` does); moments of another length
    /// than the parameters' are replaced by zeros at the next step.
    mutating func restore(stepCount: Int, m: [Float], v: [Float]) {
        self.stepCount = stepCount
        self.m = m
        self.v = v
    }

    public mutating func step(_ parameters: inout Parameters, gradients: Parameters) {
        let n = parameters.storage.count
        if m.count != n || v.count != n {
            stepCount = 0
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
                        let constants = Constants(
                            weight1: weight1, decay2: decay2, weight2: weight2, stepSize: stepSize,
                            correction2: correction2, epsilon: eps)
                        let (m, v, p, g) = (m.baseAddress!, v.baseAddress!, p.baseAddress!, g.baseAddress!)
                        var i = 0
                        while i + 16 <= n {
                            Self.update(p + i, g + i, m + i, v + i, width: 16, constants)
                            i += 16
                        }
                        if i < n { Self.update(p + i, g + i, m + i, v + i, width: n - i, constants) }
                    }
                }
            }
        }
    }

    private struct Constants {
        let weight1, decay2, weight2, stepSize, correction2, epsilon: Float
    }

    /// The update on 16 parameters (or the first `width`). Per element: m + w1·(g − m),
    /// v·β2 + (w2·g)·g, p − s·(m / (√v / c2 + ε)), each a separate IEEE operation (no fused
    /// multiply-add), as PyTorch computes them element by element.
    @inline(__always)
    private static func update(
        _ p: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ m: UnsafeMutablePointer<Float>,
        _ v: UnsafeMutablePointer<Float>, width: Int, _ c: Constants
    ) {
        let gi = Lane.load(g, width), mPrevious = Lane.load(m, width)
        let mi = mPrevious + c.weight1 * (gi - mPrevious)
        let vi = Lane.load(v, width) * c.decay2 + c.weight2 * gi * gi
        let denominator = vi.squareRoot() / c.correction2 + c.epsilon
        (Lane.load(p, width) - c.stepSize * (mi / denominator)).store(p, width)
        mi.store(m, width)
        vi.store(v, width)
    }
}
