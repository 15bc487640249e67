import Foundation
import Localization

/// What an optimizer carries from one step to the next, as a weight file records it: the
/// optimizer's name, and for Adam its settings, step count and both moments (flat, in the
/// parameter buffer's layout), as PyTorch's `optimizer.state_dict()` holds them.
public struct OptimizerState: Equatable, Sendable {
    public var kind: OptimizerKind
    public var learningRate: Float
    public var beta1: Double = 0.9
    public var beta2: Double = 0.999
    public var epsilon: Float = 1e-8
    /// Always 0: rnnscope's Adam has no weight decay (recorded so PyTorch's settings are complete).
    public var weightDecay: Float = 0
    /// Adam's step count t (PyTorch's `state[p]["step"]`); 0 before the first step.
    public var stepCount: Int = 0
    /// exp_avg, m (empty before the first step, and for SGD).
    public var expAvg: [Float] = []
    /// exp_avg_sq, v (empty before the first step, and for SGD).
    public var expAvgSq: [Float] = []

    public init(kind: OptimizerKind, learningRate: Float) {
        self.kind = kind
        self.learningRate = learningRate
    }

    /// Whether Adam has moments to carry on with.
    public var hasMoments: Bool { kind == .adam && stepCount > 0 && !expAvg.isEmpty }
}

extension Adam {
    /// Adam carrying on from `state` (its betas, ε, step count and moments); the learning rate
    /// is `learningRate` (the one training is configured with now).
    public init(resuming state: OptimizerState, learningRate: Float) {
        self.init(learningRate: learningRate, beta1: state.beta1, beta2: state.beta2, epsilon: state.epsilon)
        restore(stepCount: state.stepCount, m: state.expAvg, v: state.expAvgSq)
    }
}

extension OptimizerState {
    /// Why this state cannot carry on training a model of `shape` with `optimizer`, in a few
    /// words for a one-line message; nil when it can.
    public func mismatch(shape: ModelShape, optimizer: OptimizerKind) -> String? {
        mismatchReason(shape: shape, optimizer: optimizer)?.english
    }

    /// `mismatch` as a sentence of the tables, to show in the reader's language.
    public func mismatchReason(shape: ModelShape, optimizer: OptimizerKind) -> Message? {
        if kind != optimizer {
            return Message("error.optimizer.mismatch.kind", ["kind": kind.rawValue, "optimizer": optimizer.rawValue])
        }
        guard kind == .adam, stepCount > 0 else { return nil }
        if expAvg.count != shape.totalCount || expAvgSq.count != shape.totalCount {
            return Message("error.optimizer.mismatch.moments", ["count": String(expAvg.count), "parameters": String(shape.totalCount)])
        }
        if !(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && epsilon > 0 && epsilon.isFinite) {
            return Message("error.optimizer.mismatch.betas", ["beta1": "\(beta1)", "beta2": "\(beta2)", "eps": "\(epsilon)"])
        }
        if weightDecay != 0 { return Message("error.optimizer.mismatch.weight_decay", ["value": "\(weightDecay)"]) }
        // One vectorised pass over each (the moments are 8.5M values each at H=1024 LSTM, and
        // `O` checks them as its model lands); the index only when one is bad.
        if !(FiniteCheck.all(expAvg) && FiniteCheck.allNonNegative(expAvgSq)),
           let index = expAvg.firstIndex(where: { !$0.isFinite }) ?? expAvgSq.firstIndex(where: { !$0.isFinite || $0 < 0 }) {
            return Message("error.optimizer.mismatch.nonfinite", ["index": String(index)])
        }
        return nil
    }
}
