import Foundation
import RNNCore

/// `W`'s file written on a thread of its own (the terminal only, a large model): at H=1024 an
/// LSTM's weights and Adam's moments are about 50 MB and take seconds to write. The thread
/// writes a copy of the model and optimizer state taken when the key was pressed (Sendable
/// values), through the same `WeightFile.save` as in place (atomic: a file is only ever
/// replaced by a complete one); the lab takes the outcome between frames and says so.
///
/// `@unchecked Sendable`: the two threads share only `outcome` (a `JobOutcome`, locked).
final class SaveJob: @unchecked Sendable {
    let path: String
    let epoch: Int
    private let outcome = JobOutcome<Swift.Result<Void, RNNScopeErrorBox>>()

    init(model: CharRNN, epoch: Int, optimizer: OptimizerState, path: String) {
        self.path = path
        self.epoch = epoch
        let thread = Thread { [self] in
            do {
                try WeightFile.save(model, epoch: epoch, optimizer: optimizer, to: path)
                outcome.deliver(.success(()))
            } catch {
                outcome.deliver(.failure(RNNScopeErrorBox(error: error)))
            }
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The outcome, once the file is written (or refused).
    func take() -> Swift.Result<Void, RNNScopeErrorBox>? { outcome.take() }

    /// Waits for the file (quitting while it is written).
    func waitUntilDone() { outcome.waitUntilDone() }
}
