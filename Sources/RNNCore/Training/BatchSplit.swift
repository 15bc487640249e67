import Foundation

/// How the trainer splits one batch of windows into parts, each a pass of its own (run side by
/// side on two threads, or one after the other on one), whose gradients are summed g₀ + g₁.
///
/// The rule looks only at the sizes (windows, steps, the model's shape), never at the thread
/// count or the machine, so a given training run does the same arithmetic, and reaches the
/// same weights to the last bit, with `--threads 1` and `--threads 2`. Splitting changes the
/// order of the sums over the batch (dW_hh, dW_hy, the table's gradient: each part's sum, then
/// the two added) against one pass: last-bit differences, not a different result.
public enum BatchSplit {
    /// A part's work below which the batch stays one pass: multiply–adds of one part's
    /// recurrent and output products, windows × steps × (gate rows + vocabulary) × H.
    /// BENCHMARKS.md ("both cores") has the measurements it comes from.
    public static let minimumPartWork = ProcessInfo.processInfo.environment["RNNSCOPE_SPLIT_MIN"].flatMap { Int($0) } ?? 1_000_000

    /// The windows of each part of a batch of `batch` windows of `steps` steps of `shape`'s
    /// model, in order: `[batch]` (one pass) or two parts, the first one the larger.
    /// (`minimumWork`: tests lower or raise the threshold.)
    public static func parts(batch: Int, steps: Int, shape: ModelShape, minimumWork: Int = minimumPartWork) -> [Int] {
        let second = batch / 2
        guard second > 0 else { return [batch] }
        let work = second * steps * (shape.gateRows + shape.vocabSize) * shape.hidden
        return work >= minimumWork ? [batch - second, second] : [batch]
    }
}
