import ArgumentParser
import RNNCore
import Localization

/// `--batch-size`, `--shuffle` and `--threads`, shared by `train` and `explore`.
struct BatchOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Windows per optimizer step (mini-batch training; the last batch of an epoch may be smaller). Memory then grows with the batch, not the text, and --text-file may be up to 32 MB. In the explorer t is then one step (a batch) and the training view counts steps. (default: every window, full-batch as the notes train)",
        valueName: "n"))
    var batchSize: Int?

    @Flag(help: "With --batch-size: take each epoch's batches from a new seeded permutation of the windows (from --seed); without it, in window order.")
    var shuffle = false

    @Option(help: ArgumentHelp(
        "Threads for training: 1, or 2 to train the two halves of a large enough batch side by side (the notes' task is; BENCHMARKS.md has the size rule). The weights and losses are the same to the last bit for 1 and 2. (default: 2 on a machine with two or more cores)",
        valueName: "n"))
    var threads: Int?

    func check() throws {
        if let threads, !TrainingOptions.threadRange.contains(threads) {
            throw RNNScopeError(.outOfRange(threads, TrainingOptions.threadRange), at: .flag("--threads"))
        }
        if let batchSize, !ModelLimits.batchSize.contains(batchSize) {
            throw RNNScopeError(.outOfRange(batchSize, ModelLimits.batchSize), at: .flag("--batch-size"))
        }
        if shuffle, batchSize == nil {
            throw RNNScopeError(Message("error.cli.shuffle_needs_batch"), at: .flag("--shuffle"))
        }
    }

    /// `options` with this batching.
    func applied(to options: TrainingOptions) -> TrainingOptions {
        var options = options
        options.batchSize = batchSize
        options.shuffle = shuffle
        if let threads { options.threads = threads }
        return options
    }
}
