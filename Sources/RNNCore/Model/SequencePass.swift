/// One forward + backward pass over a batch of sequences, for any cell: what training, tracing
/// and prediction run. Buffers are time-major ([T, B, H]: step t of sequence b is row t·B + b).
protocol SequencePass: AnyObject {
    /// The output layer's buffers (logits, softmax, dL/dlogits).
    var head: OutputHead { get }
    /// [T+1, B, H]: h_0 = 0, h_1 … h_T.
    var hidden: FloatBuffer { get }
    /// [T, B, H] total dL/dh_t.
    var dHidden: FloatBuffer { get }
    /// [T, B, H] the part of dL/dh_t from step t's own output (recording only).
    var dHiddenFromOutput: FloatBuffer { get }

    /// Runs the pass; returns the loss and overwrites `gradients` with dL/dθ.
    func run(parameters: Parameters, inputs: [Int32], targets: [Int32], gradients: inout Parameters) -> Float
    /// Forward only: the last step's logits [B, V].
    func lastLogits(parameters: Parameters, inputs: [Int32]) -> [Float]
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
