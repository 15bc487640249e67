import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// `snapshot --format svg|html`, `handout` and `--export-dir`, through the real binary.
@Suite("Export commands")
struct ExportCommandTests {
    final class TextCollector: NSObject, XMLParserDelegate {
        var text = ""
        var elements: [String] = []
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            elements.append(name)
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
    }

    static func parse(_ xml: Substring) -> TextCollector? {
        let collector = TextCollector()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = collector
        return parser.parse() ? collector : nil
    }

    @Test("snapshot --format svg is one XML picture of the screen, titled with what it shows, in the theme's colours")
    func svg() throws {
        let result = try BinaryRunner.run(["snapshot", "--keys", "ll<space>", "--format", "svg", "--theme", "light"])
        #expect(result.status == 0, "\(result.stderr)")
        let parsed = try #require(Self.parse(Substring(result.stdout)), "the SVG parses as XML")
        #expect(parsed.elements.first == "svg")
        #expect(parsed.elements.contains("rect") && parsed.elements.contains("text"))
        #expect(result.stdout.contains("viewBox=\"0 0 960 640\""))
        #expect(result.stdout.contains("<title>rnnscope RNN: step view, t=3/10, forward, sub-step 2/8"))
        #expect(result.stdout.contains("<rect width=\"960\" height=\"640\" fill=\"#ffffff\"/>"), "light theme: a white page")
    }

    @Test("snapshot --format html --theme mono reads exactly as --plain; no scripts, no URLs")
    func html() throws {
        let keys = ["snapshot", "--keys", "lll<space><space>", "--size", "100x30", "--theme", "mono"]
        let html = try BinaryRunner.run(keys + ["--format", "html"])
        let plain = try BinaryRunner.run(keys + ["--plain"])
        #expect(html.status == 0 && plain.status == 0, "\(html.stderr) \(plain.stderr)")
        #expect(!html.stdout.lowercased().contains("<script") && !html.stdout.contains("http"))
        let pre = try #require(html.stdout.range(of: "<pre").flatMap { start in
            html.stdout.range(of: "</pre>").map { html.stdout[start.lowerBound..<$0.upperBound] }
        })
        let parsed = try #require(Self.parse(pre), "the <pre> is well-formed")
        #expect(parsed.text == plain.stdout)
    }

    @Test("docs/step-view.svg, shown in the README, is what its command prints today")
    func docsCapture() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let committed = try String(contentsOf: root.appendingPathComponent("docs/step-view.svg"), encoding: .utf8)
        // The arguments of scripts/update_docs_svg.py's entry.
        let result = try BinaryRunner.run(["snapshot", "--format", "svg", "--theme", "light", "--keys", "lll<space><space><space><space>"])
        #expect(result.status == 0)
        #expect(result.stdout == committed, "stale: run python3 scripts/update_docs_svg.py")
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("](docs/step-view.svg)"))
    }

    @Test("--plain and --format svg together are refused in one line")
    func conflictingFormats() throws {
        let result = try BinaryRunner.run(["snapshot", "--plain", "--format", "svg"])
        #expect(result.status == 1)
        #expect(result.stderr == "rnnscope: --format: asks for more than one format (svg, plain); give one\n")
        let alias = try BinaryRunner.run(["snapshot", "--ansi", "--format", "ansi", "--size", "80x24"])
        #expect(alias.status == 0 && alias.stdout.contains("\u{1B}[0;"))
    }

    @Test("handout writes one HTML page per lesson, says what it wrote; a bad --out or --export-dir is one line")
    func handout() throws {
        let folder = NSTemporaryDirectory() + "rnnscope-handout-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let out = folder + "/lesson1.html"
        let result = try BinaryRunner.run(["handout", "--lesson", "1", "--lang", "zh", "--out", out])
        #expect(result.status == 0, "\(result.stderr)")
        // --lang zh: the status line is Chinese too (issue 18).
        #expect(result.stdout.hasPrefix("已写出 \(out)："), "\(result.stdout)")
        let page = try String(contentsOfFile: out, encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"zh\">"))
        #expect(page.contains("<section class=\"step\" id=\"step-1\">") && !page.contains("{{"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(leftovers == ["lesson1.html"], "no temporary file is left behind")

        let missing = try BinaryRunner.run(["handout", "--lesson", "1", "--out", "/nonexistent-\(UUID().uuidString)/x.html"])
        #expect(missing.status == 1 && missing.stderr.contains("does not exist"))
        #expect(missing.stderr.split(separator: "\n").count == 1)
        let badDir = try BinaryRunner.run(["explore", "--export-dir", folder + "/nope"])
        #expect(badDir.status == 1)
        #expect(badDir.stderr == "rnnscope: --export-dir: '\(folder)/nope' is not an existing folder\n")
    }
}
