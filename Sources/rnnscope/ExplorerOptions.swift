import ArgumentParser
import RNNCore
import Visualizer

/// The TUI's model flags: the same as `train`'s, plus a weight file.
struct ExplorerOptions: ParsableArguments {
    @OptionGroup var model: ModelOptions

    @Option(help: "Open these weights (safetensors) instead of a fresh model.")
    var weights: String?

    /// The explorer for these flags, or a one-line error.
    func makeExplorer() throws -> Explorer {
        let text = try model.loadText()
        let rnn = try model.model(text: text, weightsPath: weights)
        // Long windows train on every stride-th one, so that an epoch stays small.
        let stride = max(
            model.stride,
            TrainingSet.stride(textLength: text.unicodeScalars.count, window: model.window))
        _ = try model.trainingSet(text: text, model: rnn, stride: stride)  // the window must fit the text
        let setup = ExplorerSetup(
            text: text, config: rnn.config, window: model.window, seed: model.seed,
            parameters: weights == nil ? nil : rnn.parameters, stride: stride)
        return try Explorer(setup: setup)
    }
}
