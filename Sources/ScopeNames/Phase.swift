/// Which way the walk-through is going: the forward pass, or backpropagation through time.
/// Lessons name it in `phase:`; the status bar shows `rawValue`.
public enum Phase: String, CaseIterable, Sendable {
    case forward
    case backward
}
