import Foundation
import ScopeNames
import Testing

/// Compares `text` with the stored snapshot `__Snapshots__/<name>.txt` beside this file.
///
/// `name` may contain `/` to use subfolders (`widgets/legend`, `screens/explorer-80x24`).
/// - No stored file: the file is written and an issue says it was recorded, so a new
///   snapshot fails its first run until someone has looked at it and runs the tests again.
/// - `RNNSCOPE_RECORD_SNAPSHOTS=1`: every snapshot that differs is rewritten, with the same
///   issue; ones that match are left alone and pass.
/// - Otherwise a mismatch records an issue showing the first differing line.
func assertSnapshot(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let parts = name.split(separator: "/", omittingEmptySubsequences: false)
    guard !name.isEmpty, !name.hasPrefix("/"), !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else {
        Issue.record("Bad snapshot name \"\(name)\": use a relative path like widgets/legend", sourceLocation: sourceLocation)
        return
    }
    let file = snapshotDirectory().appendingPathComponent(name + ".txt")
    let recording = ProcessInfo.processInfo.environment["RNNSCOPE_RECORD_SNAPSHOTS"] == "1"
    let stored = try? String(contentsOf: file, encoding: .utf8)
    if let stored, stored == text { return }
    if recording || stored == nil {
        do {
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
        } catch {
            Issue.record("Could not record snapshot \(file.path): \(error)", sourceLocation: sourceLocation)
            return
        }
        let message = "Recorded snapshot \(name) at \(file.path):\n\(text)\n"
            + "Check it, then run the tests again without RNNSCOPE_RECORD_SNAPSHOTS."
        Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
        return
    }
    let expected = stored!.components(separatedBy: "\n"), actual = text.components(separatedBy: "\n")
    let line = (0..<min(expected.count, actual.count)).first { expected[$0] != actual[$0] }
        ?? min(expected.count, actual.count)
    func show(_ lines: [String]) -> String { line < lines.count ? "\"\(lines[line])\"" : "(no line)" }
    Issue.record(
        """
        Snapshot \(name) differs at line \(line + 1):
          expected: \(show(expected))
          actual:   \(show(actual))
        Whole output:
        \(text)
        Stored in \(file.path); re-record with RNNSCOPE_RECORD_SNAPSHOTS=1 if the change is intended.
        """, sourceLocation: sourceLocation)
}

/// `Tests/VisualizerTests/__Snapshots__`, found from this source file's path.
private func snapshotDirectory(filePath: String = #filePath) -> URL {
    URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("__Snapshots__")
}
