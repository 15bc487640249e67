import Localization
import CellGrid
import Foundation
import RNNCore
import ScopeNames

/// Screens leaving the terminal: the colours a theme's export uses, the title that says what a
/// screen shows, and the `x` key's files (an SVG plus its plain text, never overwriting).
public enum ScreenExport {
    /// The default colours of the terminal a theme was drawn for (mono draws as dark).
    public static func colors(for theme: ThemeName) -> GridColors {
        theme == .light ? .light : .dark
    }

    /// What a frame shows: the view, the step, the phase and the sub-step.
    public static func title(_ frame: Frame) -> String {
        let strings = frame.ui.strings
        let (index, count) = SubStepNames.position(frame.subStep, cell: frame.cell)
        return strings("export.title", [
            "cell": frame.cell.rawValue.uppercased(), "view": frame.view.title(in: strings), "t": String(frame.t), "length": String(frame.trace.length),
            "phase": strings["chrome.phase.\(frame.phase.rawValue)"], "index": String(index + 1), "count": String(count),
            "name": SubStepNames.name(frame.subStep, cell: frame.cell, strings: strings), "unit": String(frame.unit), "epoch": String(frame.epoch),
        ])
    }

    /// The grid as plain text, as `snapshot --format plain` prints it: heatmaps as shading.
    public static func plainText(_ grid: CellGrid) -> String { grid.degraded(to: .monochrome).plainText() }

    /// `rnnscope-<view>-t<t>-<yyyymmdd-hhmmss>` for a screen exported at `date` (local time).
    public static func baseName(view: ScreenView, t: Int, date: Date, timeZone: TimeZone = .current) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ n: Int?) -> String { String(format: "%02d", n ?? 0) }
        let stamp = String(format: "%04d", c.year ?? 0) + two(c.month) + two(c.day) + "-" + two(c.hour) + two(c.minute) + two(c.second)
        return "rnnscope-\(view.rawValue)-t\(t)-\(stamp)"
    }

    /// Writes `<base>.svg` and `<base>.txt` into `directory`, where `<base>` is `base`, or
    /// `base-2`, `base-3`… when a file of that name exists: each file is created exclusively
    /// (`O_EXCL`), so nothing is ever overwritten, not even by a race. Returns the SVG's path.
    public static func write(svg: String, text: String, base: String, directory: String) throws -> String {
        let folder = directory.isEmpty ? "." : directory
        for attempt in 1...1000 {
            let stem = (folder.hasSuffix("/") ? folder : folder + "/") + (attempt == 1 ? base : "\(base)-\(attempt)")
            guard try create(stem + ".svg", Data(svg.utf8)) else { continue }
            do {
                guard try create(stem + ".txt", Data(text.utf8)) else {
                    unlink(stem + ".svg")
                    continue
                }
            } catch {
                unlink(stem + ".svg")
                throw error
            }
            return stem + ".svg"
        }
        throw ExportError(sentence: Message("error.export.too_many", ["base": base, "folder": folder]))
    }

    /// Creates `path` with `data`; false when it already exists.
    static func create(_ path: String, _ data: Data) throws -> Bool {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else {
            if errno == EEXIST { return false }
            throw ExportError(sentence: Message("error.export.cannot", ["path": path], nested: ["reason": SystemError.message(errno)]))
        }
        let failure = AtomicFile.writeAll(data, to: fd)
        close(fd)
        if let failure {
            unlink(path)
            throw ExportError(sentence: Message("error.export.cannot", ["path": path, "reason": failure]))
        }
        return true
    }

    public struct ExportError: Error, CustomStringConvertible {
        /// Why the export failed, rendered in the explorer's language.
        public let sentence: Message
        public var message: String { sentence.english }
        public var description: String { message }
    }
}

extension Explorer {
    /// The `x` key's export of `grid` (the screen as it is drawn now) into `directory`: an
    /// SVG and its plain text. The message line names the file, or says why it failed.
    public func exportScreen(_ grid: CellGrid, directory: String, date: Date = Date()) {
        exportRequested = false
        let frame = self.frame()
        let svg = SVGRenderer.render(grid, colors: ScreenExport.colors(for: frame.ui.resolvedTheme), title: ScreenExport.title(frame))
        let base = ScreenExport.baseName(view: frame.view, t: frame.t, date: date)
        do {
            let path = try ScreenExport.write(svg: svg, text: ScreenExport.plainText(grid), base: base, directory: directory)
            let shown = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
            ui.message = ui.strings("msg.exported", ["path": shown])
        } catch {
            ui.message = ui.strings.errorText(error)
        }
    }
}
