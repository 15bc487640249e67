import CellGrid
import Foundation
import Localization
import Testing
@testable import rnnscope

/// Issue 18 on the command line: with a Chinese locale every error the program itself finds
/// (a bad flag value, flags that conflict, a bad output) is one Chinese line on stderr with no
/// English words but flag names, paths, key names and symbols; `--lang en` (or an English
/// locale) gives the English line; the progress bar speaks the same language.
@Suite struct ChineseErrorTests {
    static let chinese = ["LANG": "zh_CN.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""]

    struct Case: CustomTestStringConvertible, Sendable {
        let arguments: [String]
        /// The flag (or path) the line must name.
        let names: String
        /// Words the line may show besides the allowed ones (a key script's key names).
        var also: Set<String> = []
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let cases: [Case] = [
        Case(arguments: ["train", "--steps", "3", "--epochs", "2"], names: "--steps"),
        Case(arguments: ["train", "--epochs", "2000000"], names: "--epochs"),
        Case(arguments: ["train", "--sample-prompt", "ab"], names: "--sample-prompt"),
        Case(arguments: ["train", "--epochs", "0", "--sample-every", "1", "--sample-prompt", ""], names: "--sample-prompt"),
        Case(arguments: ["train", "--shuffle"], names: "--shuffle"),
        Case(arguments: ["train", "--text", "ab", "--text-file", "/x/y.txt"], names: "--text"),
        Case(arguments: ["train", "--text", ""], names: "--text"),
        Case(arguments: ["train", "--holdout", "1.5"], names: "--holdout"),
        Case(arguments: ["generate", "--length", "1.5"], names: "--length"),
        Case(arguments: ["generate", "--temperature", "1,5"], names: "--temperature"),
        Case(arguments: ["generate", "--temperature=-1"], names: "--temperature"),
        Case(arguments: ["generate", "--top-k", "2.5"], names: "--top-k"),
        Case(arguments: ["generate", "--top-k", "0"], names: "--top-k"),
        Case(arguments: ["generate", "--prompt", ""], names: "--prompt"),
        Case(arguments: ["trace", "--input", ""], names: "--input"),
        Case(arguments: ["snapshot", "--size", "9x"], names: "--size"),
        Case(arguments: ["snapshot", "--plain", "--format", "svg"], names: "--format", also: ["plain", "svg"]),
        Case(arguments: ["snapshot", "--keys", "<nokey>"], names: "--keys",
             also: ["nokey", "left", "right", "up", "down", "bs", "btab", "enter", "esc", "pgup", "pgdn", "home", "end", "lt"]),
        Case(arguments: ["snapshot", "--lesson", "1", "--step", "99"], names: "--step"),
        Case(arguments: ["record", "--delay", "0", "--out", "/9/9.cast"], names: "--delay"),
        Case(arguments: ["record", "--timestamp=-1", "--out", "/9/9.cast"], names: "--timestamp"),
        Case(arguments: ["record", "--lesson", "1", "--keys", "l", "--out", "/9/9.cast"], names: "--keys"),
        Case(arguments: ["record", "--lesson", "1", "--epochs", "3", "--out", "/9/9.cast"], names: "--epochs"),
        Case(arguments: ["record", "--out", ""], names: "--out"),
        Case(arguments: ["explore", "--export-dir", "/9/8/7"], names: "/9/8/7"),
        Case(arguments: ["handout", "--lesson", "1", "--theme", "auto", "--out", "/9/9.html"], names: "--theme"),
    ]

    @Test("A bad invocation under LANG=zh_CN.UTF-8 is one Chinese line on stderr without English words, exit 1", arguments: cases)
    func chineseLine(_ invocation: Case) throws {
        let result = try BinaryRunner.run(invocation.arguments, environment: Self.chinese)
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(result.status == 1, "\(result.stderr)")
        #expect(lines.count == 1 && result.stderr.hasSuffix("\n"), "\(result.stderr)")
        #expect(result.stderr.hasPrefix("rnnscope: ") && result.stderr.contains(invocation.names), "\(result.stderr)")
        #expect(result.stderr.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "no Chinese: \(result.stderr)")
        #expect(EnglishWords.find(in: result.stderr, also: invocation.also).isEmpty,
                "English in \(result.stderr): \(EnglishWords.find(in: result.stderr, also: invocation.also))")
    }

    @Test("--lang en under a Chinese locale, and an English locale without --lang, give today's English line")
    func englishWins() throws {
        let flag = try BinaryRunner.run(["snapshot", "--lang", "en", "--size", "9x"], environment: Self.chinese)
        #expect(flag.status == 1 && flag.stderr == "rnnscope: --size: '9x' is not a size like 120x40 (at most 1000x500)\n", "\(flag.stderr)")
        let zh = try BinaryRunner.run(["snapshot", "--lang", "zh", "--size", "9x"], environment: ["LANG": "C.UTF-8", "LC_ALL": ""])
        #expect(zh.status == 1 && zh.stderr == "rnnscope: --size：'9x' 不是 120x40 这样的尺寸（最大 1000x500）\n", "\(zh.stderr)")
        let locale = try BinaryRunner.run(["generate", "--length", "0"], environment: ["LANG": "en_US.UTF-8", "LC_ALL": ""])
        #expect(locale.status == 1 && locale.stderr == "rnnscope: --length: 0 is out of range 1…100000\n", "\(locale.stderr)")
        // ArgumentParser's own usage errors (an unknown flag) stay English, like --help.
        let unknown = try BinaryRunner.run(["train", "--no-such-flag"], environment: Self.chinese)
        #expect(unknown.status != 0 && unknown.stderr.contains("Unknown option"), "\(unknown.stderr)")
    }

    @Test("trace's table under LANG=zh: Chinese words, symbols kept, columns lined up; under LANG=en today's header", arguments: ["rnn", "gru"])
    func traceTable(cell: String) throws {
        let zh = try BinaryRunner.run(["trace", "--cell", cell], environment: Self.chinese)
        #expect(zh.status == 0, "\(zh.stderr)")
        let lines = zh.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("输入 \"Hello, RNN\"  目标 \"!\"") == true, "\(lines.first ?? "")")
        // The gradients are named by PyTorch's parameter names (embedding.weight, rnn.weight_hh_l0, linear.bias).
        let parameterNames: Set<String> = ["embedding", "weight", "bias", "linear"]
        #expect(EnglishWords.find(in: zh.stdout, also: parameterNames).isEmpty, "English in: \(EnglishWords.find(in: zh.stdout, also: parameterNames))")
        #expect(zh.stdout.contains("梯度范数：") && zh.stdout.contains("‖dL/dh_t‖"))
        // The header's columns end where the rows' do (CJK counts two columns).
        let header = lines[1], row = lines[2]
        #expect(DisplayWidth.of(header) == DisplayWidth.of(row), "header \(DisplayWidth.of(header)) vs row \(DisplayWidth.of(row)) columns")
        let en = try BinaryRunner.run(["trace", "--cell", cell], environment: ["LANG": "C.UTF-8", "LC_ALL": ""])
        let englishHeader = en.stdout.split(separator: "\n")[1]
        #expect(englishHeader.hasPrefix("   t  x_t    ‖x_t‖  ‖h_t‖   top-1       target  p(target)  step loss   ‖dL/dh_t‖  "), "\(englishHeader)")
    }

    @Test("The progress bar on stderr counts, names its rate and the time left in the command's language")
    func progressBar() {
        let zh = ProgressBar.line(done: 30, total: 120, note: Strings(.zh)("cli.progress.loss", ["loss": "1.2345"]),
                                  seconds: 2, unit: .steps, strings: Strings(.zh))
        #expect(zh.hasSuffix(" 30/120  损失 1.2345  每秒 15 步  剩余 0:06"), "\(zh)")
        #expect(zh.hasPrefix(String(repeating: "█", count: 7) + String(repeating: "░", count: 23)))
        #expect(EnglishWords.find(in: zh).isEmpty)
        let en = ProgressBar.line(done: 30, total: 120, note: "loss 1.2345", seconds: 2, unit: .epochs, strings: Strings(.en))
        #expect(en.hasSuffix(" 30/120  loss 1.2345  15 epochs/s  ETA 0:06"), "\(en)")
        let lesson = Strings(.zh)["cli.progress.lesson_training"]
        #expect(EnglishWords.find(in: lesson).isEmpty && lesson.contains("轮"))
    }

    @Test("No RNNScopeError(\"…\") with English words is left in Sources/rnnscope or Sources/Visualizer")
    func noUntranslatedErrors() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var found: [String] = []
        for folder in ["Sources/rnnscope", "Sources/Visualizer"] {
            let base = root.appendingPathComponent(folder)
            let files = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
            #expect(!files.isEmpty, "\(base.path)")
            for file in files where file.pathExtension == "swift" {
                let text = try String(contentsOf: file, encoding: .utf8)
                // An error made from a string (a literal, or another error's English `message`)
                // rather than a keyed Message, a static Message maker or another error's sentence.
                let pattern = try NSRegularExpression(
                    pattern: #"RNNScopeError\(\s*+(?!Message\(|\.[a-z]|[A-Za-z_.]*sentence\b|why\b)|ExportError\(message:|\.refused\(\s*""#)
                for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                    guard let range = Range(match.range, in: text) else { continue }
                    let line = text[..<range.lowerBound].filter { $0 == "\n" }.count + 1
                    found.append("\(file.lastPathComponent):\(line)")
                }
            }
        }
        #expect(found.isEmpty, "\(found)")
    }
}
