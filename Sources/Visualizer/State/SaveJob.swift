import Foundation
import RNNCore

/// `W`'s file written on a thread of its own (the terminal only, a large model): at H=1024 an
/// LSTM's weights and Adam's moments are about 50 MB and take seconds to write. The thread
/// writes a copy of the model and optimizer state taken when the key was pressed (Sendable
/// values), through the same `WeightFile.save` as in place (atomic: a file is only ever
/// replaced by a complete one); the lab takes the outcome between frames and says so.
///
/// `@unchecked Sendable`: the two threads share only `finished`, under `lock`.
final class SaveJob: @unchecked Sendable {
    let path: String
    let epoch: Int
    private let lock = NSLock()
    // Shared (under `lock`):
    private var finished: Swift.Result<Void, RNNScopeErrorBox>?

    init(model: CharRNN, epoch: Int, optimizer: OptimizerState, path: String) {
        self.path = path
        self.epoch = epoch
        let thread = Thread { [self] in
            let outcome: Swift.Result<Void, RNNScopeErrorBox>
            do {
                try WeightFile.save(model, epoch: epoch, optimizer: optimizer, to: path)
                outcome = .success(())
            } catch {
                outcome = .failure(RNNScopeErrorBox(error: error))
            }
            lock.withLock { finished = outcome }
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The outcome, once the file is written (or refused).
    func take() -> Swift.Result<Void, RNNScopeErrorBox>? {
        lock.withLock {
            defer { finished = nil }
            return finished
        }
    }

    /// Waits for the file (quitting while it is written).
    func waitUntilDone() {
        while lock.withLock({ finished == nil }) { usleep(1000) }
    }
}
