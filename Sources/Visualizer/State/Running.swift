/// The clock of the running modes: when continuous training started (or last changed pace)
/// and how many epochs it has run since, and when auto-play takes its next sub-step.
struct Running {
    var trainingStart: UInt64 = 0
    var epochsSinceStart = 0
    var nextAutoplay: UInt64 = 0
    /// `t` handed one epoch of a large model to the worker thread; the tick applies it.
    var singleEpochInFlight = false

    /// Training (re)starts its count now.
    mutating func restartTraining(at now: UInt64) {
        trainingStart = now
        epochsSinceStart = 0
    }

    /// Epochs due by `now` at `rate` epochs per second that have not run yet.
    func epochsDue(at now: UInt64, rate: Double) -> Int {
        let elapsed = Double(now &- trainingStart) / 1e9
        return max(0, Int(elapsed * rate) - epochsSinceStart)
    }
}
