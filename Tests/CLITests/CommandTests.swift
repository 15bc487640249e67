import Foundation
import Testing

/// The commands' normal output, as the README shows it.
@Suite("Commands")
struct CommandTests {
    struct TrainJSON: Decodable {
        struct Prediction: Decodable {
            let input: String
            let next: String
        }
        let epochs: Int
        let losses: [Float]
        let final_loss: Float
        let seconds: Double
        let predictions: [Prediction]
    }

    @Test("train --json trains the notes' task and predicts ! N d")
    func trainJSON() throws {
        let result = try BinaryRunner.run(["train", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONDecoder().decode(TrainJSON.self, from: Data(result.stdout.utf8))
        #expect(report.epochs == 500)
        #expect(report.losses.count == 500)
        #expect(report.final_loss == report.losses.last)
        #expect(report.losses[0] > 3 && report.final_loss < 0.01, "the loss should fall from ~ln 28 to near 0")
        #expect(report.seconds > 0)
        #expect(report.predictions.map(\.input) == ["Hello, RNN", "Recurrent ", "Let's buil"])
        #expect(report.predictions.map(\.next) == ["!", "N", "d"])
    }

    @Test("train prints the loss every 10 epochs, then the predictions, and saves weights trace can read")
    func trainText() throws {
        let path = NSTemporaryDirectory() + "rnnscope-\(getpid())-w.safetensors"
        let result = try BinaryRunner.run(["train", "--epochs", "30", "--hidden", "16", "--save", path, "--predict", "Hello", "RNN"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("epoch") }.count == 3)
        #expect(lines.contains { $0.hasPrefix("\"Hello\" → ") })
        #expect(lines.contains { $0.hasPrefix("\"RNN\" → ") })
        let trace = try BinaryRunner.run(["trace", "--weights", path, "--json"])
        #expect(trace.status == 0, "\(trace.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(trace.stdout.utf8)) as? [String: Any])
        let steps = try #require(object["steps"] as? [[String: Any]])
        #expect(steps.count == 10)
        #expect((steps.first?["h"] as? [Double])?.count == 16)
        let grads = try #require(object["grads"] as? [String: Any])
        #expect(Set(grads.keys) == ["embedding.weight", "rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0",
                                    "rnn.bias_hh_l0", "linear.weight", "linear.bias"])
        #expect((grads["rnn.weight_hh_l0"] as? [[Double]])?.count == 16)
        #expect(object["target"] as? String == "!")
    }

    @Test("trace prints a readable table with one row per step")
    func traceTable() throws {
        let result = try BinaryRunner.run(["trace", "--loss", "every"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("target \"ello, RNN!\""))
        let rows = result.stdout.split(separator: "\n").filter { $0.trimmingCharacters(in: .whitespaces).first?.isNumber == true }
        #expect(rows.count == 10)
        #expect(result.stdout.contains("loss "))
    }

    @Test("snapshot renders the screen after keys, plain or with colours")
    func snapshot() throws {
        let plain = try BinaryRunner.run(["snapshot", "--size", "120x40", "--keys", "b<left><left><left><left><left><left>"])
        #expect(plain.status == 0, "\(plain.stderr)")
        let lines = plain.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 41)  // 40 rows and the final newline
        #expect(plain.stdout.contains("t=4/10") && plain.stdout.contains("backward") && plain.stdout.contains("dL/dh_t"))
        #expect(!plain.stdout.contains("\u{1B}["))
        let ansi = try BinaryRunner.run(["snapshot", "--size", "80x24", "--ansi"])
        #expect(ansi.status == 0)
        #expect(ansi.stdout.contains("48;5;"), "heatmap cells carry background colours")
        let small = try BinaryRunner.run(["snapshot", "--size", "20x6"])
        #expect(small.status == 0 && small.stdout.contains("need at least"))
    }

    struct LessonEntry: Decodable {
        let id: Int
        let title: String
        let lang: String
        let steps: Int
        let path: String
    }

    @Test("lessons --json lists each lesson's id, title, lang, steps and path")
    func lessonsJSON() throws {
        let result = try BinaryRunner.run(["lessons", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let entries = try JSONDecoder().decode([LessonEntry].self, from: Data(result.stdout.utf8))
        #expect(entries.count == 16)
        #expect(Set(entries.map(\.lang)) == ["en", "zh"])
        #expect(entries.allSatisfy { FileManager.default.fileExists(atPath: $0.path) && (6...15).contains($0.steps) })
        let text = try BinaryRunner.run(["lessons"])
        #expect(text.stdout.split(separator: "\n").count == 16)
    }

    @Test("snapshot --lesson renders a lesson step in both languages")
    func lessonSnapshot() throws {
        for lang in ["en", "zh"] {
            let result = try BinaryRunner.run(["snapshot", "--lesson", "1", "--lang", lang, "--step", "2", "--size", "80x24"])
            #expect(result.status == 0, "\(result.stderr)")
            // A Chinese lesson's screen is Chinese: its narration panel's title too.
            #expect(result.stdout.contains(lang == "en" ? "step 2/" : "第 2/"))
        }
    }
}
