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

    /// Called with t after forward step t (1-based) when set: a trace's analysis starts on
    /// the steps already run (`AnalysisHeadStart`). Training leaves it nil.
    var forwardStepDone: ((Int) -> Void)? { get set }

    /// The recurrence over every step, from the flat parameters and [T, B] tokens.
    func forward(_ p: UnsafePointer<Float>, _ x: UnsafePointer<Int32>)
    /// Everything after the output layer's loss: dL/dθ written into `g` (each tensor once).
    func backward(_ p: UnsafePointer<Float>, _ x: UnsafePointer<Int32>, _ g: UnsafeMutablePointer<Float>)

    /// One of a recorded pass's cell-specific vectors at step `row` (0-based, batch 1) whose
    /// input is `token`, or nil when this pass's cell has no such vector.
    func recorded(_ vector: RecordedVector, step row: Int, token: Int) -> [Float]?
    /// Each gate's value and dL/d(its pre-activation) at step `row` of a recorded pass, in
    /// PyTorch's order; empty for a cell without gates.
    func recordedGates(step row: Int) -> [GateValues]
    /// The gates' values alone at step `row`, in PyTorch's order: what the forward pass wrote,
    /// safe to read while the backward pass runs (`recordedGates` also reads its gradients).
    func recordedGateValues(step row: Int) -> [[Float]]
    /// Frees the pass's copies of the weights (4·G·H² floats for a gated cell): a recorded
    /// pass kept by a trace never runs again, and its steps read only the states. The pass
    /// must not run afterwards.
    func releaseWeightCopies()
}

/// The vectors a trace step reads from its recorded pass that only some cells keep.
enum RecordedVector: CaseIterable {
    /// Plain RNN: W_ih x_t, [H] (without bias).
    case inputTerm
    /// Plain RNN: W_hh h_{t-1}, [H] (without bias).
    case recurrentTerm
    /// Plain RNN: a_t, [H].
    case preactivation
    /// Plain RNN: dL/da_t, [H].
    case dPreactivation
    /// Gated: W_ih x_t + b_ih, [G·H].
    case gatedInputTerm
    /// Gated: W_hh h_{t-1} + b_hh, [G·H].
    case gatedHiddenTerm
    /// Cells with a memory: c_{t-1}, [H].
    case cellStatePrev
    /// Cells with a memory: c_t, [H].
    case cellState
    /// Cells with a memory: the total dL/dc_t, [H].
    case dCellState
    /// Gated: dL/d(W_hh h_{t-1} + b_hh), [G·H]: the gates' gradients as the hidden side sees
    /// them (a GRU's candidate block through r).
    case dGatedHiddenTerm
}

extension SequencePass {
    /// Runs the pass and returns the loss (cross-entropy, summed over loss steps, mean over
    /// the batch). `gradients` is overwritten with dL/dθ.
    /// - Parameters:
    ///   - inputs: [T, B] tokens.
    ///   - targets: `last`: [B]; `every`: [T, B].
    ///   - afterLoss: called between the forward pass (and loss) and the backward pass: a
    ///     trace's analysis starts on the forward values meanwhile (`AnalysisHeadStart`).
    func run(
        parameters: Parameters, inputs: [Int32], targets: [Int32], gradients: inout Parameters, afterLoss: () -> Void = {}
    ) -> Float {
        precondition(inputs.count == steps * batch)
        precondition(targets.count == (lossMode == .last ? batch : steps * batch))
        return parameters.storage.withUnsafeBufferPointer { p in
            gradients.storage.withUnsafeMutableBufferPointer { g in
                inputs.withUnsafeBufferPointer { x in
                    targets.withUnsafeBufferPointer { y in
                        forward(p.baseAddress!, x.baseAddress!)
                        let loss = head.loss(p.baseAddress!, hidden: hidden.pointer, targets: y.baseAddress!)
                        afterLoss()
                        backward(p.baseAddress!, x.baseAddress!, g.baseAddress!)
                        return loss
                    }
                }
            }
        }
    }

    /// One part of a split batch (`BatchSplit`): forward, loss and, given `g`, backward, from
    /// raw pointers (the trainer's second thread runs it). Returns the loss's sum over this
    /// pass's windows; the gradient is already scaled by the head's `lossBatch`.
    func runPart(
        _ p: UnsafePointer<Float>, inputs x: UnsafePointer<Int32>, targets y: UnsafePointer<Int32>, gradients g: UnsafeMutablePointer<Float>?
    ) -> Double {
        forward(p, x)
        _ = head.loss(p, hidden: hidden.pointer, targets: y)
        if let g { backward(p, x, g) }
        return head.lossTotal
    }

    /// Forward only: the loss (as `run` computes it) without any gradient.
    func loss(parameters: Parameters, inputs: [Int32], targets: [Int32]) -> Float {
        precondition(inputs.count == steps * batch)
        precondition(targets.count == (lossMode == .last ? batch : steps * batch))
        return parameters.storage.withUnsafeBufferPointer { p in
            inputs.withUnsafeBufferPointer { x in
                targets.withUnsafeBufferPointer { y in
                    forward(p.baseAddress!, x.baseAddress!)
                    return head.loss(p.baseAddress!, hidden: hidden.pointer, targets: y.baseAddress!)
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

/// The pass for `config`'s cell. `recording` keeps every step's logits and the two sources of
/// dL/dh_t apart, for traces; training leaves it off.
func makeSequencePass(config: ModelConfig, lossMode: LossMode, batch: Int, steps: Int, recording: Bool) -> any SequencePass {
    config.cell.math.makePass(config: config, lossMode: lossMode, batch: batch, steps: steps, recording: recording)
}
