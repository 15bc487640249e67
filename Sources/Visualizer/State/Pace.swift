import Localization
import Foundation

/// How fast the running modes go, on ladders `+` and `-` step through: training in epochs
/// per second (by default the notes' 500 epochs in about 10 s), auto-play in milliseconds per
/// sub-step. A lesson's `pace:` may set a rate between the rungs; `+`/`-` then go to the next.
public struct Pace: Equatable, Sendable {
    /// Epochs per second; nil is as fast as the machine goes.
    public static let trainingLadder: [Double?] = [1, 5, 20, 50, 200, nil]
    /// Milliseconds per auto-play sub-step, slow to fast.
    public static let autoplayLadder: [Int] = [2000, 1000, 700, 350, 150, 50]

    /// Epochs per second, nil for max.
    public private(set) var epochsPerSecond: Double? = 50
    public private(set) var autoplayMilliseconds = 700

    public init() {}

    /// "50 epochs/s" or "max".
    public var trainingLabel: String {
        epochsPerSecond.map { String(format: "%g epochs/s", $0) } ?? "max"
    }

    /// The training pace in `strings`' language.
    /// `perStep`: mini-batch training, where the pace counts optimizer steps, not epochs.
    public func trainingLabel(_ strings: Strings, perStep: Bool = false) -> String {
        guard let rate = epochsPerSecond.map({ String(format: "%g", $0) }) else { return strings["pace.max"] }
        return perStep ? strings("pace.steps_per_second", ["rate": rate]) : strings("pace.epochs_per_second", ["rate": rate])
    }

    /// The auto-play pace in `strings`' language.
    public func autoplayLabel(_ strings: Strings) -> String {
        strings("pace.per_substep", ["seconds": String(format: "%g", Double(autoplayMilliseconds) / 1000)])
    }

    /// "0.7 s per sub-step".
    public var autoplayLabel: String { String(format: "%g s per sub-step", Double(autoplayMilliseconds) / 1000) }

    /// The next rung faster or slower on the training ladder; false when there is none.
    public mutating func stepTraining(faster: Bool) -> Bool {
        let current = epochsPerSecond ?? .infinity
        let rungs = Self.trainingLadder.map { $0 ?? .infinity }
        guard let next = faster ? rungs.first(where: { $0 > current }) : rungs.last(where: { $0 < current }) else { return false }
        epochsPerSecond = next.isFinite ? next : nil
        return true
    }

    public mutating func stepAutoplay(faster: Bool) -> Bool {
        let current = autoplayMilliseconds
        guard let next = faster ? Self.autoplayLadder.first(where: { $0 < current })
            : Self.autoplayLadder.last(where: { $0 > current }) else { return false }
        autoplayMilliseconds = next
        return true
    }

    /// A lesson's `pace:`: epochs per second (positive), or nil for max.
    public mutating func setTraining(_ rate: Double?) {
        epochsPerSecond = rate.flatMap { $0.isFinite && $0 > 0 ? $0 : nil }
    }
}
