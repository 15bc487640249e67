import Foundation
import RNNCore

/// The gradient analysis of a large model, computed on a thread of its own so that no key
/// waits for it: at H=1024 an LSTM's per-step Jacobian norms and ρ take seconds. One job at a
/// time; the explorer polls for the result between frames and shows "computing…" meanwhile.
///
/// `@unchecked Sendable`: the worker thread and the input thread share only the stored
/// properties below, and every read and write of them happens while holding `lock`. The
/// trace the worker reads is immutable (`Trace` is Sendable), and the worker touches nothing
/// else of the explorer.
final class BackgroundAnalysis: @unchecked Sendable {
    private let lock = NSLock()
    private var running: Int?
    private var finished: (version: Int, analysis: GradientAnalysis)?

    /// Whether the analysis of `trace` is too slow to compute between two keys: an estimate
    /// of its work (the per-step Lanczos products, the O(n³) ρ) against about 0.1 s.
    static func isExpensive(_ trace: Trace) -> Bool {
        let H = Double(trace.config.hidden)
        let state = Double(trace.config.cell == .lstm ? 2 : 1) * H  // the LSTM's state is [h; c]
        let work = Double(trace.length) * state * state * 64 + 20 * H * H * H
        return work > 3e8
    }

    /// The version being computed, if any.
    var runningVersion: Int? { lock.withLock { running } }

    /// Starts computing the analysis of `trace` unless a job is running.
    func start(_ trace: Trace, version: Int) {
        let idle = lock.withLock {
            guard running == nil else { return false }
            running = version
            return true
        }
        guard idle else { return }
        // The analysis reads the weights and the steps, never dL/dθ: not holding that (34 MB
        // for an H=1024 LSTM) while training moves the lab on to newer traces.
        let trace = trace.droppingParameterGradients()
        let thread = Thread { [self] in
            let analysis = GradientAnalysis(trace: trace)
            lock.withLock {
                finished = (version, analysis)
                running = nil
            }
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The finished result, once (later calls return nil until the next job ends).
    func take() -> (version: Int, analysis: GradientAnalysis)? {
        lock.withLock {
            defer { finished = nil }
            return finished
        }
    }

    /// Whether a result is waiting to be taken.
    var hasResult: Bool { lock.withLock { finished != nil } }
}
