import ArgumentParser
import Foundation
import RNNCore
import Localization

/// `--export-dir`, shared by `explore` and `lesson`: where the `x` key writes its files.
struct ExportOptions: ParsableArguments {
    @Option(help: "Folder the x key exports screens to (an SVG and a .txt; never overwriting). (default: the current folder)")
    var exportDir: String = "."

    /// The folder, refused unless it is an existing directory (writability is checked, and
    /// reported on the status line, at each export).
    func directory() throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: exportDir, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw RNNScopeError(Message("error.cli.not_folder", ["path": exportDir]), at: .flag("--export-dir"))
        }
        return exportDir
    }
}
