import Localization
import Foundation
import RNNCore

/// `W` and `O`: a path typed on the message line, then saved to or opened.
extension Explorer {
    /// The longest path the line takes.
    static let maxPathLength = 4096

    func typePath(_ key: UserKey, _ typed: String) -> Bool {
        var text = typed
        switch key {
        case .enter:
            let path = (text as NSString).expandingTildeInPath
            guard !text.isEmpty else {
                ui.message = ui.strings["msg.no_path"]
                return true
            }
            ui.editing = nil
            if ui.typing == .savePath { save(to: path, overwrite: false) } else { open(path) }
            return true
        case .escape:
            ui.editing = nil
            ui.message = ui.typing == .savePath ? ui.strings["msg.not_saved"] : ui.strings["msg.nothing_opened"]
            return true
        case .backspace:
            if !text.isEmpty { text.removeLast() }
        case .character(let c):
            if text.utf8.count < Self.maxPathLength, !c.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                text.append(c)
            }
        default:
            break
        }
        ui.editing = text
        return true
    }

    /// Saves, first asking "overwrite? y/n" when something is at `path` and `overwrite` is false.
    func save(to path: String, overwrite: Bool) {
        var status = stat()
        if !overwrite, lstat(path, &status) == 0 {
            ui.confirmingOverwrite = path
            ui.message = ui.strings("msg.overwrite", ["path": path.terminalSafe])
            return
        }
        do { report(try lab.saveWeights(to: path)) } catch { ui.message = ui.strings.errorText(error) }
    }

    func open(_ path: String) {
        do {
            report(try lab.openWeights(path))
            ui.training = false
            cursor = Cursor().fitted(cell: lab.cell, length: lab.trace.length, hidden: lab.spec.hidden)
        } catch {
            ui.message = ui.strings.errorText(error)
        }
    }

    /// The answer to "overwrite? y/n": only y (or Y) saves; any other key keeps the file.
    func confirmOverwrite(_ path: String, _ key: UserKey) -> Bool {
        ui.confirmingOverwrite = nil
        if key == .character("y") || key == .character("Y") {
            save(to: path, overwrite: true)
        } else {
            ui.message = ui.strings("msg.not_overwritten", ["path": path.terminalSafe])
        }
        return true
    }
}
