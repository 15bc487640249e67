/// Which windows each optimizer step trains on: all of them (full batch), or batches of
/// `TrainingOptions.batchSize` in window order or in a seeded permutation per epoch.
extension Trainer {
    /// Whether an epoch takes more than one step (a batch size below the number of windows).
    public var isMiniBatch: Bool { options.batchSize.map { $0 < data.count } ?? false }

    /// Optimizer steps in one epoch: ⌈windows / batch⌉, the last batch possibly partial.
    public var stepsPerEpoch: Int {
        guard isMiniBatch, let size = options.batchSize else { return 1 }
        return (data.count + size - 1) / size
    }

    /// The windows of epoch `epoch`'s step `k` (0-based): a slice of window order, or of the
    /// epoch's seeded permutation when shuffling.
    public func batchWindows(step k: Int, order: [Int32]?) -> [Int32] {
        let size = options.batchSize ?? data.count
        let range = (k * size)..<min((k + 1) * size, data.count)
        if let order { return Array(order[range]) }
        return range.map { Int32($0) }
    }

    /// The permutation of the windows for 1-based epoch `epoch`: Fisher–Yates with the
    /// project's `SeededGenerator`, seeded from `seed` and the epoch, so the same seed gives
    /// the same batches on every machine and every window comes once per epoch.
    public static func permutation(windows: Int, epoch: Int, seed: UInt64) -> [Int32] {
        var order = (0..<windows).map { Int32($0) }
        var generator = SeededGenerator(seed: seed ^ (UInt64(truncatingIfNeeded: epoch) &* 0x9E37_79B9_7F4A_7C15))
        var i = windows - 1
        while i > 0 {
            let j = Int(generator.next() % UInt64(i + 1))
            order.swapAt(i, j)
            i -= 1
        }
        return order
    }
}
