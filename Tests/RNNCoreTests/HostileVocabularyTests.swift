import Foundation
import Testing
@testable import RNNCore

/// Issue 13: every vocabulary that can be saved loads back, and a weight file's tensors tile
/// its data region exactly (no overlaps, gaps or trailing bytes), as the safetensors format requires.
@Suite("Hostile vocabularies and safetensors layout")
struct HostileVocabularyTests {
    static let hostileTexts = [
        "\u{FEFF}abc",  // BOM (dropped by JSONSerialization inside a string)
        "e\u{301}\u{300}",  // combining marks alone
        "x\r\ny",  // CR LF: one Character, two scalars
        "👩\u{200D}💻",  // ZWJ emoji, above U+FFFF
        "\u{0}\u{1}\u{1B}\u{1F}\u{7F}\u{80}\u{9B}\u{9F}",  // NUL, C0, DEL, C1
        "a\u{202E}b\u{2066}\u{2069}",  // RTL override, isolates
        "\"\\/'[],:{}",  // JSON's own characters
        "\u{2028}\u{2029}\u{FFFF}\u{10FFFF}\u{E000}",  // separators, noncharacters, private use
    ]

    @Test("VocabJSON round-trips hostile vocabularies, one scalar per entry", arguments: hostileTexts)
    func vocabJSONRoundTrip(text: String) throws {
        let vocabulary = Vocabulary(text: text)
        let json = VocabJSON.encode(vocabulary.symbols)
        #expect(json.unicodeScalars.allSatisfy { (0x20...0x7E).contains($0.value) }, "written as printable ASCII: \(json)")
        let decoded = try #require(VocabJSON.decode(json))
        #expect(try Vocabulary(strings: decoded) == vocabulary)
    }

    @Test("Python's json.dumps output decodes the same", arguments: [
        (#"["\ufeff", "a", "\ud83d\udc69", "\u0000", "\n", "\"", "\\"]"#, ["\u{FEFF}", "a", "👩", "\u{0}", "\n", "\"", "\\"]),
        (#"[ "\u00e9" ,"\/" ]"#, ["é", "/"]),
        ("[]", []),
    ])
    func pythonOutput(json: String, expected: [String]) throws {
        let decoded = try #require(VocabJSON.decode(json))
        #expect(decoded.map { Array($0.unicodeScalars) } == expected.map { Array($0.unicodeScalars) })
    }

    @Test("Malformed vocab JSON is refused", arguments: [
        #"["\ud800"]"#, #"["\udc00"]"#, #"["\ud800\u0041"]"#, #"["a""#, #"["a",]"#, #"["a"] x"#, "[1]", "{}", #"["\x"]"#, "[\"\u{1}\"]", "",
    ])
    func malformed(json: String) {
        #expect(VocabJSON.decode(json) == nil)
    }

    @Test("A model over a hostile vocabulary saves and loads back", arguments: hostileTexts)
    func weightFileRoundTrip(text: String) throws {
        let spec = ModelSpec(text: text, window: 1, hidden: 4)
        let model = spec.makeModel()
        let data = try WeightFile.serialize(model, epoch: 3)
        let file = try SafeTensorsFile.parse(data)
        let contents = try WeightFile.contents(of: file, path: "m.safetensors", fallbackVocabulary: Vocabulary(text: "z"))
        #expect(contents.vocabulary == spec.vocabulary)
        #expect(contents.parameters == model.parameters)
    }

    /// A header of F32 tensors with explicit offsets, then `dataBytes` zero bytes.
    func file(_ entries: [(String, Int, Int)], dataBytes: Int) -> Data {
        let header = "{" + entries.map { "\"\($0.0)\":{\"dtype\":\"F32\",\"shape\":[\(($0.2 - $0.1) / 4)],\"data_offsets\":[\($0.1),\($0.2)]}" }.joined(separator: ",") + "}"
        var data = Data()
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: Array(header.utf8))
        data.append(Data(repeating: 0, count: dataBytes))
        return data
    }

    @Test("Offsets that tile the data load, in any header order")
    func tiled() throws {
        #expect(try SafeTensorsFile.parse(file([("a", 0, 8), ("b", 8, 16)], dataBytes: 16)).tensors.count == 2)
        #expect(try SafeTensorsFile.parse(file([("a", 8, 16), ("b", 0, 8)], dataBytes: 16)).tensors.count == 2)
        #expect(try SafeTensorsFile.parse(file([("a", 0, 0), ("b", 0, 8)], dataBytes: 8)).tensors.count == 2)
    }

    @Test("Overlaps, gaps and trailing bytes are refused, naming the tensor", arguments: [
        ([("a", 0, 16), ("b", 8, 24)], 24, "tensor 'b': data_offsets [8, 24] overlap tensor 'a'"),
        ([("a", 0, 16), ("b", 0, 16)], 16, "overlap tensor 'a'"),
        ([("a", 0, 8), ("b", 12, 16)], 16, "tensor 'b': data_offsets start at 12, leaving a gap after byte 8"),
        ([("a", 4, 8)], 8, "tensor 'a': data_offsets start at 4, leaving a gap after byte 0"),
        ([("a", 0, 8)], 12, "4 trailing bytes after the last tensor's data"),
        ([], 4, "4 trailing bytes"),
    ] as [([(String, Int, Int)], Int, String)])
    func refused(entries: [(String, Int, Int)], dataBytes: Int, message: String) {
        #expect {
            try SafeTensorsFile.parse(file(entries, dataBytes: dataBytes))
        } throws: { error in
            (error as? RNNScopeError)?.message.contains(message) == true
        }
    }

    @Test("terminalSafe escapes controls, format characters and separators only")
    func terminalSafe() {
        #expect("a\u{1B}[2Jb\u{7}".terminalSafe == "a\\u{1B}[2Jb\\u{7}")
        #expect("\u{9B}\u{202E}\u{FEFF}\u{2028}\t".terminalSafe == "\\u{9B}\\u{202E}\\u{FEFF}\\u{2028}\\u{9}")
        #expect("héllo 世界 👍 \\ \"".terminalSafe == "héllo 世界 👍 \\ \"")
        #expect("one\ntwo\u{1B}".terminalSafeLines == "one\ntwo\\u{1B}")
    }
}
