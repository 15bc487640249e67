import Foundation

/// The recurrent non-linearity f in h_t = f(a_t).
public enum Activation: String, CaseIterable, Sendable {
    case tanh
    case relu

    @inline(__always)
    public func apply(_ a: Float) -> Float {
        switch self {
        case .tanh: return Foundation.tanh(a)
        case .relu: return a > 0 ? a : 0
        }
    }

    /// f'(a) written in terms of h = f(a), which is what the backward pass keeps.
    @inline(__always)
    public func derivative(fromOutput h: Float) -> Float {
        switch self {
        case .tanh: return 1 - h * h
        case .relu: return h > 0 ? 1 : 0
        }
    }
}
