import Foundation
import Localization

/// A one-line progress bar on stderr, drawn only when stderr is a terminal.
final class ProgressBar {
    private let total: Int
    private let enabled: Bool
    private var lastDrawn = DispatchTime(uptimeNanoseconds: 0)
    private static let width = 30
    /// What is counted: named with the rate, e.g. "12.5 steps/s".
    enum Unit: String { case epochs, steps }
    private let unit: Unit?
    private let strings: Strings
    private let start = DispatchTime.now()

    /// With `unit`, the bar also shows the rate and the time left; its words are in `strings`' language.
    init(total: Int, enabled: Bool, strings: Strings, unit: Unit? = nil) {
        self.total = total
        self.enabled = enabled && total > 0
        self.strings = strings
        self.unit = unit
    }

    /// The bar, `done`/total, then `note`.
    func update(_ done: Int, note: String) {
        guard enabled else { return }
        let now = DispatchTime.now()
        // Redraw at most 20 times a second: drawing must not slow training down.
        guard done == total || now.uptimeNanoseconds - lastDrawn.uptimeNanoseconds > 50_000_000 else { return }
        lastDrawn = now
        let seconds = Double(now.uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        write("\r" + Self.line(done: done, total: total, note: note, seconds: seconds, unit: unit, strings: strings) + "\u{1B}[K")
    }

    /// The bar's text after `done` of `total` in `seconds`: "████░░ 3/10  loss 1.2345  12.5 steps/s  ETA 1:02".
    static func line(done: Int, total: Int, note: String, seconds: Double, unit: Unit?, strings: Strings) -> String {
        let filled = width * min(done, total) / max(total, 1)
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        var timing = ""
        if let unit { timing = "  " + Self.timing(done: done, total: total, seconds: seconds, unit: unit, strings: strings) }
        return "\(bar) \(done)/\(total)  \(note)\(timing)"
    }

    /// "12.5 steps/s  ETA 1:02" after `done` of `total` in `seconds`.
    static func timing(done: Int, total: Int, seconds: Double, unit: Unit, strings: Strings) -> String {
        guard done > 0, seconds > 0 else { return "" }
        let rate = Double(done) / seconds
        let left = Int((Double(total - done) / rate).rounded(.up))
        let eta = left >= 3600
            ? String(format: "%d:%02d:%02d", left / 3600, left / 60 % 60, left % 60)
            : String(format: "%d:%02d", left / 60, left % 60)
        return strings("cli.progress.rate", [
            "rate": String(format: rate >= 10 ? "%.0f" : "%.2f", rate), "unit": strings["cli.progress.unit.\(unit.rawValue)"], "eta": eta,
        ])
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
