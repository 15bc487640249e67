import Foundation

/// A one-line progress bar on stderr, drawn only when stderr is a terminal.
final class ProgressBar {
    private let total: Int
    private let enabled: Bool
    private var lastDrawn = DispatchTime(uptimeNanoseconds: 0)
    private let width = 30
    /// What is counted ("epochs", "steps"): named with the rate, e.g. "12.5 steps/s".
    private let unit: String?
    private let start = DispatchTime.now()

    /// With `unit`, the bar also shows the rate and the time left.
    init(total: Int, enabled: Bool, unit: String? = nil) {
        self.total = total
        self.enabled = enabled && total > 0
        self.unit = unit
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
        var timing = ""
        if let unit {
            let seconds = Double(now.uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
            timing = "  " + Self.timing(done: done, total: total, seconds: seconds, unit: unit)
        }
        write("\r\(bar) \(done)/\(total)  \(note)\(timing)\u{1B}[K")
    }

    /// "12.5 steps/s  ETA 1:02" after `done` of `total` in `seconds`.
    static func timing(done: Int, total: Int, seconds: Double, unit: String) -> String {
        guard done > 0, seconds > 0 else { return "" }
        let rate = Double(done) / seconds
        let left = Int((Double(total - done) / rate).rounded(.up))
        let eta = left >= 3600
            ? String(format: "%d:%02d:%02d", left / 3600, left / 60 % 60, left % 60)
            : String(format: "%d:%02d", left / 60, left % 60)
        return String(format: rate >= 10 ? "%.0f %@/s" : "%.2f %@/s", rate, unit) + "  ETA " + eta
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
