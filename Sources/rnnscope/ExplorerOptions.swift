import ArgumentParser
import RNNCore
import Visualizer

/// The TUI's model flags: the same as `train`'s, plus a weight file.
struct ExplorerOptions: ParsableArguments {
    @OptionGroup var model: ModelOptions

    @OptionGroup var batching: BatchOptions

    @Option(help: "Open these weights (safetensors) instead of a fresh model; the epoch they were trained to is shown.")
    var weights: String?

    /// The explorer for these flags, or a one-line error. Long windows train on every
    /// stride-th one, so that an epoch stays small.
    func makeExplorer() throws -> Explorer {
        try batching.check()
        let loaded = try model.load(weightsPath: weights, training: batching.applied(to: TrainingOptions()))
        let spec = loaded.spec.withInteractiveStride()
        try ModelOptions.validate(spec)
        let explorer = try Explorer(spec: spec, parameters: loaded.parameters, epoch: loaded.epoch, optimizer: loaded.optimizer)
        if let whh = model.whh {
            do {
                try explorer.lab.setRecurrentWeights(RecurrentPreset(parsing: whh))
            } catch let error as RNNScopeError {
                throw RNNScopeError(error.sentence, at: .flag("--whh"))
            }
        }
        return explorer
    }
}
