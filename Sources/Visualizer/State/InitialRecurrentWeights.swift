import RNNCore
import Localization

/// The W_hh a model started from: the one a spec's seed makes (made again when asked for), or
/// the one it was built with (a weight file's, a lesson's), kept.
enum InitialRecurrentWeights: Sendable {
    case fresh(ModelSpec)
    case kept([Float])

    /// The matrix itself: a fresh one is made again from its seed (at H=1024, an LSTM's whole
    /// model: a tenth of a second, so `w` asks for it on the rebuild's thread).
    var weights: [Float] {
        switch self {
        case .kept(let weights): return weights
        case .fresh(let spec): return spec.makeModel().parameters[.weightHH]
        }
    }
}
