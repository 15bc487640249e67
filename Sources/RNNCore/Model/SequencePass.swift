/// One forward + backward pass over a batch of sequences, for any cell: what training, tracing
/// and prediction run. Buffers are time-major ([T, B, H]: step t of sequence b is row t·B + b).
protocol SequencePass: AnyObject {
    var batch: Int { get }
    var steps: Int { get }
    var lossMode: LossMode { get }
    /// The output layer's buffers (logits, softmax, dL/dlogits).
    var head: OutputHead { get }
    /// [T+1, B, H]: h_0 = 0, h_1 … h_T.
    var hidden: FloatBuffer { get }
    /// [T, B, H] total dL/dh_t.
    var dHidden: FloatBuffer { get }
    /// [T, B, H] the part of dL/dh_t from step t's own output (recording only).
    var dHiddenFromOutput: FloatBuffer { get }

    /// The recurrence over every step, from the flat parameters and [T, B] tokens.
    func forward(_ p: UnsafePointer<Float>, _ x: UnsafePointer<Int32>)
    /// Everything after the output layer's loss: dL/dθ written into `g` (each tensor once).
    func backward(_ p: UnsafePointer<Float>, _ x: UnsafePointer<Int32>, _ g: UnsafeMutablePointer<Float>)
}

extension SequencePass {
    /// Runs the pass and returns the loss (cross-entropy, summed over loss steps, mean over
    /// the batch). `gradients` is overwritten with dL/dθ.
    /// - Parameters:
    ///   - inputs: [T, B] tokens.
    ///   - targets: `last`: [B]; `every`: [T, B].
    func run(parameters: Parameters, inputs: [Int32], targets: [Int32], gradients: inout Parameters) -> Float {
        precondition(inputs.count == steps * batch)
        precondition(targets.count == (lossMode == .last ? batch : steps * batch))
        return parameters.storage.withUnsafeBufferPointer { p in
            gradients.storage.withUnsafeMutableBufferPointer { g in
                inputs.withUnsafeBufferPointer { x in
                    targets.withUnsafeBufferPointer { y in
                        forward(p.baseAddress!, x.baseAddress!)
                        let loss = head.loss(p.baseAddress!, hidden: hidden.pointer, targets: y.baseAddress!)
                        backward(p.baseAddress!, x.baseAddress!, g.baseAddress!)
                        return loss
                    }
                }
            }
        }
    }

    /// Forward only, for predictions: the last step's logits [B, V].
    func lastLogits(parameters: Parameters, inputs: [Int32]) -> [Float] {
        parameters.storage.withUnsafeBufferPointer { p in
            inputs.withUnsafeBufferPointer { x in
                forward(p.baseAddress!, x.baseAddress!)
                head.computeLogits(p.baseAddress!, hidden: hidden.pointer)
            }
        }
        return (0..<batch).flatMap { head.row(head.logits, (head.outputSteps - 1) * batch + $0) }
    }
}

extension BatchPass: SequencePass {}

/// The pass for `config`'s cell. `recording` keeps every step's logits and the two sources of
/// dL/dh_t apart, for traces; training leaves it off.
func makeSequencePass(config: ModelConfig, lossMode: LossMode, batch: Int, steps: Int, recording: Bool) -> any SequencePass {
    switch config.cell {
    case .rnn:
        return BatchPass(
            shape: config.shape, batch: batch, steps: steps, activation: config.activation, lossMode: lossMode,
            recording: recording)
    case .gru, .lstm:
        return GatedPass(shape: config.shape, batch: batch, steps: steps, lossMode: lossMode, recording: recording)
    }
}
