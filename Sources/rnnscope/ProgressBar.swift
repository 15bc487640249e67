import Foundation

/// A one-line progress bar on stderr, drawn only when stderr is a terminal.
final class ProgressBar {
    private let total: Int
    private let enabled: Bool
    private var lastDrawn = DispatchTime(uptimeNanoseconds: 0)
    private let width = 30

    init(total: Int, enabled: Bool) {
        self.total = total
        self.enabled = enabled && total > 0
    }

    func update(_ done: Int, loss: Float) {
        update(done, note: "loss \(String(format: "%.4f", loss))")
    }

    /// The bar, `done`/total, then `note`.
    func update(_ done: Int, note: String) {
        guard enabled else { return }
        let now = DispatchTime.now()
        // Redraw at most 20 times a second: drawing must not slow training down.
        guard done == total || now.uptimeNanoseconds - lastDrawn.uptimeNanoseconds > 50_000_000 else { return }
        lastDrawn = now
        let filled = width * done / total
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        write("\r\(bar) \(done)/\(total)  \(note)\u{1B}[K")
    }

    /// Erases the bar so a normal line can be printed.
    func clear() {
        if enabled { write("\r\u{1B}[K") }
    }

    func finish() { clear() }

    private func write(_ s: String) {
        StandardOutput.writeError(s)
    }
}
