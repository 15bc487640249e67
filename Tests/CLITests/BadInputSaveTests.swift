import Foundation
import Testing

/// The bad-input table again, each `train` row now also asked to `--save` over a file that
/// exists: the command fails as before and the file keeps its bytes (no partial or temporary
/// file is left beside it either).
@Suite("Bad input never overwrites a saved model")
struct BadInputSaveTests {
    static let trainRows = BadInputTests.cases.indices.filter {
        BadInputTests.cases[$0].arguments.first == "train" && !BadInputTests.cases[$0].arguments.contains("--save")
    }

    @Test("A failing train leaves an existing --save target as it was", arguments: trainRows)
    func keepsSaveTarget(index: Int) throws {
        let (name, arguments, _) = BadInputTests.cases[index]
        let folder = BadInputTests.folder + "/save-\(index)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let target = folder + "/model.safetensors"
        let precious = SafeTensorsBytes.model(fill: 0.25)
        _ = FileManager.default.createFile(atPath: target, contents: precious)
        let result = try BinaryRunner.run(arguments + ["--save", target])
        #expect(result.status == 1, "\(name): exit \(result.status)")
        #expect(!result.stderr.contains("Fatal error"), "\(name)")
        #expect(FileManager.default.contents(atPath: target) == precious, "\(name): the saved model changed")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["model.safetensors"], "\(name): files left beside it")
    }
}
