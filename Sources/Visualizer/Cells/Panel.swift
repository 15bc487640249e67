/// The panels a sub-step draws attention to (their titles light up).
public enum Panel: Hashable, Sendable, CaseIterable {
    case timeline, x, hPrev, a, h, softmax, dh, da, unrolled, gradientBars, formula, loss, weights, gates, cell
}
