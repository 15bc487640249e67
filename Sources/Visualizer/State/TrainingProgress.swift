/// Who watches long training done inside one call (a lesson's front-matter `epochs:` or a
/// step's `train:`, replayed when going back): the terminal draws "training 120/3000 epochs…
/// q stops" over the last frame, the other commands a bar on stderr. Bound for the length of
/// a call: `TrainingProgress.$current.withValue(progress) { … }`.
public struct TrainingProgress: Sendable {
    /// Called after each epoch with (epochs done, epochs asked for); false stops the training.
    public let report: @Sendable (Int, Int) -> Bool

    public init(_ report: @escaping @Sendable (Int, Int) -> Bool) { self.report = report }

    @TaskLocal public static var current: TrainingProgress?
}

/// A lesson's replay (or its opening) stopped by the user before it reached its step.
public struct ReplayInterrupted: Error, CustomStringConvertible {
    public let epoch: Int
    public var description: String { "training stopped at epoch \(epoch)" }
}
