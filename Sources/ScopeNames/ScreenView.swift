import Localization

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
    case neurons
    case optimizer

    /// The header's name for the view in `strings`' language.
    public func title(in strings: Strings) -> String { strings["view.\(rawValue)"] }

    public var title: String {
        switch self {
        case .step: return "step"
        case .time: return "through time"
        case .training: return "training"
        case .weights: return "W_hh"
        case .gradients: return "gradients"
        case .compare: return "RNN vs gated"
        case .generate: return "generate"
        case .neurons: return "neurons"
        case .optimizer: return "optimizer"
        }
    }
}
