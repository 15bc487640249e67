import ArgumentParser
import Foundation
import RNNCore
import Terminal
import Localization

/// `rnnscope train`: the notes' training loop, headless.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the model (full-batch, or in mini-batches with --batch-size), print the loss and the notes' predictions.",
        discussion: """
            Full-batch (the default, the notes' way) takes one optimizer step per epoch over every window and prints the loss every 10 epochs. With --batch-size B each step trains on B windows (in window order, or a seeded permutation per epoch with --shuffle; the last batch of an epoch may be smaller, as PyTorch's DataLoader with drop_last=False), memory grows with B × window × H rather than with the text, and the loss is printed every 100 steps. --steps N counts optimizer steps instead of --epochs.

            On a terminal a progress bar on stderr shows steps/s, the loss averaged over the last 100 steps and the time left; --json prints nothing but its JSON. --sample-every K prints a short generated sample every K steps (seeded, from --sample-prompt or the text's first character), as char-rnn did.
            """)

    @OptionGroup var model: ModelOptions

    @OptionGroup var batching: BatchOptions

    @Option(help: "Epochs (full passes over all windows). (default: 500)")
    var epochs: Int?

    @Option(help: ArgumentHelp("Optimizer steps to take, instead of --epochs (full-batch: one step is one epoch).", valueName: "n"))
    var steps: Int?

    @Option(help: ArgumentHelp("Print a generated sample every K optimizer steps (and put it in --json's samples).", valueName: "k"))
    var sampleEvery: Int?

    @Option(help: "Characters per sample.")
    var sampleLength: Int = TrainingSample.defaultLength

    @Option(help: ArgumentHelp("Temperature τ of the samples: 0 greedy, else drawn from softmax(z/τ), seeded by --seed.", valueName: "τ"))
    var sampleTemperature: Double = 1

    @Option(help: "What the samples start from (default: the text's first character).")
    var samplePrompt: String?

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
            let options = batching.applied(to: TrainingOptions(optimizer: optimizer, learningRate: lr, clipNorm: clip, clipValue: clipValue))
            let loaded = try model.load(weightsPath: initWeights, training: options)
            let epochs = self.epochs ?? SeedNotes.epochs
            // The saved file records the starting epoch + epochs; refuse now a total it cannot hold.
            if save != nil, steps == nil, loaded.epoch + epochs > WeightFile.maxEpoch {
                throw RNNScopeError(
                    Message("error.cli.too_many_epochs", ["start": String(loaded.epoch), "epochs": String(epochs), "max": String(WeightFile.maxEpoch)]),
                    at: .flag("--epochs"))
            }
            let (rnn, data) = try model.build(loaded)
            let prompts = predict.isEmpty ? SeedNotes.prompts(spelledBy: rnn.config.vocabulary) : PredictArguments.split(predict)
            _ = try rnn.predictNext(prompts)  // refuse bad prompts before spending time training
            let protected = model.textFile.map { [AtomicFile.Protected(role: "--text-file", path: $0)] } ?? []
            if let save { try AtomicFile.checkWritable(save, protecting: protected) }
            let trainer = loaded.spec.makeTrainer(model: rnn, data: data, startingEpoch: loaded.epoch, resuming: loaded.optimizer)
            let totalSteps = steps ?? epochs * trainer.stepsPerEpoch
            if save != nil, loaded.epoch + (totalSteps + trainer.stepsPerEpoch - 1) / trainer.stepsPerEpoch > WeightFile.maxEpoch {
                throw RNNScopeError(
                    Message("error.cli.too_many_steps", ["start": String(loaded.epoch), "steps": String(totalSteps), "max": String(WeightFile.maxEpoch)]),
                    at: .flag("--steps"))
            }
            let sample = try sampleSettings(rnn, text: loaded.spec.text)
            let run = try train(trainer, steps: totalSteps, sample: sample)
            let (losses, validationLosses, seconds) = (run.losses, run.validationLosses, run.seconds)
            // Said once training has run (a run that fails says only why; --epochs 0 takes no step).
            if totalSteps > 0, let notice = loaded.optimizerNotice { printError(notice.text(environmentStrings)) }
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
                let miniBatch = trainer.isMiniBatch
                try printJSON(TrainReport(
                    epochs: steps == nil ? epochs : trainer.epoch - loaded.epoch, losses: losses, final_loss: losses.last, seconds: seconds,
                    predictions: zip(prompts, predictions).map { .init(input: $0, next: String($1)) },
                    holdout: heldOut ? loaded.spec.holdout : nil,
                    validation_losses: heldOut ? validationLosses : nil,
                    final_validation_loss: heldOut ? validationLosses.last : nil,
                    steps: steps != nil || miniBatch ? totalSteps : nil,
                    batch_size: miniBatch ? loaded.spec.training.batchSize : nil,
                    samples: sample == nil ? nil : run.samples))
            } else if trainer.isMiniBatch {
                let strings = environmentStrings
                let size = loaded.spec.training.batchSize ?? trainer.data.count
                let done = trainer.epoch - loaded.epoch
                let partial = trainer.stepInEpoch > 0
                    ? strings("cli.train.partial", ["step": String(trainer.stepInEpoch), "per": String(trainer.stepsPerEpoch)]) : ""
                print(strings("cli.train.steps", [
                    "steps": String(totalSteps), "size": String(size),
                    "epochs": strings(done == 1 ? "cli.train.epoch_count.one" : "cli.train.epoch_count.many", ["count": String(done)]) + partial,
                    "windows": String(trainer.data.count),
                    "held": heldOut ? strings("cli.train.held_out", ["count": String(loaded.spec.holdout)]) : "",
                    "seconds": String(format: "%.3f", seconds),
                    "rate": totalSteps > 0 ? strings("cli.train.per_step", ["ms": String(format: "%.3f", seconds * 1000 / Double(totalSteps))]) : "",
                ]))
                if heldOut, let loss = losses.last, let validation = validationLosses.last {
                    print(strings("cli.train.final", ["loss": String(format: "%.6f", loss), "validation": String(format: "%.6f", validation)]))
                }
                for (prompt, next) in zip(prompts, predictions) {
                    print("\"\(prompt.terminalSafe)\" → \"\(String(next).terminalSafe)\"")
                }
                if let save { print(strings("cli.train.saved", ["path": save.terminalSafe])) }
            } else {
                let strings = environmentStrings
                let epochs = steps ?? epochs
                print(strings("cli.train.epochs", [
                    "epochs": String(epochs), "windows": String(trainer.data.count),
                    "held": heldOut ? strings("cli.train.held_out", ["count": String(loaded.spec.holdout)]) : "",
                    "seconds": String(format: "%.3f", seconds),
                    "rate": epochs > 0 ? strings("cli.train.per_epoch", ["ms": String(format: "%.3f", seconds * 1000 / Double(epochs))]) : "",
                ]))
                if heldOut, let loss = losses.last, let validation = validationLosses.last {
                    print(strings("cli.train.final", ["loss": String(format: "%.6f", loss), "validation": String(format: "%.6f", validation)]))
                }
                for (prompt, next) in zip(prompts, predictions) {
                    print("\"\(prompt.terminalSafe)\" → \"\(String(next).terminalSafe)\"")
                }
                if let save { print(strings("cli.train.saved", ["path": save.terminalSafe])) }
            }
        }
    }

    private func checkFlags() throws {
        if let epochs {
            guard Self.epochRange.contains(epochs) else {
                throw RNNScopeError(.outOfRange(epochs, Self.epochRange), at: .flag("--epochs"))
            }
            if steps != nil { throw RNNScopeError(Message("error.cli.steps_or_epochs"), at: .flag("--steps")) }
        }
        if let steps, !ModelLimits.steps.contains(steps) {
            throw RNNScopeError(.outOfRange(steps, ModelLimits.steps), at: .flag("--steps"))
        }
        try batching.check()
        if let sampleEvery, !(1...ModelLimits.steps.upperBound).contains(sampleEvery) {
            throw RNNScopeError(.outOfRange(sampleEvery, 1...ModelLimits.steps.upperBound), at: .flag("--sample-every"))
        }
        guard (1...GenerateLimits.length.upperBound).contains(sampleLength) else {
            throw RNNScopeError(.outOfRange(sampleLength, 1...GenerateLimits.length.upperBound), at: .flag("--sample-length"))
        }
        guard sampleTemperature.isFinite, (0...100).contains(sampleTemperature) else {
            throw RNNScopeError(Message("error.cli.out_of_range", ["value": "\(sampleTemperature)", "range": "0...100"]), at: .flag("--sample-temperature"))
        }
        if sampleEvery == nil, samplePrompt != nil {
            throw RNNScopeError(Message("error.cli.needs_flag", ["flag": "--sample-every"]), at: .flag("--sample-prompt"))
        }
        // The learning rate and clipping are checked with the rest of the spec (ModelSpec.validate).
    }

    /// A loss this many times the larger of the first epoch's and a uniform guess's means
    /// training has diverged: e.g. --lr 1e6 drives the loss to ~10^7 while it stays finite.
    static let divergenceFactor: Float = 1000

    /// What `--sample-every` generates, checked before training (nil without it).
    private func sampleSettings(_ model: CharRNN, text: String) throws -> TrainingSample? {
        guard sampleEvery != nil else { return nil }
        let vocabulary = model.config.vocabulary
        var prompt = TrainingSample.firstCharacter(of: text, vocabulary: vocabulary)
        if let samplePrompt {
            guard !samplePrompt.isEmpty else { throw RNNScopeError(Message("error.cli.empty"), at: .flag("--sample-prompt")) }
            guard samplePrompt.unicodeScalars.count <= GenerateLimits.length.upperBound else {
                throw RNNScopeError(Message("error.cli.too_long", ["count": String(GenerateLimits.length.upperBound)]), at: .flag("--sample-prompt"))
            }
            do { prompt = try vocabulary.encode(samplePrompt) } catch let error as RNNScopeError {
                throw error.at(.flag("--sample-prompt"))
            }
        }
        return TrainingSample(prompt: prompt, length: sampleLength, temperature: sampleTemperature, seed: self.model.seed)
    }

    struct Run {
        var losses: [Float] = []
        var validationLosses: [Float] = []
        var seconds = 0.0
        var samples: [TrainReport.Sample] = []
    }

    /// Steps between loss lines: every 10 epochs full-batch, every 100 steps mini-batch.
    static let miniBatchPrintEvery = 100

    /// The training loop; stops, naming the epoch (and step), at the first loss or gradient
    /// that is not finite, or a loss that has diverged.
    private func train(_ trainer: Trainer, steps total: Int, sample: TrainingSample?) throws -> Run {
        var run = Run()
        var losses: [Float] = []
        var validationLosses: [Float] = []
        losses.reserveCapacity(total)
        let miniBatch = trainer.isMiniBatch
        let strings = environmentStrings
        let progress = ProgressBar(total: total, enabled: !json && isatty(STDERR_FILENO) == 1, strings: strings, unit: miniBatch ? .steps : .epochs)
        var average = MovingAverage(count: 100)
        let start = DispatchTime.now()
        // −log(1/V) per loss step: what a model that knows nothing scores.
        let lossSteps = Float(trainer.data.lossMode == .every ? trainer.data.window : 1)
        let uniform = lossSteps * Float(log(Double(max(2, trainer.model.config.vocabulary.count))))
        var limit = Float.infinity
        for done in 0..<total {
            if ProcessSignals.received != nil {
                progress.finish()
                exitIfInterrupted()
            }
            let result = trainer.runStep()
            if done == 0 { limit = Self.divergenceFactor * max(result.loss, uniform) }
            let problem: Message?
            if !result.loss.isFinite {
                problem = Message("error.cli.train.loss_not_finite", ["value": Self.describe(result.loss)])
            } else if !result.gradientNorm.isFinite {
                problem = Message("error.cli.train.gradient_not_finite", ["value": Self.describe(result.gradientNorm)])
            } else if result.loss > limit {
                problem = Message("error.cli.train.diverged", ["value": String(format: "%.3g", result.loss)])
            } else {
                problem = nil
            }
            if let problem {
                progress.finish()
                let at = miniBatch
                    ? Message("error.cli.train.at_step", ["step": String(result.step), "epoch": String(result.epoch)])
                    : Message("error.cli.train.at_epoch", ["epoch": String(result.epoch)])
                throw RNNScopeError(Message("error.cli.train.stopped", nested: ["at": at, "problem": problem]))
            }
            losses.append(result.loss)
            average.add(result.loss)
            if let validation = result.validationLoss { validationLosses.append(validation) }
            if !json, miniBatch, result.step % Self.miniBatchPrintEvery == 0 || done + 1 == total {
                progress.clear()
                let validation = validationLosses.last.map { strings("cli.train.line.validation", ["loss": String(format: "%.6f", $0)]) } ?? ""
                print(strings("cli.train.line.step", [
                    "step": String(result.step).leftPadded(to: 6, with: " "), "epoch": String(result.epoch), "in": String(result.stepInEpoch),
                    "per": String(result.stepsPerEpoch), "loss": String(format: "%.6f", result.loss), "average": String(format: "%.6f", average.value),
                ]) + validation)
            } else if !json, !miniBatch, result.epoch % 10 == 0 {
                progress.clear()
                let validation = result.validationLoss.map { strings("cli.train.line.validation", ["loss": String(format: "%.6f", $0)]) } ?? ""
                print(strings("cli.train.line.epoch", ["epoch": String(result.epoch).leftPadded(to: 4, with: " "), "loss": String(format: "%.6f", result.loss)])
                    + validation)
            }
            if let sample, let every = sampleEvery, (done + 1) % every == 0 {
                let text = try sample.generate(with: trainer.model)
                run.samples.append(.init(step: done + 1, text: text))
                if !json {
                    progress.clear()
                    print(strings("cli.train.sample", ["step": String(done + 1), "text": text.terminalSafe]))
                }
            }
            progress.update(done + 1, note: strings("cli.progress.loss", ["loss": String(format: "%.4f", average.value)])
                + (miniBatch ? strings("cli.progress.mean_of_last", ["count": String(average.filled)]) : ""))
        }
        run.seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        progress.finish()
        run.losses = losses
        run.validationLosses = validationLosses
        return run
    }
}

extension TrainCommand {
    /// After SIGINT, SIGTERM, SIGHUP or SIGQUIT: one line on stderr, then the signal's exit status.
    func exitIfInterrupted() {
        guard let signal = ProcessSignals.received else { return }
        printError(interruptedLine(signal, save == nil ? "cli.interrupted.stopped" : "cli.interrupted.not_saved", environmentStrings))
        ProcessSignals.exit(bySignal: signal)
    }

    /// NaN, Inf or −Inf (Float's own description says "-nan" for some NaNs).
    static func describe(_ value: Float) -> String {
        value.isNaN ? "NaN" : value.isInfinite ? (value > 0 ? "Inf" : "-Inf") : "\(value)"
    }
}
