import Foundation
import Testing
@testable import RNNCore

/// Issue 17: a batch split into two parts by a size rule, run on one thread or two.
@Suite("Batch split across two threads")
struct BatchSplitTests {
    /// The notes' task with `cell`, and `epochs` of training with `threads`, after `configure`.
    private func train(
        cell: CellKind, threads: Int, epochs: Int, batchSize: Int? = nil, shuffle: Bool = false,
        configure: (Trainer) -> Void = { _ in }
    ) throws -> (losses: [Float], weights: [Float], norms: [Float]) {
        var spec = ModelSpec.notes
        spec.cell = cell
        let built = try spec.build()
        var options = spec.training
        options.threads = threads
        options.batchSize = batchSize
        options.shuffle = shuffle
        let trainer = Trainer(model: built.model, data: built.data, options: options)
        configure(trainer)
        var losses: [Float] = [], norms: [Float] = []
        for _ in 0..<epochs {
            let result = trainer.runEpoch()
            losses.append(result.loss)
            norms.append(result.gradientNorm)
        }
        return (losses, trainer.model.parameters.storage, norms)
    }

    @Test("The notes' task is split in two by the size rule, whatever the thread count")
    func notesTaskSplits() throws {
        for cell in CellKind.allCases {
            var spec = ModelSpec.notes
            spec.cell = cell
            let built = try spec.build()
            #expect(BatchSplit.parts(batch: built.data.count, steps: built.data.window, shape: built.model.config.shape) == [46, 46])
        }
        // A batch of one window, a tiny model, or a mini-batch of a few windows stays one pass
        // (a part would repeat the weights' work for too few steps); issue 15's batches split.
        let tiny = ModelShape(vocabSize: 10, hidden: 8, cell: .rnn)
        #expect(BatchSplit.parts(batch: 1, steps: 10, shape: tiny) == [1])
        #expect(BatchSplit.parts(batch: 92, steps: 10, shape: tiny) == [92])
        let large = ModelShape(vocabSize: 28, hidden: 1024, cell: .lstm)
        for batch in 1...8 { #expect(BatchSplit.parts(batch: batch, steps: 10, shape: large) == [batch]) }
        #expect(BatchSplit.parts(batch: 92, steps: 10, shape: large) == [46, 46])
        let issue15 = ModelShape(vocabSize: 30, hidden: 256, cell: .rnn)
        #expect(BatchSplit.parts(batch: 64, steps: 100, shape: issue15) == [32, 32])
        #expect(BatchSplit.parts(batch: 7, steps: 100, shape: issue15) == [4, 3])
        #expect(BatchSplit.parts(batch: 5, steps: 100, shape: issue15) == [5], "halves of 200 window steps")
    }

    @Test("One thread and two give the same losses, gradient norms and weights to the last bit",
          arguments: [CellKind.rnn, .gru, .lstm])
    func threadCountDoesNotChangeBits(cell: CellKind) throws {
        let one = try train(cell: cell, threads: 1, epochs: 12)
        let two = try train(cell: cell, threads: 2, epochs: 12)
        #expect(one.losses == two.losses)
        #expect(one.norms == two.norms)
        #expect(one.weights == two.weights)
    }

    @Test("Mini-batches (shuffled, the last one partial) are the same on one thread and two")
    func miniBatchThreads() throws {
        // Batches of 30 windows (the last of 92 holds 2), each split in two: 15 + 15, 1 + 1.
        let lower: (Trainer) -> Void = { $0.splitMinimum = (1, 1) }
        let one = try train(cell: .lstm, threads: 1, epochs: 3, batchSize: 30, shuffle: true, configure: lower)
        let two = try train(cell: .lstm, threads: 2, epochs: 3, batchSize: 30, shuffle: true, configure: lower)
        #expect(one.losses == two.losses)
        #expect(one.weights == two.weights)
    }

    @Test("Split and unsplit batches train the same model (the sums' order differs in the last bits only)",
          arguments: [CellKind.rnn, .lstm])
    func splitMatchesOnePass(cell: CellKind) throws {
        let split = try train(cell: cell, threads: 2, epochs: 30)
        let whole = try train(cell: cell, threads: 2, epochs: 30) { $0.splitMinimum = (.max, .max) }
        expectClose(split.losses, whole.losses, rtol: 1e-5, "\(cell) losses, split against one pass")
        expectClose(split.weights, whole.weights, rtol: 1e-3, "\(cell) weights after 30 epochs")
        // Not the same bits: the split does change the order of the sums over the batch.
        #expect(split.weights != whole.weights)
    }

    /// What a part's job captured (the step's passes, ~130 MB at H=1024 LSTM) is freed once the
    /// caller has waited for it, not kept until the next step's job replaces it.
    @Test("The second thread keeps nothing of a finished job")
    func finishedJobIsReleased() {
        final class Captured {}
        let worker = PartWorker()
        defer { worker.stop() }
        weak var watched: Captured?
        do {
            let captured = Captured()
            watched = captured
            worker.start { _ = captured }
            worker.wait()
        }
        #expect(watched == nil)
    }
}
