import Foundation
import RNNCore

/// The weights view's finite-difference check of a large model, computed on a thread of its
/// own so that no key waits for it: at H=1024 the two extra passes take longer than a frame.
/// One job at a time; the explorer polls for the result between frames and the view shows
/// "checking…" meanwhile.
///
/// `@unchecked Sendable`: the worker thread and the input thread share only the stored
/// properties below, and every read and write of them holds `lock`. The trace the worker
/// reads is immutable (`Trace` is Sendable), and the worker touches nothing else.
final class BackgroundCheck: @unchecked Sendable {
    /// Which check: the weight, and the version of the lab's trace it was computed for.
    struct Key: Equatable, Sendable {
        var version: Int
        var name: ParameterName
        var index: [Int]
    }

    private let lock = NSLock()
    private var running: Key?
    private var finished: (key: Key, check: GradientCheck)?

    /// Whether the check of `trace` is too slow to compute between two keys: two passes over
    /// the sequence (forward and backward) against about 10 ms.
    static func isExpensive(_ trace: Trace) -> Bool {
        let config = trace.config
        let gates = Double(config.cell.isGated ? (config.cell == .lstm ? 4 : 3) : 1)
        let H = Double(config.hidden), V = Double(config.vocabulary.count)
        let work = 2 * 3 * Double(trace.length) * (gates * H * 2 * H + V * H)  // the input side counted as wide as the hidden one
        return work > 3e7
    }

    /// Starts checking `key` on `trace` unless a job is running.
    func start(_ trace: Trace, key: Key) {
        let idle = lock.withLock {
            guard running == nil else { return false }
            running = key
            return true
        }
        guard idle else { return }
        let thread = Thread { [self] in
            let check = GradientCheck(trace: trace, key.name, key.index)
            lock.withLock {
                finished = (key, check)
                running = nil
            }
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The finished result, once.
    func take() -> (key: Key, check: GradientCheck)? {
        lock.withLock {
            defer { finished = nil }
            return finished
        }
    }

    /// Whether a result is waiting to be taken.
    var hasResult: Bool { lock.withLock { finished != nil } }
}
