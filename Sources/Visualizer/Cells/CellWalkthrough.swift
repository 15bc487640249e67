import Localization
import RNNCore
import ScopeNames

/// What the walk-through knows about one kind of cell: the sub-steps of a time step, what each
/// one computes (formula and numbers), and the step view's vector panels. One file per cell
/// conforms; `CellKind.walkthrough` picks it with one exhaustive switch, so a new cell cannot
/// be added without its walk-through.
protocol CellWalkthrough: Sendable {
    /// Every sub-step of one time step in `phase`, in order.
    func sequence(_ phase: Phase) -> [SubStep]
    /// Its gates in PyTorch's order, in the words the screens use (empty for the plain RNN).
    func gates(_ strings: Strings) -> [GateInfo]
    /// The output scores' name in formulas: z_t, or logits_t where z_t is a gate (GRU).
    var scoresName: String { get }
    /// The gradients view's title for the per-step Jacobian norms.
    func jacobianTitle(_ strings: Strings) -> String
    /// What carries the gradient past W_hh from one step to the one before (gated cells).
    var gatePath: String { get }
    /// How to read the keep gate's map through time; nil for a cell without one.
    func keepGateReading(_ strings: Strings) -> String?
    /// The status line's name of a sub-step only this cell has; nil for the shared ones.
    func specificName(_ subStep: SubStep, _ strings: Strings) -> String?
    /// The formula panel for a sub-step only this cell words its own way; nil for the shared
    /// ones (embedding, output, loss), which `StepExplanation` words for every cell.
    func explain(_ subStep: SubStep, _ context: StepContext) -> StepExplanation?
    /// The step view's five vector slots. They keep their places: x_t and h_{t-1} on top,
    /// h_t fourth, in both phases.
    func vectorPanels(_ context: StepContext, lit: Set<Panel>) -> [VectorSpec]
}

/// The English words, for callers that do not draw in a language yet.
extension CellWalkthrough {
    var gates: [GateInfo] { gates(Strings(.en)) }
    var jacobianTitle: String { jacobianTitle(Strings(.en)) }
    var keepGateReading: String? { keepGateReading(Strings(.en)) }
}

extension CellKind {
    /// This cell's walk-through.
    var walkthrough: any CellWalkthrough {
        switch self {
        case .rnn: return RNNWalkthrough()
        case .gru: return GRUWalkthrough()
        case .lstm: return LSTMWalkthrough()
        }
    }
}

/// One gate of a gated cell, in the words the screens use.
struct GateInfo: Sendable {
    /// PyTorch's letter: r z n (GRU), i f g o (LSTM).
    let letter: String
    /// e.g. "update gate".
    let role: String
    /// What the gate does, in one sentence.
    let meaning: String
    /// The gate's squashing function: tanh for candidates, σ for the others.
    let squash: String
    /// The formula in PyTorch's notation.
    let formula: String

    init(_ letter: String, _ role: String, squash: String = "σ", meaning: String, formula: String? = nil) {
        self.letter = letter
        self.role = role
        self.squash = squash
        self.meaning = meaning
        self.formula = formula ?? "\(letter)_t = \(squash)(W_i\(letter) x_t + b_i\(letter) + W_h\(letter) h_{t-1} + b_h\(letter))"
    }

    /// e.g. "z_t update gate".
    var title: String { "\(letter)_t \(role)" }
}

/// Everything a walk-through reads to explain one sub-step: the trace, where the cursor is,
/// and the finite-difference check already computed for this trace.
struct StepContext {
    let trace: Trace
    let t: Int
    let unit: Int
    let subStep: SubStep
    /// What has been computed so far; nil explains every value (formulas never hide numbers).
    var reveal: Reveal? = nil
    /// The language the explanation and the slots' titles are worded in.
    var strings = Strings(.en)
    /// Finite-difference estimate of dL/dW_hh[row, column].
    let numeric: (Int, Int) -> Float

    var step: TraceStep { trace.step(t) }
    var hidden: Int { trace.config.hidden }
    var phase: Phase { subStep.phase }

    /// Whether the value `subStep` computes at step t (or `step`) exists yet.
    func computed(_ subStep: SubStep, at step: Int? = nil) -> Bool { reveal?.computed(subStep, at: step ?? t) ?? true }

    /// The character the output panels talk about: the target, or the top guess when the
    /// step has none.
    var focus: Int { step.target ?? TopK.argmax(step.probs) ?? 0 }

    func quoted(_ token: Int) -> String { StepExplanation.quote(trace.config.vocabulary.symbol(at: token)) }
}
