import Foundation
import Testing

/// `--cell`, `--corpus`, `--whh` on every command, and the gates in `trace --json`.
@Suite("Gated cells on the command line")
struct GatedCommandTests {
    struct TraceJSON: Decodable {
        struct Step: Decodable {
            let h, dh, probs: [Float]
            let a, da: [Float]?
            let gates, dgates: [String: [Float]]?
            let c, c_prev, dc: [Float]?
        }
        struct Analysis: Decodable {
            let sigma_max: Double
            let spectral_radius: Double
            let dh_norms: [Double]
            let jacobian_norms: [Double]
            let bound: [Double]
        }
        let cell: String
        let steps: [Step]
        let analysis: Analysis
    }

    @Test("trace --json keeps h, dh and probs and adds each cell's gates (and the LSTM's c)",
          arguments: [("rnn", [String]()), ("gru", ["r", "z", "n"]), ("lstm", ["i", "f", "g", "o"])])
    func traceJSON(cell: String, gates: [String]) throws {
        let result = try BinaryRunner.run(["trace", "--cell", cell, "--hidden", "8", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONDecoder().decode(TraceJSON.self, from: Data(result.stdout.utf8))
        #expect(report.cell == cell)
        #expect(report.steps.count == 10)
        #expect(report.analysis.dh_norms.count == 10 && report.analysis.jacobian_norms.count == 10)
        #expect(report.analysis.bound.count == (cell == "rnn" ? 10 : 0))
        for step in report.steps {
            #expect(step.h.count == 8 && step.dh.count == 8 && step.probs.count == 28)
            #expect(Set(step.gates?.keys.map { $0 } ?? []) == Set(gates))
            #expect(Set(step.dgates?.keys.map { $0 } ?? []) == Set(gates))
            #expect((step.a != nil) == (cell == "rnn"))
            #expect((step.c != nil && step.dc != nil && step.c_prev != nil) == (cell == "lstm"))
        }
        #expect(result.stdout.contains("\"rnn.weight_hh_l0\""))
    }

    @Test("trace --json of an LSTM whose Jacobians are analysed by products (H=136, S=272) is complete")
    func largeLSTMTraceJSON() throws {
        let input = "Hello, RNN! "
        let result = try BinaryRunner.run(["trace", "--cell", "lstm", "--hidden", "136", "--input", input, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONDecoder().decode(TraceJSON.self, from: Data(result.stdout.utf8))
        #expect(report.steps.count == 12)
        #expect(report.analysis.jacobian_norms.count == 12)
        #expect(report.analysis.jacobian_norms.allSatisfy { $0.isFinite && $0 > 0 })
        #expect(result.stderr.isEmpty, "no progress bar when stderr is not a terminal: \(result.stderr)")
    }

    @Test("A GRU trained and saved keeps its cell; trace and explore read it; another --cell is refused")
    func savedCell() throws {
        let path = NSTemporaryDirectory() + "rnnscope-\(getpid())-gru.safetensors"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let train = try BinaryRunner.run(["train", "--cell", "gru", "--hidden", "16", "--epochs", "20", "--save", path])
        #expect(train.status == 0, "\(train.stderr)")
        let trace = try BinaryRunner.run(["trace", "--weights", path])
        #expect(trace.status == 0 && trace.stdout.contains(" gru "), "\(trace.stderr)")
        let snapshot = try BinaryRunner.run(["snapshot", "--weights", path, "--keys", "<space><space>", "--plain"])
        #expect(snapshot.status == 0 && snapshot.stdout.contains("z_t update gate"), "\(snapshot.stderr)")
        let wrong = try BinaryRunner.run(["trace", "--weights", path, "--cell", "lstm"])
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("--cell: asks for a lstm but \(path) holds a gru"), "\(wrong.stderr)")
    }

    @Test("--corpus long runs 200-step windows; --whh sets σ_max of W_hh (or the candidate block)")
    func corpusAndPresets() throws {
        let trace = try BinaryRunner.run(["trace", "--corpus", "long", "--window", "200", "--whh", "0.9", "--hidden", "16", "--json"])
        #expect(trace.status == 0, "\(trace.stderr)")
        let report = try JSONDecoder().decode(TraceJSON.self, from: Data(trace.stdout.utf8))
        #expect(report.steps.count == 200)
        #expect(abs(report.analysis.sigma_max - 0.9) < 1e-5)
        // σ_max < 1 with tanh: the bound holds and the gradient vanishes.
        for (norm, bound) in zip(report.analysis.dh_norms, report.analysis.bound) { #expect(norm <= bound * (1 + 1e-3) + 1e-30) }
        let gated = try BinaryRunner.run(["trace", "--cell", "lstm", "--whh", "1.5", "--hidden", "16", "--json"])
        let lstm = try JSONDecoder().decode(TraceJSON.self, from: Data(gated.stdout.utf8))
        #expect(abs(lstm.analysis.sigma_max - 1.5) < 1e-5)
        let train = try BinaryRunner.run(["train", "--corpus", "long", "--window", "100", "--stride", "50", "--epochs", "2", "--hidden", "8"])
        #expect(train.status == 0, "\(train.stderr)")
    }

    @Test("Bad lab settings get one line and exit 1", arguments: [
        (["train", "--whh", "0"], "--whh: σ_max must be a positive number"),
        (["trace", "--whh", "big"], "--whh: 'big' is not a σ_max"),
        (["train", "--cell", "gru", "--activation", "relu"], "--activation: 'relu' applies to the rnn cell only"),
        (["train", "--corpus", "long", "--text", "abc"], "--corpus: give one of --corpus, --text and --text-file"),
        (["train", "--stride", "0"], "--stride: 0 is out of range"),
    ])
    func badSettings(arguments: [String], message: String) throws {
        let result = try BinaryRunner.run(arguments)
        #expect(result.status == 1)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test("An unknown cell is a usage error that names the choices")
    func unknownCell() throws {
        let result = try BinaryRunner.run(["train", "--cell", "transformer"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("transformer") && result.stderr.contains("rnn"), "\(result.stderr)")
    }
}
