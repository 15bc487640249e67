import Localization
import Foundation

extension CharRNN {
    /// One recorded forward + backward pass over `input` (tokens), with `target` as in
    /// `Trace.target`. Uses the same code as training, with recording switched on.
    /// `headStart`, made for this model's weights, is given the steps once the forward pass
    /// has run, so its analysis starts while the backward pass runs (`AnalysisHeadStart`).
    public func trace(input: [Int], target: [Int], headStart: AnalysisHeadStart? = nil) throws -> Trace {
        do {
            return try recordedTrace(input: input, target: target, headStart: headStart)
        } catch {
            headStart?.abandon()
            throw error
        }
    }

    private func recordedTrace(input: [Int], target: [Int], headStart: AnalysisHeadStart?) throws -> Trace {
        let T = input.count
        guard T >= 1 else { throw RNNScopeError(Message("error.trace.empty")) }
        let expected = config.lossMode == .last ? 1 : T
        guard target.count == expected else {
            throw RNNScopeError(config.lossMode == .last
                ? Message("error.trace.target_last", ["count": String(target.count)])
                : Message("error.trace.target_every", ["steps": String(T), "count": String(target.count)]))
        }
        let V = config.vocabulary.count
        guard input.allSatisfy({ (0..<V).contains($0) }), target.allSatisfy({ (0..<V).contains($0) }) else {
            throw RNNScopeError(Message("error.trace.token"))
        }
        let pass = makeSequencePass(config: config, lossMode: config.lossMode, batch: 1, steps: T, recording: true)
        var gradients = Parameters(shape: config.shape)
        // The steps read their vectors from the pass's buffers when asked: the input terms are
        // rows of its table Q = E·W_ihᵀ, the recurrent terms the products it kept. They are
        // made once the loss is known, before the backward pass.
        let record = TraceRecord(pass: pass, parameters: parameters)
        if let headStart, headStart.streams {
            // Each step's forward values, for the analysis' second thread as soon as they are written.
            headStart.forwardStarted(steps: T) { t in TraceStep(record: record, t: t, token: input[t - 1], target: nil, stepLoss: nil) }
            pass.forwardStepDone = { headStart.reached($0) }
        }
        var steps: [TraceStep] = []
        let loss = pass.run(
            parameters: parameters, inputs: input.map(Int32.init), targets: target.map(Int32.init),
            gradients: &gradients
        ) {
            pass.forwardStepDone = nil
            steps = (0..<T).map { t in
                let stepTarget: Int? = config.lossMode == .every ? target[t] : (t == T - 1 ? target[0] : nil)
                let probability = pass.head.probs.pointer[t * pass.head.outputStride + (stepTarget ?? 0)]
                return TraceStep(
                    record: record, t: t + 1, token: input[t], target: stepTarget,
                    stepLoss: stepTarget.map { _ in -logf(probability) })
            }
            headStart?.begin(steps)
        }
        // The trace keeps the pass for its states, not its copies of the weights.
        pass.releaseWeightCopies()
        // h_0 … h_T and dL/dh_1 … dL/dh_T, straight from the pass's buffers (batch 1).
        let states = [pass.hidden, pass.dHidden].allSatisfy { FiniteCheck.all(UnsafeBufferPointer(start: $0.pointer, count: $0.count)) }
        return Trace(
            config: config, parameters: parameters, input: input, target: target,
            loss: loss, steps: steps, gradients: gradients,
            isFinite: loss.isFinite && states && parameters.isFinite)
    }

    /// Trace for strings; characters outside the vocabulary are refused with a message.
    public func trace(input: String, target: String, headStart: AnalysisHeadStart? = nil) throws -> Trace {
        let vocabulary = config.vocabulary
        let tokens: (input: [Int], target: [Int])
        do {
            tokens = (try vocabulary.encode(input), try vocabulary.encode(target))
        } catch {
            headStart?.abandon()
            throw error
        }
        return try trace(input: tokens.input, target: tokens.target, headStart: headStart)
    }
}

extension CharRNN {
    /// The same pass as `trace` without recording anything: loss and gradients only.
    /// Inputs must be valid tokens (as `trace` checks).
    public func lossAndGradients(input: [Int], target: [Int]) -> (loss: Float, gradients: Parameters) {
        let pass = makeSequencePass(
            config: config, lossMode: config.lossMode, batch: 1, steps: input.count, recording: false)
        var gradients = Parameters(shape: config.shape)
        let loss = pass.run(
            parameters: parameters, inputs: input.map(Int32.init), targets: target.map(Int32.init), gradients: &gradients)
        return (loss, gradients)
    }

    /// The same pass's loss, forward only: no gradient buffer and no backward pass (a
    /// finite-difference check needs only losses). The same loss as `lossAndGradients`, bit for bit.
    public func loss(input: [Int], target: [Int]) -> Float {
        let pass = makeSequencePass(
            config: config, lossMode: config.lossMode, batch: 1, steps: input.count, recording: false)
        return pass.loss(parameters: parameters, inputs: input.map(Int32.init), targets: target.map(Int32.init))
    }
}
