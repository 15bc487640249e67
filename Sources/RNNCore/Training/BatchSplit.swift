/// How the trainer splits one batch of windows into parts, each a pass of its own (run side by
/// side on two threads, or one after the other on one), whose gradients are summed g₀ + g₁.
///
/// The rule looks only at the sizes (windows, steps, the model's shape), never at the thread
/// count or the machine, so a given training run does the same arithmetic, and reaches the
/// same weights to the last bit, with `--threads 1` and `--threads 2`. Splitting changes the
/// order of the sums over the batch (dW_hh, dW_hy, the table's gradient: each part's sum, then
/// the two added) against one pass: last-bit differences, not a different result.
///
/// A part repeats the work that scales with the weights rather than the windows (the weights'
/// transposes, the input table and its gradient, dL/dθ added up, while Adam waits), and its
/// handoff costs a few µs: the split pays only when each part holds enough steps of enough
/// work. BENCHMARKS.md ("both cores") has the measurements behind the two thresholds.
public enum BatchSplit {
    /// Window steps (windows × steps) a part needs: at H=1024 batches of 2 and 8 windows of 10
    /// steps gained 1–12% from the split, 92 windows 30–32%; at H=64, 32 windows of 10 were erratic.
    public static let minimumPartRows = 256
    /// Multiply–adds a part needs, windows × steps × (gate rows + vocabulary) × H: a small
    /// model's step is too short for two threads to be worth waking.
    public static let minimumPartWork = 1_500_000

    /// The windows of each part of a batch of `batch` windows of `steps` steps of `shape`'s
    /// model, in order: `[batch]` (one pass) or two parts, the first one the larger.
    /// (`minimumRows`, `minimumWork`: tests lower or raise the thresholds.)
    public static func parts(
        batch: Int, steps: Int, shape: ModelShape, minimumRows: Int = minimumPartRows, minimumWork: Int = minimumPartWork
    ) -> [Int] {
        let second = batch / 2
        guard second > 0 else { return [batch] }
        let rows = second * steps
        let work = rows * (shape.gateRows + shape.vocabSize) * shape.hidden
        return rows >= minimumRows && work >= minimumWork ? [batch - second, second] : [batch]
    }
}
