import RNNCore

/// The model the comparison view runs beside the explorer's: a GRU or LSTM next to the RNN,
/// the RNN next to a gated cell, on the same text, windows and seed, trained in step with it.
public final class Comparison {
    public let trainer: Trainer
    /// Its pass over the sequence on screen (nil when it cannot run on it).
    public private(set) var trace: Trace?
    /// Its loss per epoch.
    public private(set) var losses: [Float] = []

    init(config: ModelConfig, seed: UInt64, data: TrainingSet, options: TrainingOptions) {
        trainer = Trainer(model: CharRNN(config: config, seed: seed), data: data, options: options)
    }

    public var cell: CellKind { trainer.model.config.cell }
    public var epoch: Int { trainer.epoch }

    func trainEpoch() {
        let result = trainer.runEpoch()
        if result.loss.isFinite { losses.append(result.loss) }
    }

    func retrace(input: [Int], target: [Int]) {
        trace = try? trainer.model.trace(input: input, target: target)
    }
}
