extension CharRNN {
    /// One recorded forward + backward pass over `input` (tokens), with `target` as in
    /// `Trace.target`. Uses the same code as training, with recording switched on.
    public func trace(input: [Int], target: [Int]) throws -> Trace {
        let T = input.count
        guard T >= 1 else { throw RNNScopeError("the input is empty") }
        let expected = config.lossMode == .last ? 1 : T
        guard target.count == expected else {
            throw RNNScopeError(config.lossMode == .last
                ? "in 'last' mode the target is one character, got \(target.count)"
                : "in 'every' mode the target must be as long as the input (\(T)), got \(target.count)")
        }
        let V = config.vocabulary.count, H = config.hidden
        guard (input + target).allSatisfy({ (0..<V).contains($0) }) else {
            throw RNNScopeError("a token is outside the vocabulary")
        }
        let pass = BatchPass(
            shape: config.shape, batch: 1, steps: T, activation: config.activation,
            lossMode: config.lossMode, recording: true)
        var gradients = Parameters(shape: config.shape)
        let loss = pass.run(
            parameters: parameters, inputs: input.map(Int32.init), targets: target.map(Int32.init),
            gradients: &gradients)

        let embedding = parameters.matrix(.embedding)
        let weightIH = parameters.matrix(.weightIH), weightHH = parameters.matrix(.weightHH)
        var steps: [TraceStep] = []
        for t in 0..<T {
            let x = embedding.row(input[t])
            let hPrev = pass.hidden.array(t * H, H)
            let dh = pass.dHidden.array(t * H, H)
            let fromOutput = pass.dHiddenFromOutput.array(t * H, H)
            let stepTarget: Int? = config.lossMode == .every ? target[t] : (t == T - 1 ? target[0] : nil)
            let probs = pass.probs.array(t * V, V)
            steps.append(TraceStep(
                t: t + 1, token: input[t], x: x, hPrev: hPrev,
                inputTerm: weightIH.multiply(x), recurrentTerm: weightHH.multiply(hPrev),
                a: pass.preactivation.array(t * H, H), h: pass.hidden.array((t + 1) * H, H),
                logits: pass.logits.array(t * V, V), probs: probs,
                target: stepTarget, stepLoss: stepTarget.map { -logf(probs[$0]) },
                dLogits: pass.dLogits.array(t * V, V),
                dhFromOutput: fromOutput, dhFromNext: zip(dh, fromOutput).map { $0 - $1 },
                dh: dh, da: pass.dPre.array(t * H, H)))
        }
        return Trace(
            config: config, parameters: parameters, input: input, target: target,
            loss: loss, steps: steps, gradients: gradients)
    }

    /// Trace for strings; characters outside the vocabulary are refused with a message.
    public func trace(input: String, target: String) throws -> Trace {
        let vocabulary = config.vocabulary
        return try trace(input: vocabulary.encode(input), target: vocabulary.encode(target))
    }
}

import Foundation

extension CharRNN {
    /// The same pass as `trace` without recording anything: loss and gradients only.
    /// Inputs must be valid tokens (as `trace` checks).
    public func lossAndGradients(input: [Int], target: [Int]) -> (loss: Float, gradients: Parameters) {
        let pass = BatchPass(
            shape: config.shape, batch: 1, steps: input.count, activation: config.activation,
            lossMode: config.lossMode, recording: false)
        var gradients = Parameters(shape: config.shape)
        let loss = pass.run(
            parameters: parameters, inputs: input.map(Int32.init), targets: target.map(Int32.init), gradients: &gradients)
        return (loss, gradients)
    }
}
