import Foundation
import Testing

/// The README's screen captures are what the program prints today: each ```text block
/// introduced by a `rnnscope snapshot ...` command equals that command's --plain output.
/// (scripts/update_readme_captures.py rewrites them after a change to the screen.)
@Suite("README captures")
struct ReadmeCaptureTests {
    static let readme = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("README.md")

    /// (command, capture) for every snapshot capture in the README.
    static func captures() throws -> [(String, String)] {
        let lines = try String(contentsOf: readme, encoding: .utf8).components(separatedBy: "\n")
        var found: [(String, String)] = []
        for (index, line) in lines.enumerated() where line == "```text" {
            let intro = lines[max(0, index - 4)..<index].joined(separator: "\n")
            guard let command = intro.components(separatedBy: "`").filter({ $0.hasPrefix("rnnscope snapshot ") }).last,
                  let end = lines[(index + 1)...].firstIndex(of: "```") else { continue }
            found.append((command, lines[(index + 1)..<end].joined(separator: "\n")))
        }
        return found
    }

    /// Splits a command line the way the README writes them: words, and "double quoted" words.
    static func words(_ command: String) -> [String] {
        var words: [String] = [], current = "", quoted = false
        for character in command {
            if character == "\"" { quoted.toggle() } else if character == " " && !quoted {
                if !current.isEmpty { words.append(current) }
                current = ""
            } else { current.append(character) }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    @Test("Every snapshot capture in the README is current")
    func capturesAreCurrent() throws {
        let captures = try Self.captures()
        #expect(captures.count >= 5)
        for (command, capture) in captures {
            let result = try BinaryRunner.run(Array(Self.words(command).dropFirst()) + ["--plain"])
            #expect(result.status == 0, "\(command): \(result.stderr)")
            let printed = result.stdout.hasSuffix("\n") ? String(result.stdout.dropLast()) : result.stdout
            #expect(printed == capture, "stale README capture: \(command) (run python3 scripts/update_readme_captures.py)")
        }
    }
}
