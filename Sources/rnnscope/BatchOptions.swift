import ArgumentParser
import RNNCore
import Localization

/// `--batch-size` and `--shuffle`, shared by `train` and `explore`.
struct BatchOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Windows per optimizer step (mini-batch training; the last batch of an epoch may be smaller). Memory then grows with the batch, not the text, and --text-file may be up to 32 MB. In the explorer t is then one step (a batch) and the training view counts steps. (default: every window, full-batch as the notes train)",
        valueName: "n"))
    var batchSize: Int?

    @Flag(help: "With --batch-size: take each epoch's batches from a new seeded permutation of the windows (from --seed); without it, in window order.")
    var shuffle = false

    func check() throws {
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
        return options
    }
}
