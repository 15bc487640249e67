import Foundation

/// The hand-over between a background job's thread (`RebuildJob`, `PartnerCatchUp`, `SaveJob`)
/// and the lab: the thread delivers its result once, the lab takes it between frames, and the
/// result of a cancelled job is thrown away, never seen.
///
/// `@unchecked Sendable`: every read and write of the two properties holds `lock`.
final class JobOutcome<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false
    private var finished: Value?

    /// Whether `cancel` was called (the thread checks it between pieces of work).
    var isCancelled: Bool { lock.withLock { cancelled } }

    /// Keeps `value` for `take`, unless the job was cancelled.
    func deliver(_ value: Value) {
        lock.withLock {
            if !cancelled { finished = value }
        }
    }

    /// The result, once.
    func take() -> Value? {
        lock.withLock {
            defer { finished = nil }
            return finished
        }
    }

    /// Whether the result is waiting to be taken.
    var hasResult: Bool { lock.withLock { finished != nil } }

    /// Throws the result away, now or when the thread delivers it. Never waits.
    func cancel() {
        lock.withLock {
            cancelled = true
            finished = nil
        }
    }

    /// Waits until the result is ready (or the job was cancelled): tests, and callers that
    /// need the result now.
    func waitUntilDone() {
        while lock.withLock({ finished == nil && !cancelled }) { usleep(1000) }
    }
}
