import Foundation
import Testing
@testable import RNNCore

/// Issue 16 §3: snapshots at log-spaced epochs in bounded memory, and rewinding to one and
/// training on reproduces the run exactly.
@Suite("Training history for rewinding")
struct TrainingHistoryTests {
    /// A snapshot that costs nothing but says it holds `byteCount` bytes.
    struct Fake: TrainingHistoryEntry {
        let epoch: Int
        let byteCount: Int
    }

    /// Runs `epochs` epochs of capturing (as training does) into `history`, checking the
    /// limits after every add; returns the peak bytes held.
    func run(_ epochs: Int, into history: inout TrainingHistory<Fake>, bytes: Int) -> Int {
        var peak = 0
        for epoch in 0...epochs where SnapshotSchedule.isDue(epoch: epoch) {
            history.add(Fake(epoch: epoch, byteCount: bytes))
            peak = max(peak, history.byteCount)
            #expect(history.entries.count <= history.maxCount)
            #expect(history.byteCount <= history.maxBytes)
        }
        return peak
    }

    @Test("The schedule: 0, the powers of two, and every 50th epoch")
    func schedule() {
        let due = (0...210).filter { SnapshotSchedule.isDue(epoch: $0) }
        #expect(due == [0, 1, 2, 4, 8, 16, 32, 50, 64, 100, 128, 150, 200])
    }

    @Test("Over 100,000 epochs: at most 32 snapshots, the log-spaced ones all kept, a spread of later ones")
    func hundredThousandEpochs() {
        var history = TrainingHistory<Fake>()
        let peak = run(100_000, into: &history, bytes: 1000)
        let epochs = history.epochs
        #expect(epochs.count == 32)
        #expect(peak <= 32 * 1000)
        let logSpaced = [0] + (0...16).map { 1 << $0 }
        #expect(logSpaced.allSatisfy(epochs.contains), "kept \(epochs)")
        #expect(epochs.last == 100_000)
        // The other 14 spread over the run: no gap between two snapshots is wider than the
        // log-spaced ones' widest (32768 → 65536), and most lie past the first thousand epochs.
        let gaps = zip(epochs.dropFirst(), epochs).map { $0 - $1 }
        #expect(gaps.max() ?? 0 <= 32768, "kept \(epochs)")
        #expect(epochs.filter { $0 > 65536 }.count >= 4, "kept \(epochs)")
        #expect(epochs == epochs.sorted())
    }

    @Test("A budget in bytes: a big model keeps fewer snapshots, the first always")
    func byteBudget() {
        let megabyte = 1 << 20
        // An H=1024 LSTM's ~100 MB snapshot in the default 128 MB: one, the start.
        var big = TrainingHistory<Fake>()
        let peak = run(2000, into: &big, bytes: 100 * megabyte)
        #expect(big.epochs == [0])
        #expect(peak <= 128 * megabyte)
        #expect(big.capacity(snapshotBytes: 100 * megabyte) == 1)
        // 25 MB each: five, spread on a log scale from the start, the newest kept.
        var medium = TrainingHistory<Fake>()
        _ = run(2000, into: &medium, bytes: 25 * megabyte)
        #expect(medium.epochs.count == 5)
        #expect(medium.epochs.first == 0 && medium.epochs.last == 2000)
        #expect(medium.byteCount <= 128 * megabyte)
        // The budget shrinks with the model: 128 MB less three snapshots.
        #expect(TrainingHistory<Fake>.budget(snapshotBytes: 1000) == 128 * megabyte - 3000)
        #expect(TrainingHistory<Fake>.budget(snapshotBytes: 25 * megabyte) == 53 * megabyte)
        #expect(TrainingHistory<Fake>.budget(snapshotBytes: 76 * megabyte) == 0)
                // Larger than the whole budget: nothing is kept.
        var huge = TrainingHistory<Fake>(maxBytes: 10)
        huge.add(Fake(epoch: 0, byteCount: 11))
        #expect(huge.isEmpty && !huge.fits(bytes: 11))
    }

    @Test("Dense snapshots go first, where they are densest; the newest stays")
    func denseFirst() {
        var history = TrainingHistory<Fake>(maxCount: 8)
        _ = run(400, into: &history, bytes: 1)
        // 0 1 2 4 8 16 32 50 64 100 128 150 200 250 256 300 350 400 → 8 kept.
        let epochs = history.epochs
        #expect(epochs.count == 8)
        #expect(epochs.last == 400)
        #expect(epochs.first == 0)
        #expect(!epochs.contains(50) && !epochs.contains(150), "50 and 150 sit between log-spaced ones: \(epochs)")
    }

    @Test("Branching drops the later snapshots; lookups at or before an epoch")
    func branchAndLookup() {
        var history = TrainingHistory<Fake>()
        _ = run(300, into: &history, bytes: 10)
        #expect(history.entry(atOrBefore: 70)?.epoch == 64)
        #expect(history.entry(before: 64)?.epoch == 50)
        #expect(history.entry(after: 64)?.epoch == 100)
        history.removeAll(after: 64)
        #expect(history.epochs.last == 64)
        #expect(history.byteCount == history.epochs.count * 10)
        // Training on from 64 adds 100 again after it.
        history.add(Fake(epoch: 100, byteCount: 10))
        #expect(history.epochs.suffix(2) == [64, 100])
    }

    func trainer(cell: CellKind, optimizer: OptimizerKind) throws -> Trainer {
        let vocabulary = Vocabulary(text: SeedNotes.text)
        let config = ModelConfig(vocabulary: vocabulary, hidden: 8, cell: cell)
        let data = try TrainingSet(text: SeedNotes.text, vocabulary: vocabulary, window: 5, lossMode: .last)
        return Trainer(model: CharRNN(config: config, seed: 3), data: data, options: TrainingOptions(optimizer: optimizer, clipNorm: 1))
    }

    @Test("Rewinding to epoch k and training to the end gives the same losses, bit for bit", arguments: [
        (CellKind.rnn, OptimizerKind.adam), (.lstm, .adam), (.gru, .sgd),
    ])
    func rewindReplays(cell: CellKind, optimizer: OptimizerKind) throws {
        let original = try trainer(cell: cell, optimizer: optimizer)
        var history = TrainingHistory<TrainingSnapshot>()
        history.add(TrainingSnapshot(original.state))
        var losses: [Float] = []
        for _ in 0..<120 {
            let result = original.runEpoch()
            losses.append(result.loss)
            if SnapshotSchedule.isDue(epoch: result.epoch) { history.add(TrainingSnapshot(original.state)) }
        }
        let snapshot = try #require(history.entry(atOrBefore: 70))
        #expect(snapshot.epoch == 64)
        if optimizer == .adam {
            #expect(snapshot.state.optimizerState.stepCount == 64)
            #expect(snapshot.byteCount == original.model.parameters.storage.count * 12)
        }
        let replay = Trainer(state: snapshot.state, data: original.data, validation: nil)
        var replayed: [Float] = []
        for _ in 64..<120 { replayed.append(replay.runEpoch().loss) }
        #expect(replayed.map(\.bitPattern) == losses[64...].map(\.bitPattern))
        #expect(replay.model.parameters.storage.map(\.bitPattern) == original.model.parameters.storage.map(\.bitPattern))
        // The snapshot kept its own copy: training on did not change it.
        #expect(snapshot.state.epoch == 64)
        let again = Trainer(state: snapshot.state, data: original.data, validation: nil)
        #expect(again.runEpoch().loss.bitPattern == losses[64].bitPattern)
    }
}
