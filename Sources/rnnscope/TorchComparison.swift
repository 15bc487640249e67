import Foundation

/// `rnnscope bench`'s comparison with PyTorch: `scripts/bench_vs_torch.py --json` once per cell
/// (rnnscope's `train` against the notes' PyTorch program, same machine, same initial weights,
/// alternating runs). Where python3, torch or the script is missing, the report says so
/// ("PyTorch not importable: …") and the rest of the bench is unaffected.
struct TorchComparison: Encodable {
    /// nil when every cell was measured; otherwise why not.
    var unavailable: String?
    var cells: [TorchCellResult] = []
    /// rnnscope's training threads in these runs (`train --threads`).
    var threads = 1

    /// One cell's figures, as the script prints them (snake_case there).
    struct TorchCellResult: Codable {
        let cell: String
        let rnnscopeSeconds: Double
        let pytorchSeconds: Double
        let ratio: Double
        let finalLossRnnscope: Double
        let finalLossPytorch: Double
        let largestRelativeDifferenceFirst50: Double
        let predictionsRnnscope: [String]
        let predictionsPytorch: [String]
        let lossesMatch: Bool
        let predictionsMatch: Bool
    }

    /// The script: `--script` if given, else `scripts/bench_vs_torch.py` under the current
    /// folder or under the checkout the binary was built in (`.build/<config>/rnnscope`).
    static func findScript(_ given: String?) -> String? {
        if let given { return FileManager.default.fileExists(atPath: given) ? given : nil }
        let relative = "scripts/bench_vs_torch.py"
        let binary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let checkout = binary.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [relative, checkout.appendingPathComponent(relative).path,
                          checkout.deletingLastPathComponent().appendingPathComponent(relative).path]
        return candidates.first { FileManager.default.fileExists(atPath: $0) }
    }

    static func run(script given: String?, runs: Int, threads: Int, python: String = "python3") -> TorchComparison {
        guard let script = findScript(given) else {
            return TorchComparison(unavailable: "PyTorch not importable: \(given ?? "scripts/bench_vs_torch.py") not found")
        }
        let binary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        var result = TorchComparison(threads: threads)
        for cell in ["rnn", "gru", "lstm"] {
            let arguments = [python, script, "--json", "--runs", String(runs), "--threads", "1", "--rnnscope-threads", String(threads),
                             "--cell", cell, "--binary", binary]
            let output: Data
            switch runProcess(arguments) {
            case .failure(let why):
                return TorchComparison(unavailable: "PyTorch not importable: \(why)", cells: result.cells)
            case .success(let data): output = data
            }
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            if let skipped = try? JSONDecoder().decode([String: String].self, from: output), let why = skipped["skipped"] {
                return TorchComparison(unavailable: why, cells: result.cells)
            }
            guard let cellResult = try? decoder.decode(TorchCellResult.self, from: output) else {
                let text = String(decoding: output.prefix(200), as: UTF8.self)
                return TorchComparison(unavailable: "PyTorch comparison gave no result for \(cell): \(text)", cells: result.cells)
            }
            result.cells.append(cellResult)
        }
        return result
    }

    /// Runs `arguments` through /usr/bin/env (so python3 is found on PATH); its stdout, or why
    /// it could not run. Exit status 2 (the script's "losses or predictions differ") still
    /// returns the output, which says so.
    private static func runProcess(_ arguments: [String]) -> Result<Data, ProcessFailure> {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return .failure(ProcessFailure("cannot run \(arguments[0]): \(error.localizedDescription)")) }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationReason == .exit, [0, 2].contains(process.terminationStatus) else {
            return .failure(ProcessFailure("\(arguments[0]) \(arguments[1]) exited with status \(process.terminationStatus)"))
        }
        return .success(data)
    }

    struct ProcessFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// The text lines `bench` prints.
    var lines: [String] {
        var lines = cells.map { c in
            let predictions = c.predictionsRnnscope.joined(separator: " ")
                + (c.predictionsMatch ? " (both)" : " (PyTorch: \(c.predictionsPytorch.joined(separator: " ")))")
            return "\(c.cell), \(threads) thr. vs PyTorch 1 thread".padding(toLength: 38, withPad: " ", startingAt: 0)
                + String(format: " %10.3f     %.3f s / %.3f s; ", c.ratio, c.rnnscopeSeconds, c.pytorchSeconds)
                + "losses \(c.lossesMatch ? "match" : "DIFFER")"
                + String(format: " (%.1e over 50 epochs), predictions ", c.largestRelativeDifferenceFirst50) + predictions
        }
        if let unavailable { lines.append("vs PyTorch".padding(toLength: 38, withPad: " ", startingAt: 0) + " " + unavailable) }
        return lines
    }
}
