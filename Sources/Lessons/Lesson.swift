import RNNCore
import ScopeNames

/// A lesson: the model it sets up and its steps, each pointing the screen somewhere and
/// narrating what is there.
public struct Lesson: Sendable {
    public let path: String
    public let id: Int
    public let title: String
    public let lang: String
    public let settings: LessonSettings
    public let steps: [LessonStep]
    /// Each front-matter key's file line, for errors found when the model is built.
    public var frontMatterLines: [String: Int] = [:]
}

/// The front matter's model and data settings; nil means the notes' default.
public struct LessonSettings: Sendable, Equatable {
    public var text: String?
    public var hidden: Int?
    public var window: Int?
    /// A training window every this many characters (at least the interactive stride).
    public var stride: Int?
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
    /// The last N windows held out for validation (never trained on).
    public var holdout: Int = 0
    /// `batch_size`: windows per optimizer step (nil: every window, full-batch).
    public var batchSize: Int?
    /// `shuffle`: batches from a seeded permutation per epoch.
    public var shuffle = false

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
    /// A question to answer before the step reveals its numbers (`ask:`).
    public var question: LessonQuestion?
}

/// Predict, then reveal: a question posed before the answer is on screen. The step's panels
/// and narration stay hidden until the student picks a choice (1–9) or presses Enter.
public struct LessonQuestion: Sendable, Equatable {
    public let question: [NarrationSpan]
    public let choices: [String]
    /// 1-based.
    public let answer: Int
    /// Shown after answering, with live values.
    public let explain: [NarrationSpan]
    public let line: Int
}

/// Where a step puts the screen. Nil fields keep what the previous step left.
public struct LessonPosition: Sendable, Equatable {
    public var view: ScreenView?
    public var t: TimeStep?
    public var phase: Phase?
    public var subStep: SubStep?
    public var unit: Int?
    /// The optimizer view's tensor (`optimizer: W_hh`, a gate block `W_hz`, … `E`).
    public var optimizerTensor: String?
    /// The optimizer view's entry (`entry: 3,5` row, column; a bias: `entry: 3`).
    public var optimizerEntry: [Int]?

    public enum TimeStep: Sendable, Equatable {
        case index(Int)
        case last
    }
}

/// Things a step does once when entered going forward, in file order.
public enum LessonAction: Sendable, Equatable {
    case reinit(seed: UInt64)
    case scaleWHH(Float)
    case train(epochs: Int)
    /// Show the model at the snapshot taken at or before this epoch (the past; a later
    /// `train` continues from there and drops what came after).
    case rewind(epoch: Int)
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
    /// Continuous training's pace from now on, in epochs per second; nil is as fast as it goes.
    case pace(Double?)
    /// Continuous training stops by itself at this epoch; nil: it does not stop.
    case until(Int?)
    /// Hold out the last N windows for validation from now on (same weights, curves restart).
    case holdout(Int)
    /// The generate view's prompt: the generated text starts again after it.
    case prompt(String)
    /// Append this many characters to the generate view's text, each the most likely (greedy).
    case generate(Int)
    /// Windows per optimizer step from now on; nil: every window (full-batch).
    case batchSize(Int?)
    /// Take batches from a seeded permutation of the windows each epoch (or in window order).
    case shuffle(Bool)
    /// Train this many optimizer steps (with a batch size: batches; full-batch: epochs).
    case trainSteps(Int)
}

extension LessonSettings {
    /// The model the front matter describes, the notes' defaults where it is silent, with the
    /// interactive stride (an epoch stays small however long the text). With a weight file the
    /// hidden size, cell and vocabulary are the file's, known only once it is loaded.
    public var spec: ModelSpec {
        let training = TrainingOptions(
            learningRate: learningRate ?? SeedNotes.learningRate, clipNorm: clip, batchSize: batchSize, shuffle: shuffle)
        let spec = ModelSpec(
            text: text ?? SeedNotes.text, window: window ?? SeedNotes.window, stride: stride ?? 1, cell: cell ?? .rnn, activation: activation ?? .tanh,
            hidden: hidden ?? SeedNotes.hidden, seed: seed ?? 0, lossMode: loss ?? .last, training: training,
            holdout: holdout)
        return spec.withInteractiveStride()
    }

    /// The front-matter key that sets each field of the spec, for file:line errors.
    public static func key(for field: SpecError.Field) -> String {
        switch field {
        case .text: return "text"
        case .window: return "window"
        case .stride: return "stride"
        case .cell: return "cell"
        case .activation: return "activation"
        case .hidden: return "hidden"
        case .loss: return "loss"
        case .lr: return "lr"
        case .clip, .clipValue: return "clip"
        case .holdout: return "holdout"
        case .batchSize: return "batch_size"
        }
    }
}
