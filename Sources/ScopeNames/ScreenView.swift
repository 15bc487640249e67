/// The screens the explorer cycles through with tab, in that order. `rawValue` is the name a
/// lesson's `view:` uses; `title` is what the header shows.
public enum ScreenView: String, CaseIterable, Sendable {
    case step
    case time
    case training
    case weights
    case gradients
    case compare
    case generate
    case optimizer

    public var title: String {
        switch self {
        case .step: return "step"
        case .time: return "through time"
        case .training: return "training"
        case .weights: return "W_hh"
        case .gradients: return "gradients"
        case .compare: return "RNN vs gated"
        case .generate: return "generate"
        case .optimizer: return "optimizer"
        }
    }
}
