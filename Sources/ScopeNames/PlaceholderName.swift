/// The live values a lesson's narration may quote as `{{name}}` or `{{name[i]}}`. The lesson
/// parser accepts exactly these; the Visualizer fills each in (an exhaustive switch, so a new
/// name cannot be parsed without being drawn).
public enum PlaceholderName: String, CaseIterable, Sendable {
    case loss, epoch, t, T, unit, hidden
    case vocabSize = "vocab_size"
    case char, target, top1
    case pTop1 = "p_top1"
    case pTarget = "p_target"
    case fade
    case lastLoss = "last_loss"
    /// The held-out windows' loss at the last epoch ("-" when nothing is held out).
    case valLoss = "val_loss"
    /// The last epoch's training loss in bits per scored character (loss / ln 2).
    case bitsPerChar = "bits_per_char"
    case valBitsPerChar = "val_bits_per_char"
    /// e^loss of the last epoch: how many characters the model is as unsure as a uniform guess among.
    case perplexity
    case valPerplexity = "val_perplexity"
    /// ln V: the loss of a uniform guess over the vocabulary (an untrained model's).
    case baselineLoss = "baseline_loss"
    /// The training windows (those not held out) and the held-out ones.
    case windows, holdout
    case sigmaMax = "sigma_max"
    case rho, clip
    case clipValue = "clip_value"
    case lr, optimizer, cell, partner
    case partnerFade = "partner_fade"
    case partnerLoss = "partner_loss"
    case partnerEpoch = "partner_epoch"
    case partnerKeep = "partner_keep"
    case partnerKeepBest = "partner_keep_best"
    /// The optimizer view's entry: its name, g, Adam's step, SGD's step −lr·g, their ratio, and
    /// the median |Δθ|/lr over the tensor's busiest and quietest quarters (by √v̂).
    case optEntry = "opt_entry"
    case optG = "opt_g"
    case optStep = "opt_step"
    case optSGDStep = "opt_sgd_step"
    case optRatio = "opt_ratio"
    case optBusyStep = "opt_busy_step"
    case optQuietStep = "opt_quiet_step"
    // Vectors over hidden units: `{{h_t[3]}}`, `{{h_t[unit]}}`, or the inspected unit without an index.
    case xT = "x_t"
    case hPrev = "h_prev"
    case aT = "a_t"
    case hT = "h_t"
    case dhT = "dh_t"
    case daT = "da_t"
    case input, recurrent
    /// ‖dL/dh_k‖ at step k (`[T]` or none: the last step).
    case normDH = "norm_dh"
    /// The model's guess after the notes' n-th prompt (1-based).
    case prediction
    /// The neuron view's best match over every feature (largest |r|): the unit, its r and the
    /// feature ("-" outside that view or when no feature varies).
    case neuronUnit = "neuron_unit"
    case neuronR = "neuron_r"
    case neuronFeature = "neuron_feature"
    /// The generate view's generated text (without the prompt; "-" when there is none).
    case generated

    /// What a `[…]` after the name may hold.
    public enum IndexKind: Sendable {
        /// No index.
        case none
        /// A hidden unit (a number or `unit`), optional.
        case unit
        /// A time step (a number or `T`), optional.
        case step
        /// A number, required.
        case required
    }

    public var indexKind: IndexKind {
        switch self {
        case .xT, .hPrev, .aT, .hT, .dhT, .daT, .input, .recurrent: return .unit
        case .normDH: return .step
        case .prediction: return .required
        default: return .none
        }
    }

    /// Whether the value needs the gradient analysis (σ_max, ρ) of the pass on screen.
    public var needsAnalysis: Bool { self == .sigmaMax || self == .rho }
}
