import ArgumentParser
import Foundation
import RNNCore
import Terminal

/// `rnnscope train`: the notes' training loop, headless.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the model full-batch, print the loss every 10 epochs and the notes' predictions.")

    @OptionGroup var model: ModelOptions

    @Option(help: "Epochs (full passes over all windows).")
    var epochs: Int = SeedNotes.epochs

    @Option(help: "Learning rate.")
    var lr: Float = SeedNotes.learningRate

    @Option(help: "Optimizer: adam or sgd.")
    var optimizer: OptimizerKind = .adam

    @Option(help: "Clip the gradient's global L2 norm to this value.")
    var clip: Float?

    @Option(help: "Clamp every gradient entry to ±this value (min-char-rnn uses 5), after any --clip.")
    var clipValue: Float?

    @Option(name: .customLong("init"), help: "Start from these weights (safetensors) instead of a fresh initialisation; epochs continue from the file's, and Adam from its saved moments and step count (a file without them starts Adam fresh and says so).")
    var initWeights: String?

    @Option(help: "Save the trained weights here (safetensors, written atomically, recording the epoch reached and the optimizer's state; a symbolic link is followed; never over a read-only file, a non-regular file or the --text-file).")
    var save: String?

    @Flag(help: "Save the weights even when they hold NaN or Inf (refused otherwise).")
    var allowNonfinite = false

    @Option(parsing: .upToNextOption, help: "Prompts whose next character to predict (default: the notes' three, those the text's characters can spell).")
    var predict: [String] = []

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    static let epochRange = 0...1_000_000

    func run() throws {
        // Ctrl-C, kill, a closed terminal or Ctrl-\\ stop training between epochs: nothing is
        // saved, no temporary file stays, and the exit status is the signal's (130, 143, 129, 131).
        ProcessSignals.install()
        defer { exitIfInterrupted() }
        try reportingErrors {
            try checkFlags()
            let options = TrainingOptions(optimizer: optimizer, learningRate: lr, clipNorm: clip, clipValue: clipValue)
            let loaded = try model.load(weightsPath: initWeights, training: options)
            // The saved file records the starting epoch + epochs; refuse now a total it cannot hold.
            if save != nil, loaded.epoch + epochs > WeightFile.maxEpoch {
                throw RNNScopeError(
                    "\(loaded.epoch) epochs from --init plus \(epochs) is more than a weight file records (\(WeightFile.maxEpoch))",
                    at: .flag("--epochs"))
            }
            let (rnn, data) = try model.build(loaded)
            let prompts = predict.isEmpty ? SeedNotes.prompts(spelledBy: rnn.config.vocabulary) : PredictArguments.split(predict)
            _ = try rnn.predictNext(prompts)  // refuse bad prompts before spending time training
            let protected = model.textFile.map { [AtomicFile.Protected(role: "--text-file", path: $0)] } ?? []
            if let save { try AtomicFile.checkWritable(save, protecting: protected) }
            let trainer = loaded.spec.makeTrainer(model: rnn, data: data, startingEpoch: loaded.epoch, resuming: loaded.optimizer)
            let (losses, validationLosses, seconds) = try train(trainer)
            // Said once training has run (a run that fails says only why; --epochs 0 takes no step).
            if epochs > 0, let notice = loaded.optimizerNotice { printError(notice) }
            let heldOut = trainer.validation != nil
            let predictions = try trainer.model.predictNext(prompts)
            exitIfInterrupted()
            if let save {
                do {
                    try WeightFile.save(
                        trainer.model, epoch: trainer.epoch, optimizer: trainer.optimizerState, to: save, protecting: protected,
                        allowNonFinite: allowNonfinite)
                } catch {
                    exitIfInterrupted()  // interrupted while saving: the temporary file is gone
                    throw error
                }
            }
            if json {
                try printJSON(TrainReport(
                    epochs: epochs, losses: losses, final_loss: losses.last, seconds: seconds,
                    predictions: zip(prompts, predictions).map { .init(input: $0, next: String($1)) },
                    holdout: heldOut ? loaded.spec.holdout : nil,
                    validation_losses: heldOut ? validationLosses : nil,
                    final_validation_loss: heldOut ? validationLosses.last : nil))
            } else {
                let perEpoch = epochs > 0 ? String(format: " (%.3f ms/epoch)", seconds * 1000 / Double(epochs)) : ""
                let held = heldOut ? " (\(loaded.spec.holdout) more held out for validation)" : ""
                print(String(format: "trained %d epochs on %d windows", epochs, trainer.data.count) + held
                    + String(format: " in %.3f s", seconds) + perEpoch)
                if heldOut, let loss = losses.last, let validation = validationLosses.last {
                    print("final loss \(String(format: "%.6f", loss))  validation loss \(String(format: "%.6f", validation))")
                }
                for (prompt, next) in zip(prompts, predictions) {
                    print("\"\(prompt.terminalSafe)\" → \"\(String(next).terminalSafe)\"")
                }
                if let save { print("saved \(save.terminalSafe)") }
            }
        }
    }

    private func checkFlags() throws {
        guard Self.epochRange.contains(epochs) else {
            throw RNNScopeError("\(epochs) is out of range \(Self.epochRange)", at: .flag("--epochs"))
        }
        // The learning rate and clipping are checked with the rest of the spec (ModelSpec.validate).
    }

    /// A loss this many times the larger of the first epoch's and a uniform guess's means
    /// training has diverged: e.g. --lr 1e6 drives the loss to ~10^7 while it stays finite.
    static let divergenceFactor: Float = 1000

    /// The training loop; stops, naming the epoch, at the first loss or gradient that is not
    /// finite, or a loss that has diverged.
    private func train(_ trainer: Trainer) throws -> (losses: [Float], validationLosses: [Float], seconds: Double) {
        var losses: [Float] = []
        var validationLosses: [Float] = []
        losses.reserveCapacity(epochs)
        let progress = ProgressBar(total: epochs, enabled: isatty(STDERR_FILENO) == 1)
        let start = DispatchTime.now()
        // −log(1/V) per loss step: what a model that knows nothing scores.
        let lossSteps = Float(trainer.data.lossMode == .every ? trainer.data.window : 1)
        let uniform = lossSteps * Float(log(Double(max(2, trainer.model.config.vocabulary.count))))
        var limit = Float.infinity
        for run in 0..<epochs {
            if ProcessSignals.received != nil {
                progress.finish()
                exitIfInterrupted()
            }
            let result = trainer.runEpoch()
            if run == 0 { limit = Self.divergenceFactor * max(result.loss, uniform) }
            let problem: String?
            if !result.loss.isFinite {
                problem = "the loss became \(Self.describe(result.loss))"
            } else if !result.gradientNorm.isFinite {
                problem = "the gradient became \(Self.describe(result.gradientNorm))"
            } else if result.loss > limit {
                problem = "the loss diverged to \(String(format: "%.3g", result.loss))"
            } else {
                problem = nil
            }
            if let problem {
                progress.finish()
                throw RNNScopeError("training stopped at epoch \(result.epoch): \(problem) (try a smaller --lr or --clip)")
            }
            losses.append(result.loss)
            if let validation = result.validationLoss { validationLosses.append(validation) }
            if !json, result.epoch % 10 == 0 {
                progress.clear()
                let validation = result.validationLoss.map { "  validation \(String(format: "%.6f", $0))" } ?? ""
                print("epoch \(String(result.epoch).leftPadded(to: 4, with: " "))  loss \(String(format: "%.6f", result.loss))" + validation)
            }
            progress.update(run + 1, loss: result.loss)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        progress.finish()
        return (losses, validationLosses, seconds)
    }
}

extension TrainCommand {
    /// After SIGINT, SIGTERM, SIGHUP or SIGQUIT: one line on stderr, then the signal's exit status.
    func exitIfInterrupted() {
        guard let signal = ProcessSignals.received else { return }
        let names: [Int32: String] = [SIGINT: "SIGINT", SIGTERM: "SIGTERM", SIGHUP: "SIGHUP", SIGQUIT: "SIGQUIT"]
        printError("interrupted by \(names[signal] ?? "signal \(signal)"); \(save == nil ? "stopped" : "nothing was saved")")
        ProcessSignals.exit(bySignal: signal)
    }

    /// NaN, Inf or −Inf (Float's own description says "-nan" for some NaNs).
    static func describe(_ value: Float) -> String {
        value.isNaN ? "NaN" : value.isInfinite ? (value > 0 ? "Inf" : "-Inf") : "\(value)"
    }
}

/// `train --json`'s one object.
struct TrainReport: Encodable {
    struct Prediction: Encodable {
        let input: String
        let next: String
    }
    let epochs: Int
    let losses: [Float]
    let final_loss: Float?
    let seconds: Double
    let predictions: [Prediction]
    /// Only with --holdout: windows held out, their loss every epoch (before that epoch's
    /// update, as `losses`) and the last one.
    let holdout: Int?
    let validation_losses: [Float]?
    let final_validation_loss: Float?
}
