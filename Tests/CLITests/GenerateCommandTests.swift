import Foundation
import Testing

/// `rnnscope generate`: what a student types and reads.
@Suite("Generate command")
struct GenerateCommandTests {
    /// The notes' model after `rnnscope train` (500 epochs, seed 0).
    static let trained = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("RNNCoreTests/Fixtures/notes_trained_500.safetensors").path

    @Test("Greedy generation continues \"Hello, RNN\" with \"!\" and the notes' sentence")
    func greedy() throws {
        let result = try BinaryRunner.run(["generate", "--weights", Self.trained, "--temperature", "0", "--length", "27"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "Hello, RNN! Recurrent Neural Networks\n")
    }

    @Test("The same --seed gives the same text, another seed another")
    func seeds() throws {
        let arguments = ["generate", "--hidden", "16", "--prompt", "Hello", "--length", "60", "--temperature", "1.5"]
        let a = try BinaryRunner.run(arguments + ["--seed", "4"])
        let b = try BinaryRunner.run(arguments + ["--seed", "4"])
        let c = try BinaryRunner.run(arguments + ["--seed", "5"])
        #expect(a.status == 0 && a.stdout == b.stdout)
        #expect(a.stdout != c.stdout)
        #expect(a.stdout.hasPrefix("Hello"))
    }

    @Test("--json gives every generated character, its probability under τ and softmax, and 5 alternatives")
    func json() throws {
        let result = try BinaryRunner.run([
            "generate", "--weights", Self.trained, "--prompt", "Let's buil", "--length", "12", "--temperature", "0.5",
            "--top-k", "4", "--seed", "3", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["prompt", "text", "temperature", "top_k", "seed", "window", "cell", "characters"])
        #expect(object["prompt"] as? String == "Let's buil")
        #expect(object["top_k"] as? Int == 4)
        #expect(object["window"] as? Int == 10)
        let characters = try #require(object["characters"] as? [[String: Any]])
        #expect(characters.count == 12)
        #expect(characters.compactMap { $0["char"] as? String }.joined() == object["text"] as? String)
        #expect((object["text"] as? String)?.hasPrefix("d a") == true)
        for (index, character) in characters.enumerated() {
            #expect(character["i"] as? Int == index + 1)
            let p = try #require(character["p"] as? Double), plain = try #require(character["p_softmax"] as? Double)
            #expect(p > 0 && p <= 1 && plain > 0 && plain <= 1)
            #expect(p >= plain, "τ = 0.5 and top-4 both sharpen the distribution towards a likely character")
            let top = try #require(character["top"] as? [[String: Any]])
            #expect(top.count == 5)
            #expect(top.compactMap { $0["char"] as? String }.contains(character["char"] as? String ?? "?"))
            #expect(top[4]["p"] as? Double == 0, "the 5th alternative is outside the top 4")
        }
        let greedy = try BinaryRunner.run(["generate", "--weights", Self.trained, "--length", "3", "--temperature", "0", "--json"])
        let greedyObject = try #require(try JSONSerialization.jsonObject(with: Data(greedy.stdout.utf8)) as? [String: Any])
        #expect(greedyObject["top_k"] is NSNull)
        #expect(greedyObject["text"] as? String == "! R")
        let greedyCharacters = try #require(greedyObject["characters"] as? [[String: Any]])
        #expect(greedyCharacters.allSatisfy { $0["p"] as? Double == 1 }, "greedy puts all the mass on the chosen character")
    }

    @Test("Generated control characters are escaped unless --raw")
    func escaping() throws {
        let arguments = [
            "generate", "--text", String(repeating: "a\u{7}b\u{1B}", count: 8), "--window", "2", "--hidden", "8",
            "--prompt", "a", "--length", "200", "--temperature", "2"]
        let escaped = try BinaryRunner.run(arguments)
        #expect(escaped.status == 0, "\(escaped.stderr)")
        #expect(!escaped.stdout.contains("\u{1B}") && !escaped.stdout.contains("\u{7}"))
        #expect(escaped.stdout.contains("\\u{1B}"))
        let raw = try BinaryRunner.run(arguments + ["--raw"])
        #expect(raw.stdout.contains("\u{1B}"))
    }

    @Test("--help says that generating past the training window carries h beyond what training saw")
    func helpNamesTheWindow() throws {
        let result = try BinaryRunner.run(["generate", "--help"])
        let text = result.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.contains("training used windows of --window characters"))
        #expect(text.contains("it carries h anyway"))
    }

    static let badCases: [(arguments: [String], mentions: String)] = [
        (["--length", "0"], "--length"),
        (["--length", "100001"], "--length"),
        (["--length", "ten"], "--length"),
        (["--temperature=-1"], "--temperature"),
        (["--temperature", "nan"], "--temperature"),
        (["--temperature", "inf"], "--temperature"),
        (["--temperature", "hot"], "--temperature"),
        (["--top-k", "0"], "--top-k"),
        (["--top-k", "29"], "--top-k"),
        (["--prompt", "Hello?"], "not in the vocabulary"),
        (["--prompt", ""], "--prompt"),
        (["--weights", "/nonexistent/w.safetensors"], "no such file"),
    ]

    @Test("Bad flags get one line on stderr and exit 1", arguments: 0..<badCases.count)
    func badFlags(index: Int) throws {
        let (arguments, mentions) = Self.badCases[index]
        let result = try BinaryRunner.run(["generate", "--hidden", "8", "--length", "5"] + arguments)
        #expect(result.status == 1, "\(arguments)")
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains(mentions), "\(arguments): \(result.stderr)")
    }
}
