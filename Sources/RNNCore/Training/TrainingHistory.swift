import Foundation

/// When training takes a snapshot for rewinding: at the start (epoch 0), at every power of two
/// (1, 2, 4, 8, …) and at every 50th epoch.
public enum SnapshotSchedule {
    /// Whether the state after `epoch` epochs is one the history wants.
    public static func isDue(epoch: Int) -> Bool {
        epoch >= 0 && (epoch % 50 == 0 || isLogSpaced(epoch))
    }

    /// 0 and the powers of two: the early, log-spaced snapshots.
    public static func isLogSpaced(_ epoch: Int) -> Bool {
        epoch == 0 || (epoch > 0 && epoch & (epoch - 1) == 0)
    }
}

/// Something a `TrainingHistory` keeps: the epoch it was taken at and the bytes it holds.
public protocol TrainingHistoryEntry {
    var epoch: Int { get }
    var byteCount: Int { get }
}

/// Snapshots of training at the epochs `SnapshotSchedule` picks, in a bounded amount of memory:
/// at most `maxCount` snapshots and at most `maxBytes` bytes together (a big model gets fewer).
///
/// The policy, when an added snapshot puts the history over either limit, drops one snapshot
/// at a time until it fits again:
/// 1. The first snapshot (where training started) and the newest are never dropped while
///    another one could go.
/// 2. Dense snapshots (the every-50th ones that are not powers of two) go first: the one whose
///    neighbours are closest together, that is where the history is densest, the oldest on a
///    tie. So the dense ones thin out evenly over the whole run and a spread of later epochs
///    survives, not just the last few.
/// 3. Only when no dense snapshot is left to drop do the log-spaced ones (0, 1, 2, 4, 8, …) go,
///    again the one whose neighbours are closest, measured on a log scale (log₂(epoch + 1)),
///    so the survivors stay evenly spread on the log-scaled loss curve.
/// 4. With room for just one snapshot the first is kept. A snapshot larger than `maxBytes`
///    on its own is not kept at all (`fits` says so beforehand).
///
/// Over 100,000 epochs at 32 snapshots this keeps 0, 1, 2, 4, …, 65536 (18) and 14 later
/// epochs spread over the run. The history is a value; it holds nothing but its entries.
public struct TrainingHistory<Entry: TrainingHistoryEntry> {
    public static var defaultMaxCount: Int { 32 }
    /// 128 MB: an H=1024 LSTM's snapshot (weights plus Adam's two moments) is about 100 MB.
    public static var defaultMaxBytes: Int { 128 << 20 }

    public let maxCount: Int
    public let maxBytes: Int
    /// The snapshots, oldest first (ascending epochs).
    public private(set) var entries: [Entry] = []
    /// The bytes all entries hold together.
    public private(set) var byteCount = 0

    /// The bytes a history of snapshots of `snapshotBytes` each may hold: 128 MB less three
    /// snapshots' worth, never below 0. The bigger the model, the less room, as its training
    /// and views already take most of the 500 MB a run may use: at H=1024 an RNN keeps two
    /// (its start and the newest), a GRU or LSTM (76 / 100 MB a snapshot) none; the notes'
    /// H=64 model keeps 32.
    public static func budget(snapshotBytes: Int) -> Int {
        max(0, defaultMaxBytes - 3 * snapshotBytes)
    }

    public init(maxCount: Int = Self.defaultMaxCount, maxBytes: Int = Self.defaultMaxBytes) {
        precondition(maxCount >= 1 && maxBytes >= 0)
        self.maxCount = maxCount
        self.maxBytes = maxBytes
    }

    public var isEmpty: Bool { entries.isEmpty }
    public var epochs: [Int] { entries.map(\.epoch) }

    /// Whether a snapshot of `bytes` can be kept at all.
    public func fits(bytes: Int) -> Bool { bytes <= maxBytes }

    /// How many snapshots of `bytes` each the limits allow.
    public func capacity(snapshotBytes bytes: Int) -> Int {
        guard bytes > 0 else { return maxCount }
        return min(maxCount, maxBytes / bytes)
    }

    /// Adds `entry` (replacing any at its epoch or later: the history only grows forward), then
    /// drops snapshots by the policy until it is within its limits.
    public mutating func add(_ entry: Entry) {
        removeAll(from: entry.epoch)
        guard fits(bytes: entry.byteCount) else { return }
        entries.append(entry)
        byteCount += entry.byteCount
        while entries.count > maxCount || byteCount > maxBytes {
            let index = victim()
            byteCount -= entries[index].byteCount
            entries.remove(at: index)
        }
    }

    /// Drops every snapshot taken after `epoch` (branching from it).
    public mutating func removeAll(after epoch: Int) { removeAll(from: epoch + 1) }

    private mutating func removeAll(from epoch: Int) {
        while let last = entries.last, last.epoch >= epoch {
            byteCount -= last.byteCount
            entries.removeLast()
        }
    }

    public mutating func removeAll() {
        entries = []
        byteCount = 0
    }

    /// The newest snapshot taken at or before `epoch`.
    public func entry(atOrBefore epoch: Int) -> Entry? { entries.last { $0.epoch <= epoch } }

    /// The newest snapshot taken before `epoch`.
    public func entry(before epoch: Int) -> Entry? { entries.last { $0.epoch < epoch } }

    /// The oldest snapshot taken after `epoch`.
    public func entry(after epoch: Int) -> Entry? { entries.first { $0.epoch > epoch } }

    /// The index of the snapshot the policy drops next.
    func victim() -> Int {
        let n = entries.count
        guard n > 2 else { return n - 1 }
        let candidates = 1..<(n - 1)
        let dense = candidates.filter { !SnapshotSchedule.isLogSpaced(entries[$0].epoch) }
        if !dense.isEmpty {
            return closest(dense) { Double($0) }
        }
        return closest(Array(candidates)) { log2(Double($0) + 1) }
    }

    /// Of `indices`, the one whose two neighbours are closest together on `scale` (the first on a tie).
    private func closest(_ indices: [Int], scale: (Int) -> Double) -> Int {
        var best = indices[0], bestGap = Double.infinity
        for i in indices {
            let gap = scale(entries[i + 1].epoch) - scale(entries[i - 1].epoch)
            if gap < bestGap {
                best = i
                bestGap = gap
            }
        }
        return best
    }
}

/// One moment of training to rewind to: the trainer's state (the weights, the optimizer's state
/// with Adam's moments and step count, the epoch and the settings).
public struct TrainingSnapshot: TrainingHistoryEntry, Sendable {
    public let state: TrainerState
    public let byteCount: Int
    public var epoch: Int { state.epoch }

    public init(_ state: TrainerState) {
        self.state = state
        byteCount = state.byteCount
    }
}

extension TrainerState {
    /// The optimizer's state (Adam's moments and step count) the snapshot carries.
    public var optimizerState: OptimizerState { optimizer.state }

    /// The bytes its weights and the optimizer's moments hold.
    public var byteCount: Int {
        let state = optimizer.state
        return (model.parameters.storage.count + state.expAvg.count + state.expAvgSq.count) * MemoryLayout<Float>.stride
    }

    /// The bytes a snapshot of a model of `shape` trained with `optimizer` holds once the
    /// optimizer has taken a step.
    public static func byteCount(shape: ModelShape, optimizer: OptimizerKind) -> Int {
        shape.totalCount * (optimizer == .adam ? 3 : 1) * MemoryLayout<Float>.stride
    }
}
