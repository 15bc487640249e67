import Localization
import RNNCore
import ScopeNames

/// Everything a view may read this tick, built once by the explorer before drawing. Views
/// get this value and cannot change anything: no caches fill, no clock is read while drawing.
public struct Frame: Sendable {
    // The pass on screen and where the walk-through is.
    public let trace: Trace
    public let cursor: Cursor
    public let ui: UIState
    /// Every user-visible string, in the interface's language (`ui.language`).
    public var strings: Strings { ui.strings }
    /// The formula panel's words and numbers for the cursor's sub-step.
    public let explanation: StepExplanation

    // The lab.
    public let spec: ModelSpec
    public let epoch: Int
    public let losses: [Float]
    /// The held-out windows' loss at the same epochs (empty when nothing is held out).
    public var validationLosses: [Float] = []
    public let predictions: [(prompt: String, next: String)]
    public let windowIndex: Int?
    public let windowCount: Int
    public let lastGradientNorms: (before: Float, after: Float)?
    public let partner: PartnerFrame?
    public let partnerCell: CellKind
    /// Mini-batch training: steps taken, the step within the epoch and the epoch's steps
    /// (nil full-batch, where a step is an epoch).
    public var steps: (total: Int, inEpoch: Int, perEpoch: Int)? = nil
    /// Mini-batch training: the latest generated sample.
    public var sample: (step: Int, text: String)? = nil

    // Derived from the trace: present when the view needs them.
    public let analysis: GradientAnalysis?
    public let connectivity: [[Double]]?
    public let gradientCheck: GradientCheck?
    /// dW_hh and dW_ih summed from t=T down to the cursor's step (the weight-gradient sub-step).
    public var partialGradients: PartialGradients? = nil
    /// The analysis is being computed in the background (`analysis` is older, or nil).
    public var analysisPending = false
    /// The gradient check is being computed in the background (`gradientCheck` is older, or nil).
    public var gradientCheckPending = false
    /// The generate view's prompt, text and next-character distribution (that view only).
    public var generation: GenerationFrame? = nil
    /// The snapshots kept for rewinding and, while the past is shown, which.
    public var history: HistoryFrame? = nil

    /// Rewinding as the views draw it.
    public struct HistoryFrame: Sendable {
        /// The epochs of the snapshots kept, oldest first.
        public let epochs: [Int]
        /// The epoch shown when it is the past (`Frame.epoch` too); nil in the present.
        public let pastEpoch: Int?
        public let presentEpoch: Int
        /// The present's whole training curve (`Frame.losses` stops at the past's epoch).
        public let presentLosses: [Float]
        /// How many snapshots of this model the limits allow, and the bytes of each.
        public let capacity: Int
        public let bytesEach: Int
        public let maxCount: Int
        public let maxBytes: Int
    }

    /// Whether the model on screen is a snapshot of the past.
    public var isPast: Bool { history?.pastEpoch != nil }
    /// The neuron view's passage, the inspected unit's activations and the feature list (that view only).
    public var neurons: NeuronFrame? = nil
    /// The optimizer view's update, heatmaps and arithmetic (that view only).
    public var optimizer: OptimizerFrame? = nil

    /// The partner being made or caught up on its own thread (the comparison view shows it).
    public var partnerCatchUp: Lab.PartnerCatchUpProgress? = nil

    /// The comparison partner as the comparison view draws it.
    public struct PartnerFrame: Sendable {
        public let cell: CellKind
        public let epoch: Int
        public let trace: Trace?
        public let losses: [Float]
    }

    public var t: Int { cursor.t }
    public var subStep: SubStep { cursor.subStep }
    public var unit: Int { cursor.unit }
    public var phase: Phase { cursor.phase }
    public var cell: CellKind { trace.config.cell }
    public var view: ScreenView { ui.view }
    public var seed: UInt64 { spec.seed }
    public var step: TraceStep { trace.step(cursor.t) }
    /// What the walk-through has computed so far (everything when reveal-all is on).
    public var reveal: Reveal {
        var reveal = Reveal(all: ui.revealAll, cursor: cursor, cell: cell)
        reveal.concealed = ui.concealed
        return reveal
    }
    /// The context the cell's walk-through draws its vector slots from.
    var stepContext: StepContext {
        StepContext(trace: trace, t: cursor.t, unit: cursor.unit, subStep: cursor.subStep, reveal: reveal, strings: strings) { _, _ in .nan }
    }

    /// The weight the gradient check looks at: W_hh[unit, unit] for the RNN; for gated cells
    /// the same entry of the block that decides what is kept (GRU's W_hz, LSTM's W_hf).
    static func checkedWeight(cell: CellKind, hidden: Int, unit: Int) -> (name: ParameterName, index: [Int]) {
        (.weightHH, [(cell.keepGate ?? 0) * hidden + unit, unit])
    }

    public var checkedWeight: (name: ParameterName, index: [Int]) {
        Self.checkedWeight(cell: cell, hidden: trace.config.hidden, unit: unit)
    }
}
