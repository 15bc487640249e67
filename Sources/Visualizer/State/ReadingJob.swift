import Foundation
import RNNCore

/// The model reading a text on a thread of its own (the terminal only), so that no key waits
/// for it: after training, a rebuild or a new prompt, the generate view's text (up to a
/// thousand generated characters) or the neuron view's passage (up to 2,000) is read again from
/// h_0 = 0, a millisecond a character for an H=1024 LSTM, and the weights are laid out first
/// (`GenerationWeights`). The explorer takes the result between frames (`Explorer+Reading`);
/// until then the views say "reading…". A newer text or newer weights cancel the job: its
/// result is thrown away, never seen.
///
/// It runs `TextReading.advance`, the same steps the in-place reading runs on the same values,
/// so the reading it delivers is bit for bit the in-place one.
///
/// `@unchecked Sendable`: the two threads share only `outcome` (a `JobOutcome`, locked); the
/// reading and the model that cross over are Sendable values.
final class ReadingJob: @unchecked Sendable {
    /// The text being read, and the weights it is read with.
    let target: [Int]
    let model: CharRNN
    private let outcome = JobOutcome<TextReading>()

    /// Reads `target` on from `start` (a reading with `model`'s weights), or from h_0 = 0 with
    /// `model` when nil. `gate`: tests only, called on the thread before it starts.
    init(target: [Int], model: CharRNN, from start: TextReading?, gate: (@Sendable () -> Void)? = nil) {
        self.target = target
        self.model = model
        let thread = Thread { [outcome] in
            gate?()
            if outcome.isCancelled { return }
            var reading = start ?? TextReading(model: model)
            if reading.advance(to: target, cancelled: { outcome.isCancelled }) { outcome.deliver(reading) }
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The reading, once.
    func take() -> TextReading? { outcome.take() }

    /// Whether the reading is waiting to be taken.
    var hasResult: Bool { outcome.hasResult }

    /// Throws the result away, now or when the thread finishes. Never waits.
    func cancel() { outcome.cancel() }

    /// Waits until the reading is ready (or the job was cancelled): tests.
    func waitUntilDone() { outcome.waitUntilDone() }
}
