import RNNCore

/// A lesson: the model it sets up and its steps, each pointing the screen somewhere and
/// narrating what is there.
public struct Lesson: Sendable {
    public let path: String
    public let id: Int
    public let title: String
    public let lang: String
    public let settings: LessonSettings
    public let steps: [LessonStep]
}

/// The front matter's model and data settings; nil means the notes' default.
public struct LessonSettings: Sendable, Equatable {
    public var text: String?
    public var hidden: Int?
    public var window: Int?
    public var activation: Activation?
    public var loss: LossMode?
    public var seed: UInt64?
    /// Resolved against the lesson file's folder.
    public var weights: String?
    public var epochs: Int = 0
    public var whhScale: Float?
    public var learningRate: Float?
    public var clip: Float?
    public var cell: CellKind?

    public init() {}
}

/// One `## ` section.
public struct LessonStep: Sendable {
    public let title: String
    /// Line of the `## ` heading.
    public let line: Int
    public var position = LessonPosition()
    public var actions: [LessonAction] = []
    public var narration: [NarrationBlock] = []
    /// Each directive's file line, for range errors found after parsing.
    public var directiveLines: [String: Int] = [:]
}

/// Where a step puts the screen. Nil fields keep what the previous step left.
public struct LessonPosition: Sendable, Equatable {
    public var view: LessonView?
    public var t: TimeStep?
    public var phase: String?
    public var subStep: LessonSubStep?
    public var unit: Int?

    public enum TimeStep: Sendable, Equatable {
        case index(Int)
        case last
    }
}

public enum LessonView: String, CaseIterable, Sendable {
    case step, time, training, weights, gradients, compare
}

/// The sub-step names lessons use, in walk-through order.
public enum LessonSubStep: String, CaseIterable, Sendable {
    case embed, input, recurrent, preactivation, activation, logits, softmax, loss
    /// Gated cells: a gate by its letter (GRU r z n, LSTM i f g o), the LSTM's cell state c,
    /// the new hidden state h.
    case r, z, n, i, f, g, o, c, h
    case dlogits, dh, da, grads, dhprev
    /// Gated cells: dL/dc_t (LSTM) and the gates' gradients.
    case dc, dgates

    public var isForward: Bool { !Self.backward.contains(self) }

    private static let backward: Set<LessonSubStep> = [.dlogits, .dh, .da, .grads, .dhprev, .dc, .dgates]
}

/// Things a step does once when entered going forward, in file order.
public enum LessonAction: Sendable, Equatable {
    case reinit(seed: UInt64)
    case scaleWHH(Float)
    case train(epochs: Int)
    case input(String)
    /// 1-based training window.
    case window(Int)
    case logScale(Bool)
    /// Clip the gradient's global norm from now on; nil switches clipping off.
    case clip(Float?)
    /// Clamp every gradient entry to ±this from now on; nil switches it off.
    case clipValue(Float?)
    case learningRate(Float)
    /// Replace W_hh by a preset (σ_max rescaling, orthogonal, identity).
    case recurrentWeights(RecurrentPreset)
    /// A fresh model of another cell (same seed, text and length).
    case cell(CellKind)
    /// Sequences of this many steps from now on (the training windows change with it).
    case length(Int)
    /// The comparison view's partner when the main model is the RNN: gru or lstm.
    case partner(CellKind)
}
