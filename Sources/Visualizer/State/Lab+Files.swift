import Foundation
import RNNCore
import Localization

/// Saving the model to a weight file and opening one, from inside the explorer (`W`, `O`).
extension Lab {
    /// Writes the model, its epoch and the optimizer's state to `path` through `WeightFile.save`
    /// (atomic; never a non-regular file; weights holding NaN or Inf are refused). Whether an
    /// existing file may be replaced is the caller's question to ask first.
    /// In the terminal a large model is written on a thread of its own (`SaveJob`): this
    /// returns `.saving` and `collectSave` says how it went.
    public func saveWeights(to path: String) throws -> LabEvent {
        // A worker keeps Adam's moments while it trains: stopping it brings them back (continuous
        // training starts it again at the next tick).
        if isTrainingInBackground { stopBackgroundTraining() }
        if rebuildsInBackground, rebuildIsSlow(spec) {
            saveJob = SaveJob(model: model, epoch: epoch, optimizer: trainer.optimizerState, path: path)
            return .saving(path: path)
        }
        try WeightFile.save(model, epoch: epoch, optimizer: trainer.optimizerState, to: path)
        return .saved(path: path, epoch: epoch)
    }

    /// The file being written on its thread, if any.
    public var savingPath: String? { saveJob?.path }

    /// Between frames: the outcome of a save on its thread, once it is written (or refused).
    public func collectSave() -> LabEvent? {
        guard let job = saveJob, let outcome = job.take() else { return nil }
        saveJob = nil
        switch outcome {
        case .success: return .saved(path: job.path, epoch: job.epoch)
        case .failure(let box): return .refused(.describing(box.error))
        }
    }

    /// Waits for a save in flight (the explorer quits: the file is finished first).
    @discardableResult
    public func finishSaving() -> LabEvent? {
        saveJob?.waitUntilDone()
        return collectSave()
    }

    /// Replaces the model with the weights in `path`, checked as `--weights` checks them: the
    /// file's vocabulary (or the text's), size and cell win, within `ModelLimits`; the epoch
    /// continues from the file's and Adam from its saved state when it fits.
    /// In the terminal a large file is read, checked and built on the rebuild's thread
    /// (`RebuildJob.Kind.open`): this returns `.opening` and `collectRebuild` puts the model in
    /// place, or says why the file was refused, in the same words as here.
    public func openWeights(_ path: String) throws -> LabEvent {
        // After a rebuild in flight, as if it had landed first (`r` then `O` keeps the new seed).
        let current = upcomingSpec
        // The training passes' buffers (134 MB at H=1024 LSTM) are made again at the next epoch:
        // freed first, they do not add to the file's bytes and its model while it is read.
        trainer.releaseBuffers()
        if rebuildsInBackground, openIsSlow(path, spec: current) {
            stopBackgroundTraining()
            rebuildJob?.cancel()
            let work: @Sendable () throws -> RebuildJob.Result = {
                let file = try Self.readWeights(path, over: current)
                do {
                    try file.spec.validate()
                    var built = try RebuildJob.make(file.spec, parameters: file.contents.parameters)
                    built.opened = file
                    built.keptRecurrent = built.model.parameters[.weightHH]
                    return built
                } catch let error as SpecError {
                    throw RNNScopeError(error.sentence, at: .file(path))
                }
            }
            rebuildJob = RebuildJob(spec: current, kind: .open(path: path), event: { _ in .noHistory }, gate: rebuildGate, work: work)
            return .opening(path: path)
        }
        let file = try Self.readWeights(path, over: current)
        let contents = file.contents
        do {
            return try rebuild(file.spec, parameters: contents.parameters, opened: (contents.epoch ?? 0, contents.optimizer)) { lab in
                lab.openedEvent(file)
            }
        } catch let error as SpecError {
            throw RNNScopeError(error.sentence, at: .file(path))
        }
    }

    /// Reads and checks the weight file at `path` and makes the spec of its model from
    /// `current`'s (any thread: it touches no lab).
    static func readWeights(_ path: String, over current: ModelSpec) throws -> OpenedFile {
        let contents = try WeightFile.load(path, fallbackVocabulary: Vocabulary(text: current.text))
        let hidden = contents.parameters.shape.hidden
        guard ModelLimits.hidden.contains(hidden) else {
            throw RNNScopeError(Message("error.file_hidden", ["hidden": String(hidden), "range": "\(ModelLimits.hidden)"]), at: .file(path))
        }
        var next = current
        next.vocabulary = contents.vocabulary
        next.hidden = hidden
        next.cell = contents.cell
        next.activation = contents.cell.isGated ? .tanh : contents.activation ?? current.activation
        return OpenedFile(path: path, spec: next.withInteractiveStride(), contents: contents,
                          optimizer: optimizerSentence(contents, training: current.training.optimizer))
    }

    /// What `O` says of the optimizer once the file's model is in place: whether Adam resumes
    /// from the file's state, and why not. Worked out as the file is read (on the rebuild's
    /// thread in the terminal), since checking Adam's moments reads all 17M of them at H=1024 LSTM.
    private static func optimizerSentence(_ contents: WeightFile.Contents, training kind: OptimizerKind) -> Message {
        let then = Message(kind == .adam ? "msg.opened.adam_fresh" : "msg.opened.sgd_no_state")
        // The cases of `optimizerNoticeSentence`, each reason found once (the moments are read
        // once): a state that could not be read or does not fit, then Adam without a state.
        // The reason as a sentence, so it reaches the message line in the interface's language.
        if let why = contents.optimizerIssue ?? contents.optimizer?.mismatchReason(shape: contents.parameters.shape, optimizer: kind) {
            return Message("msg.opened.state_ignored", nested: ["why": why, "then": then])
        }
        guard kind == .adam else { return Message("msg.opened.sgd") }
        if contents.optimizer == nil { return Message("msg.opened.no_state", nested: ["then": then]) }
        // No notice: Adam resumes from the file's moments when it has any (`Trainer.resume`).
        let step = contents.optimizer?.hasMoments == true ? contents.optimizer?.stepCount ?? 0 : 0
        return step > 0 ? Message("msg.opened.adam_resumes", ["step": String(step)]) : Message("msg.opened.adam_fresh")
    }

    /// Whether reading the file at `path` and building its model is too slow for a key: its
    /// bytes hold at most a quarter as many weights, each worked as `rebuildIsSlow` counts
    /// (the file's size is all that is known before it is read).
    func openIsSlow(_ path: String, spec: ModelSpec) -> Bool {
        var status = stat()
        guard stat(path, &status) == 0 else { return false }
        return Double(status.st_size) / 4 * (40 + 3 * Double(spec.window)) > rebuildWorkBetweenKeys
    }

    /// `O`'s file landed from the rebuild's thread: the model goes in place, and what `O` says.
    func install(opened built: RebuildJob.Result, _ file: OpenedFile) -> LabEvent {
        let contents = file.contents
        install(built, spec: file.spec, parameters: contents.parameters, opened: (contents.epoch ?? 0, contents.optimizer))
        return openedEvent(file)
    }

    /// What `O` says once the opened model is in place: its epoch, cell, size, and the optimizer.
    private func openedEvent(_ file: OpenedFile) -> LabEvent {
        .opened(path: file.path, epoch: epoch, cell: cell, hidden: file.contents.parameters.shape.hidden, optimizer: file.optimizer)
    }
}

/// A weight file read for `O`: where from, the spec its model has, and what it holds.
struct OpenedFile: Sendable {
    let path: String
    let spec: ModelSpec
    let contents: WeightFile.Contents
    /// What `O` says of the optimizer (`Lab.optimizerSentence`).
    let optimizer: Message
}
