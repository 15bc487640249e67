import Foundation

/// One epoch's update as the optimizer view explains it: the gradient the optimizer got (after
/// clipping), how it was clipped, and the settings of the step. The moments are not copied:
/// they are the optimizer's own (`OptimizerState`), after this update for an applied one, before
/// it for a preview. The gradient shares the trainer's buffer (no copy of the weights).
public struct UpdateRecord: Sendable {
    /// The epoch whose update this is (for a preview: the next one).
    public let epoch: Int
    /// g as the optimizer got it: after any clipping.
    public let gradient: Parameters
    /// ‖g‖ over every tensor before clipping.
    public let norm: Float
    /// The factor norm clipping multiplied g by (1: not clipped).
    public let clipCoefficient: Float
    public let clipNorm: Float?
    public let clipValue: Float?
    public let optimizer: OptimizerKind
    /// The learning rate of this step.
    public let learningRate: Float
    /// Not applied yet: the update the next epoch would make from the current weights.
    public let isPreview: Bool

    public init(
        epoch: Int, gradient: Parameters, norm: Float, clipCoefficient: Float, clipNorm: Float?, clipValue: Float?,
        optimizer: OptimizerKind, learningRate: Float, isPreview: Bool
    ) {
        self.epoch = epoch
        self.gradient = gradient
        self.norm = norm
        self.clipCoefficient = clipCoefficient
        self.clipNorm = clipNorm
        self.clipValue = clipValue
        self.optimizer = optimizer
        self.learningRate = learningRate
        self.isPreview = isPreview
    }
}

/// Adam's arithmetic for one entry, as `Adam.step` computes it (Float32, PyTorch's order of
/// operations), with the values before and after: m_{t−1} → m_t, v_{t−1} → v_t, the bias
/// corrections, and the step Δθ. SGD: only g and Δθ = −lr·g.
public struct AdamEntry: Equatable, Sendable {
    public let g: Float
    public let mPrevious: Float
    public let vPrevious: Float
    public let m: Float
    public let v: Float
    /// Adam's step count t of this update (1 for the first).
    public let t: Int
    public let learningRate: Float
    public let beta1: Double
    public let beta2: Double
    public let epsilon: Float
    /// 1 − β1ᵗ and 1 − β2ᵗ.
    public let correction1: Double
    public let correction2: Double
    /// m̂ = m / (1 − β1ᵗ), v̂ = v / (1 − β2ᵗ).
    public let mHat: Double
    public let vHat: Double
    /// The step applied to θ, computed exactly as `Adam.step` does:
    /// −(lr/(1−β1ᵗ)) · m / (√v/√(1−β2ᵗ) + ε).
    public let step: Float

    /// The update that turns `(mPrevious, vPrevious)` into the moments after it, at step `t`.
    public init(g: Float, mPrevious: Float, vPrevious: Float, t: Int, learningRate: Float, beta1: Double, beta2: Double, epsilon: Float) {
        let weight1 = Float(1 - beta1), decay2 = Float(beta2), weight2 = Float(1 - beta2)
        let m = mPrevious + weight1 * (g - mPrevious)
        let v = vPrevious * decay2 + weight2 * g * g
        self.init(g: g, mPrevious: mPrevious, vPrevious: vPrevious, m: m, v: v, t: t, learningRate: learningRate,
                  beta1: beta1, beta2: beta2, epsilon: epsilon)
    }

    /// An applied update, from the moments after it (the optimizer's state) and its gradient:
    /// the moments before it are solved for (β1·m_{t−1} = m_t − (1−β1)·g; exactly 0 at t = 1).
    public init(applied g: Float, m: Float, v: Float, t: Int, learningRate: Float, beta1: Double, beta2: Double, epsilon: Float) {
        let mPrevious = t <= 1 ? 0 : Float((Double(m) - (1 - beta1) * Double(g)) / beta1)
        let vPrevious = t <= 1 ? 0 : Float(max(0, (Double(v) - (1 - beta2) * Double(g) * Double(g)) / beta2))
        self.init(g: g, mPrevious: mPrevious, vPrevious: vPrevious, m: m, v: v, t: t, learningRate: learningRate,
                  beta1: beta1, beta2: beta2, epsilon: epsilon)
    }

    private init(g: Float, mPrevious: Float, vPrevious: Float, m: Float, v: Float, t: Int, learningRate: Float,
                 beta1: Double, beta2: Double, epsilon: Float) {
        self.g = g
        self.mPrevious = mPrevious
        self.vPrevious = vPrevious
        self.m = m
        self.v = v
        self.t = t
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        correction1 = 1 - pow(beta1, Double(t))
        correction2 = 1 - pow(beta2, Double(t))
        mHat = Double(m) / correction1
        vHat = Double(v) / correction2
        let stepSize = Float(Double(learningRate) / correction1)
        let root = Float(correction2.squareRoot())
        step = -(stepSize * (m / (v.squareRoot() / root + epsilon)))
    }

    /// SGD's step for the same gradient, −lr·g.
    public var sgdStep: Float { -learningRate * g }
}
