import RNNCore

/// The model the comparison view runs beside the main one: a GRU or LSTM next to the RNN, the
/// RNN next to a gated cell, on the same text, windows, seed and training settings, trained
/// in step with it.
public final class Partner {
    let trainer: Trainer
    /// Its pass over the sequence on screen (nil when it cannot run on it), without the weight
    /// gradients (`Trace.droppingParameterGradients()`): the comparison view draws its states,
    /// gates, loss and dL/dh only.
    public private(set) var trace: Trace?
    /// Its loss per epoch.
    public private(set) var losses: [Float] = []

    init(spec: ModelSpec, data: TrainingSet) {
        trainer = Trainer(model: spec.makeModel(), data: data, options: spec.training)
        // The pass buffers are made again each epoch rather than kept beside the main model's
        // (at H=1024 an LSTM's are about 150 MB); the numbers are the same either way.
        trainer.keepsBuffers = false
    }

    /// The partner a background catch-up (`PartnerCatchUp`) delivered.
    init(caughtUp result: PartnerCatchUp.Result, data: TrainingSet) {
        trainer = Trainer(state: result.state, data: data, validation: nil)
        trainer.keepsBuffers = false
        losses = result.losses
        trace = result.trace?.droppingParameterGradients()
    }

    public var cell: CellKind { trainer.model.config.cell }
    public var epoch: Int { trainer.epoch }

    /// Most partner training a catch-up may do: epochs × windows × steps. About 650 epochs of
    /// the notes' windows, a second or two for an LSTM, so opening the view never stalls.
    static let catchUpBudget = 600_000

    /// Whether catching up from `epoch` to `target` fits the budget.
    static func canCatchUp(from epoch: Int, to target: Int, data: TrainingSet) -> Bool {
        (target - epoch) * data.count * data.window <= catchUpBudget
    }

    /// Trains until it reaches `epoch`, if that fits the budget; returns whether it did.
    func catchUp(to epoch: Int) -> Bool {
        let missing = epoch - self.epoch
        guard missing > 0 else { return missing == 0 }
        guard Self.canCatchUp(from: self.epoch, to: epoch, data: trainer.data) else { return false }
        for _ in 0..<missing { trainEpoch() }
        return true
    }

    func trainEpoch() {
        let result = trainer.runEpoch()
        if result.loss.isFinite { losses.append(result.loss) }
    }

    /// One optimizer step (an epoch full-batch), beside the main model's.
    func trainStep() {
        let result = trainer.runStep()
        if result.loss.isFinite { losses.append(result.loss) }
    }

    func setOptions(_ options: TrainingOptions) { trainer.setOptions(options) }

    /// The epochs the worker thread trained: its state after them, their losses, its pass.
    func adopt(_ state: TrainerState, losses new: [Float], trace: Trace?) {
        // Never back to an older state than one a catch-up delivered meanwhile.
        guard state.epoch >= epoch else { return }
        trainer.restore(state)
        losses += new
        self.trace = trace?.droppingParameterGradients()
    }

    /// A pass made elsewhere (`RebuildJob`), over the sequence now on screen.
    func setTrace(_ trace: Trace?) { self.trace = trace }

    /// Its pass over `input`, made here (on the input thread when the lab calls it).
    func retrace(input: [Int], target: [Int]) {
        passesMadeHere += 1
        trace = (try? trainer.model.trace(input: input, target: target))?.droppingParameterGradients()
    }

    /// How many passes `retrace` made: tests check that a pass made on another thread
    /// (`setTrace`) is not made again on the input thread.
    private(set) var passesMadeHere = 0
}
