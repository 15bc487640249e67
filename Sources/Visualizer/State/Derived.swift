import Dispatch
import RNNCore

/// Values computed from the pass on screen: the gradient analysis (σ_max, ρ, Jacobian norms),
/// the connectivity map and a gradient check. They are brought up to date before a frame is
/// built, only when asked for, never while drawing; the clock is passed in.
struct Derived {
    /// Which values the coming frame needs.
    struct Needs: OptionSet, Sendable {
        let rawValue: Int
        static let analysis = Needs(rawValue: 1)
        static let connectivity = Needs(rawValue: 2)
        static let gradientCheck = Needs(rawValue: 4)
        /// The weight gradients summed from t=T down to the cursor's step.
        static let partialGradients = Needs(rawValue: 8)
    }

    private(set) var analysis: GradientAnalysis?
    private(set) var connectivity: [[Double]]?
    private(set) var gradientCheck: GradientCheck?
    private(set) var partialGradients: PartialGradients?
    /// The neuron view's reading of its passage (`refreshNeurons`).
    var neurons: NeuronCache?
    /// Compute an expensive analysis on a thread of its own (the terminal loop sets this;
    /// snapshots and tests compute it in place, so their frames are complete).
    var analysisInBackground = false
    /// True while the analysis on screen is not yet the current trace's (being computed).
    private(set) var analysisPending = false
    let background = BackgroundAnalysis()
    /// The same for the gradient check of a large model: "checking…" until it is ready.
    private(set) var checkPending = false
    let checkJob = BackgroundCheck()
    private var partialVersion = -1
    private var analysisStamp = Stamp()
    private var connectivityStamp = Stamp()
    private var checkStamp = Stamp()

    /// Which trace a value was computed for, and when.
    private struct Stamp {
        var version = -1
        var time: UInt64 = 0
        var length = -1
    }

    /// While training continuously a value is recomputed at most this often: for a long gated
    /// sequence the analysis costs a fifth of a second, more than a frame.
    static let refreshWhileTraining: UInt64 = 400_000_000

    /// Whether a value stamped `stamp` must be recomputed for trace `version`.
    private static func stale(_ stamp: Stamp, version: Int, length: Int, training: Bool, now: UInt64) -> Bool {
        guard stamp.version != version else { return false }
        // While training, an older value of the same length is good enough for a moment.
        return !(training && stamp.length == length && now &- stamp.time < refreshWhileTraining)
    }

    /// Brings the `needs` up to date for `trace` (version `version` of the lab's trace);
    /// `checked` is the weight the gradient check looks at.
    mutating func refresh(
        _ needs: Needs, trace: Trace, version: Int, checked: (name: ParameterName, index: [Int]), training: Bool, now: UInt64,
        from t: Int = 1
    ) {
        if needs.contains(.partialGradients), partialVersion != version || partialGradients?.from != t {
            partialGradients = PartialGradients(trace: trace, from: t)
            partialVersion = version
        }
        let length = trace.length
        if needs.contains(.analysis), analysisInBackground, BackgroundAnalysis.isExpensive(trace) {
            if let done = background.take() {
                analysis = done.analysis
                analysisStamp = Stamp(version: done.version, time: now, length: done.analysis.dhNorms.count)
            }
            if analysis == nil || Self.stale(analysisStamp, version: version, length: length, training: training, now: now) {
                background.start(trace, version: version)
            }
            // An analysis of another length would not match the steps on screen.
            if analysisStamp.length != length { analysis = nil }
            analysisPending = analysisStamp.version != version
        } else if needs.contains(.analysis), analysis == nil || Self.stale(analysisStamp, version: version, length: length, training: training, now: now) {
            analysis = GradientAnalysis(trace: trace)
            analysisStamp = Stamp(version: version, time: now, length: length)
            analysisPending = false
        }
        if needs.contains(.connectivity),
           connectivity == nil || Self.stale(connectivityStamp, version: version, length: length, training: training, now: now) {
            connectivity = Connectivity.norms(trace)
            connectivityStamp = Stamp(version: version, time: now, length: length)
        }
        if needs.contains(.gradientCheck), analysisInBackground, BackgroundCheck.isExpensive(trace) {
            if let done = checkJob.take() {
                gradientCheck = done.check
                checkStamp = Stamp(version: done.key.version, time: now, length: length)
            }
            let moved = gradientCheck?.index != checked.index || gradientCheck?.name != checked.name
            if moved || Self.stale(checkStamp, version: version, length: length, training: training, now: now) {
                checkJob.start(trace, key: BackgroundCheck.Key(version: version, name: checked.name, index: checked.index))
            }
            // A check of another weight, or of a sequence of another length, would mislead.
            if moved || checkStamp.length != length { gradientCheck = nil }
            checkPending = gradientCheck == nil || checkStamp.version != version
        } else if needs.contains(.gradientCheck) {
            checkPending = false
            let moved = gradientCheck?.index != checked.index || gradientCheck?.name != checked.name
            if moved || Self.stale(checkStamp, version: version, length: length, training: training, now: now) {
                gradientCheck = GradientCheck(trace: trace, checked.name, checked.index)
                checkStamp = Stamp(version: version, time: now, length: length)
            }
        }
    }

    /// The clock the explorer passes in.
    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
}
