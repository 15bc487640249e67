import RNNCore

/// The model's reading of the generate view's text or the neuron view's passage: kept between
/// keys (`TextReading`), brought up to date in place when that is quick, and in the terminal on
/// a thread of its own (`ReadingJob`) when it is not, the views saying "reading…" meanwhile.
extension Explorer {
    /// Multiply-adds the reading may take in place between two keys: about 20 ms (an H=1024
    /// LSTM's step is 4.2 M, about a millisecond). Tests lower it to 0.
    static let defaultReadingWorkBetweenKeys = 8e7

    /// The reading of `tokens` with the current weights, in place (snapshots, lessons, tests,
    /// and whatever is quick in the terminal).
    func reading(of tokens: [Int]) -> TextReading {
        collectReading()
        var reading = textReading.flatMap { var kept = $0; return kept.matches(lab.model) ? kept : nil } ?? TextReading(model: lab.model)
        textReading = nil  // the one copy, so that reading on does not copy what it keeps
        reading.advance(to: tokens)
        textReading = reading
        return reading
    }

    /// The reading of `tokens` a frame shows: up to date, or in the terminal, when reading it
    /// would hold up a key, nil while a `ReadingJob` reads it (`pending`).
    func shownReading(of tokens: [Int]) -> (reading: TextReading?, pending: Bool) {
        collectReading()
        guard readsInBackground else { return (reading(of: tokens), false) }
        var kept = textReading
        let current = kept?.matches(lab.model) == true ? kept : nil
        textReading = current  // a reading with other weights is of no more use (`dropStaleReading`)
        if let current, current.tokens == tokens { return (current, false) }
        let steps = current?.stepsTo(tokens) ?? tokens.count
        if readingWork(steps: steps, layout: current == nil) <= readingWorkBetweenKeys { return (reading(of: tokens), false) }
        if let job = readingJob, job.target == tokens, job.model.sharesWeights(with: lab.model) { return (nil, true) }
        readingJob?.cancel()
        readingJob = ReadingJob(target: tokens, model: lab.model, from: current, gate: readingGate)
        return (nil, true)
    }

    /// Drops the kept reading when no view reads with it and the model on screen is no longer
    /// the one it was read with (a rewind, a rebuild) or is training (it soon will not be): it
    /// would pin the old weights and their layout (51 MB for an H=1024 LSTM) while the worker
    /// makes new ones. The generate and neuron views check the weights themselves (`shownReading`).
    func dropStaleReading() {
        guard ui.view != .generate, ui.view != .neurons, let kept = textReading, ui.training || !kept.holds(lab.model) else { return }
        textReading = nil
    }

    /// Takes a finished job's reading (between frames).
    func collectReading() {
        guard let job = readingJob, let done = job.take() else { return }
        readingJob = nil
        textReading = done
    }

    /// Whether a reading runs on its thread.
    public var isReadingInBackground: Bool { readingJob != nil }

    /// A reading finished since the last frame: the screen should be drawn again.
    var readingArrived: Bool { readingJob?.hasResult == true }

    /// Multiply-adds of `steps` steps, and of laying out the weights first.
    private func readingWork(steps: Int, layout: Bool) -> Double {
        let H = Double(lab.spec.hidden), V = Double(lab.spec.vocabulary.count)
        let rows = Double(lab.cell == .lstm ? 4 : lab.cell == .gru ? 3 : 1) * H
        let step = rows * H + V * H
        // The layout (every character's W_ih x + b_ih, W_hhᵀ): measured at about 20 steps'
        // time (an H=1024 LSTM's takes ~85 ms, bench --keys-only).
        let layoutWork = layout ? rows * H * 20 : 0
        return Double(steps) * step + layoutWork
    }
}

extension CharRNN {
    /// Whether `other` is this model with the very same weight buffer (no comparison of values:
    /// cheap enough for every tick and frame).
    func sharesWeights(with other: CharRNN) -> Bool {
        config == other.config && parameters.storage.withUnsafeBufferPointer { x in
            other.parameters.storage.withUnsafeBufferPointer { y in x.baseAddress == y.baseAddress && x.count == y.count }
        }
    }
}
