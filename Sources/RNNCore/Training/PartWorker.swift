import Foundation
import Synchronization

/// The trainer's second thread: runs one batch part's pass while the calling thread runs the
/// other (`BatchSplit`). It lives as long as its trainer, so an epoch costs a handoff, not a
/// thread start.
///
/// The handoff is two counters: `start` publishes a job by raising `posted`, the worker runs it
/// and raises `finished` to the same value, and `wait` spins until it does. Between jobs the
/// worker spins for up to 2 ms (the next step of a small model comes within microseconds), then
/// sleeps on `condition` so that an idle trainer costs no CPU.
///
/// `@unchecked Sendable`: `job` is written by the caller before `posted` is raised (releasing)
/// and read by the worker after it sees the new value (acquiring); the caller reads nothing the
/// job writes before `finished` says it is done. `sleeping` is read and written under
/// `condition`'s lock.
final class PartWorker: @unchecked Sendable {
    private let posted = Atomic<Int>(0)
    private let finished = Atomic<Int>(0)
    private let condition = NSCondition()
    private var sleeping = false
    /// The job in flight; nil tells the worker to end.
    private var job: (() -> Void)?

    /// How long the worker spins for the next job before it sleeps: longer than the optimizer
    /// step and the batch copy between two steps, so that training step after step never waits
    /// for a sleeping thread to wake (tens of µs, more on a loaded machine).
    private static let idleNanoseconds: UInt64 = 2_000_000
    /// How long of that it spins without yielding the core.
    private static let busyNanoseconds: UInt64 = 50_000
    /// Spins of the caller's wait for the worker's part before it yields the core between checks.
    private static let waitSpins = 20_000

    init() {
        let thread = Thread { [self] in loop() }
        thread.name = "rnnscope trainer part"
        thread.start()
    }

    /// Runs `job` on the worker thread; `wait()` returns once it has finished. One job at a time.
    func start(_ job: @escaping () -> Void) {
        self.job = job
        post()
    }

    /// Returns once the job given to `start` has finished.
    func wait() {
        let target = posted.load(ordering: .relaxed)
        var spins = 0
        while finished.load(ordering: .acquiring) != target {
            spins += 1
            if spins > Self.waitSpins { sched_yield() }
        }
        // The finished job lets go of what it captured (a step's passes: ~130 MB for an H=1024
        // LSTM, which would otherwise live on beside the next step's). The worker reads `job`
        // again only after the next `post`.
        job = {}
    }

    /// Ends the worker thread (after any job in flight); the worker must not be used afterwards.
    func stop() {
        job = nil
        post()
    }

    private func post() {
        posted.wrappingAdd(1, ordering: .sequentiallyConsistent)
        condition.lock()
        if sleeping { condition.signal() }
        condition.unlock()
    }

    private func loop() {
        var seen = 0
        while true {
            var spins = 0
            var since: UInt64 = 0
            var next = posted.load(ordering: .acquiring)
            while next == seen {
                spins &+= 1
                if spins & 1023 == 0 {
                    let now = DispatchTime.now().uptimeNanoseconds
                    if since == 0 { since = now }
                    if now - since > Self.idleNanoseconds {
                        sleep(seen)
                        since = 0
                    } else if now - since > Self.busyNanoseconds {
                        // Still ready within µs, but a thread of ours (or anyone's) that wants
                        // this core gets it: on a loaded machine spinning would slow the step.
                        sched_yield()
                    }
                }
                next = posted.load(ordering: .acquiring)
            }
            seen = next
            guard job != nil else { return }
            job?()  // no binding held past the call: `wait` frees the job's captures
            finished.store(seen, ordering: .releasing)
        }
    }

    /// Sleeps until a job after `seen` is posted.
    private func sleep(_ seen: Int) {
        condition.lock()
        sleeping = true
        while posted.load(ordering: .sequentiallyConsistent) == seen { condition.wait() }
        sleeping = false
        condition.unlock()
    }
}

/// `rnnscope bench`'s measure of the trainer's handoff to its second thread.
public enum PartHandoff {
    /// Seconds per round trip (an empty job started on a fresh worker and waited for), the mean
    /// over `rounds` back-to-back rounds, as consecutive epochs hand off.
    public static func seconds(rounds: Int) -> Double {
        let worker = PartWorker()
        defer { worker.stop() }
        worker.start {}
        worker.wait()
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<rounds {
            worker.start {}
            worker.wait()
        }
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / Double(max(1, rounds))
    }
}
