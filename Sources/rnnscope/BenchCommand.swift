import ArgumentParser
import Dispatch
import Foundation
import RNNCore
import Visualizer
import Localization

/// `rnnscope bench`: the speed and memory figures BENCHMARKS.md records.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure training, tracing and rendering speed (medians over repeated runs).")

    @Option(help: "Repetitions per case.")
    var repeats: Int = 5

    @Flag(help: "Print one JSON object.")
    var json = false

    @Option(help: "Runs per program in the comparison with PyTorch (scripts/bench_vs_torch.py); 0 skips it.")
    var torchRuns: Int = 3

    @Option(help: "The comparison script (default: scripts/bench_vs_torch.py here or in the binary's checkout).")
    var torchScript: String?

    /// Runs one heavy case in this process and prints its results as JSON (the bench's own
    /// child processes; not for users).
    @Option(help: .hidden)
    var child: BenchChild?

    /// With `--child`: the bench that started it (the child ends when it is gone).
    @Option(help: .hidden)
    var parent: Int32?

    @Option(help: "Threads the training cases (and rnnscope's side of the PyTorch comparison) use: 1 or 2. (default: 2 on a machine with two or more cores)")
    var threads: Int = TrainingOptions.defaultThreads

    @Flag(help: "Only the key costs at H=1024: every key that can take long, in place and as the terminal runs it, and r/c while rebuilding.")
    var keysOnly = false

    func run() throws {
        try reportingErrors {
            guard (1...1000).contains(repeats) else {
                throw RNNScopeError(.outOfRange(repeats, 1...1000), at: .flag("--repeats"))
            }
            guard (0...100).contains(torchRuns) else {
                throw RNNScopeError(.outOfRange(torchRuns, 0...100), at: .flag("--torch-runs"))
            }
            guard TrainingOptions.threadRange.contains(threads) else {
                throw RNNScopeError(.outOfRange(threads, TrainingOptions.threadRange), at: .flag("--threads"))
            }
            if let child {
                BenchChild.exitWithParent(parent ?? getppid())
                try printJSON(try BenchmarkSuite(repeats: repeats, threads: threads).run(child: child))
                return
            }
            let suite = BenchmarkSuite(repeats: repeats, threads: threads)
            // The keys at H=1024 run in child processes, as the full bench's heavy cases do.
            let results = keysOnly
                ? suite.keyCosts() + [BenchChild.rebuildKeys, .compareReturn, .compareReturnInPlace].flatMap { BenchChild.spawn($0, repeats: repeats, threads: threads) }
                : try suite.run()
            // After the in-process cases, so that their peak memory is the bench's own.
            let peak = peakMemoryMB()
            let torch = torchRuns > 0 && !keysOnly ? TorchComparison.run(script: torchScript, runs: torchRuns, threads: threads) : nil
            if json {
                try printJSON(BenchReport(threads: threads, results: results, peakMemoryMB: peak, pytorch: torch))
            } else {
                // Names longer than the usual 38 columns (the children's peak lines) widen the column.
                let column = max(38, results.map(\.name.count).max() ?? 0)
                print("training threads".padding(toLength: column, withPad: " ", startingAt: 0)
                      + " \(String(format: "%10d", threads))      (--threads; a batch splits in two only where BatchSplit's size rule says)")
                for result in results {
                    print("\(result.name.padding(toLength: column, withPad: " ", startingAt: 0)) \(String(format: "%10.3f", result.median)) \(result.unit)   \(result.note)")
                }
                print("peak memory (max RSS)".padding(toLength: column, withPad: " ", startingAt: 0) + String(format: " %10.1f MB", peak))
                for line in torch?.lines ?? [] { print(line) }
            }
        }
    }
}

struct BenchReport: Encodable {
    /// The training cases' threads (`--threads`).
    let threads: Int
    let results: [BenchmarkResult]
    let peakMemoryMB: Double
    /// Each cell's ratio to PyTorch, or why there is none; absent with `--torch-runs 0`.
    let pytorch: TorchComparison?
}

struct BenchmarkResult: Codable {
    let name: String
    let median: Double
    let unit: String
    let note: String
    /// For latency cases: the worst and the 99th percentile, in `unit`.
    var max: Double? = nil
    var p99: Double? = nil
}

/// The cases. Each runs `repeats` times; the median is reported.
struct BenchmarkSuite {
    let repeats: Int
    /// Threads of the training cases (`TrainingOptions.threads`).
    var threads = TrainingOptions.defaultThreads

    /// Optimizer steps of the mini-batch cases.
    static let minibatchSteps = 10

    /// 1 MB of sentences from a fixed word list by a fixed LCG: `minibatch_text()` of
    /// scripts/bench_vs_torch.py, byte for byte.
    static func minibatchText(size: Int = 1 << 20) -> String {
        let words = ("the keeper lamp rock night climbed ninety steps wound clockwork trimmed wick wrote weather "
            + "log wind from west sea rising two ships passing before midnight one fishing boat home late "
            + "in morning was signed by").split(separator: " ").map(String.init)
        var state: UInt64 = 1
        var text = ""
        text.reserveCapacity(size + 100)
        while text.utf8.count < size {
            var sentence: [String] = []
            for _ in 0..<6 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                sentence.append(words[Int((state >> 33) % UInt64(words.count))])
            }
            let joined = sentence.joined(separator: " ")
            text += joined.prefix(1).uppercased() + joined.dropFirst() + ".\n"
        }
        return String(text.utf8.prefix(size)) ?? text
    }

    /// The notes' model, training with `threads`.
    var notes: ModelSpec {
        var spec = ModelSpec.notes
        spec.training.threads = threads
        return spec
    }

    /// How a training case's batch runs: ", 2 threads, parts 46+46" or ", one pass".
    private func split(_ batch: Int, _ steps: Int, _ config: ModelConfig) -> String {
        let parts = BatchSplit.parts(batch: batch, steps: steps, shape: config.shape)
        guard parts.count > 1 else { return ", one pass" }
        return ", \(threads) thread\(threads > 1 ? "s" : ""), parts " + parts.map(String.init).joined(separator: "+")
    }

    func run() throws -> [BenchmarkResult] {
        // The children first, while this process is small (see `largeCases`).
        let largeResults = largeCases()
        var results: [BenchmarkResult] = []
        let vocabulary = Vocabulary(text: SeedNotes.text)
        let config = ModelConfig(vocabulary: vocabulary, hidden: SeedNotes.hidden)
        let data = try TrainingSet(text: SeedNotes.text, vocabulary: vocabulary, window: SeedNotes.window, lossMode: .last)

        // The notes' task: 92 windows × 10 steps, H=64, full-batch Adam, 500 epochs.
        let train = median {
            let trainer = Trainer(model: CharRNN(config: config, seed: 0), data: data, options: TrainingOptions(threads: threads))
            return seconds { for _ in 0..<SeedNotes.epochs { trainer.runEpoch() } }
        }
        results.append(.init(name: "train notes' task, 500 epochs", median: train * 1000, unit: "ms",
                             note: String(format: "%.3f ms/epoch", train * 1000 / Double(SeedNotes.epochs)) + split(data.count, data.window, config)))

        // The same task with the gated cells (3 and 4 gate blocks per step).
        for cell in [CellKind.gru, .lstm] {
            var gatedConfig = config
            gatedConfig.cell = cell
            let gated = median {
                let trainer = Trainer(model: CharRNN(config: gatedConfig, seed: 0), data: data, options: TrainingOptions(threads: threads))
                return seconds { for _ in 0..<SeedNotes.epochs { trainer.runEpoch() } }
            }
            results.append(.init(name: "train notes' task, \(cell.title), 500 epochs", median: gated * 1000, unit: "ms",
                                 note: String(format: "%.3f ms/epoch", gated * 1000 / Double(SeedNotes.epochs)) + split(data.count, data.window, gatedConfig)))
        }

        // The trainer's handoff of a batch's second part to its other thread, and back.
        let handoff = median { PartHandoff.seconds(rounds: 10_000) }
        results.append(.init(name: "trainer handoff to its second thread", median: handoff * 1e6, unit: "µs",
                             note: "an empty part started and waited for, back to back (one per split step)"))

        // Issue 15's larger configuration: mini-batch training on a generated 1 MB text (the
        // same bytes as scripts/bench_vs_torch.py --minibatch), window 100, H=256, batch 64.
        let bigText = Self.minibatchText()
        let bigVocabulary = Vocabulary(text: bigText)
        let bigData = try TrainingSet(text: bigText, vocabulary: bigVocabulary, window: 100, lossMode: .last)
        for cell in [CellKind.rnn, .lstm] {
            let bigConfig = ModelConfig(vocabulary: bigVocabulary, hidden: 256, cell: cell)
            let steps = Self.minibatchSteps
            let time = median {
                let trainer = Trainer(model: CharRNN(config: bigConfig, seed: 0), data: bigData, options: TrainingOptions(batchSize: 64, threads: threads))
                return seconds { for _ in 0..<steps { trainer.runStep() } }
            }
            results.append(.init(name: "train 1 MB, w100 H256 B64, \(cell.rawValue), \(steps) steps", median: time * 1000, unit: "ms",
                                 note: String(format: "%.1f ms/step", time * 1000 / Double(steps)) + split(64, 100, bigConfig)))
        }

        // The gradients view on a long sequence: 200 steps of the long text through an LSTM,
        // trace plus analysis (each step's full 128×128 Jacobian norm by Lanczos).
        var lstmConfig = ModelConfig(vocabulary: Vocabulary(text: LongText.text), hidden: SeedNotes.hidden)
        lstmConfig.cell = .lstm
        let lstm = CharRNN(config: lstmConfig, seed: 0)
        let longInput = try lstmConfig.vocabulary.encode(String(String.UnicodeScalarView(LongText.text.unicodeScalars.prefix(201))))
        let analysed = median {
            seconds {
                guard let trace = try? lstm.trace(input: Array(longInput.dropLast()), target: [longInput[200]]) else { return }
                _ = GradientAnalysis(trace: trace)
            }
        }
        results.append(.init(name: "LSTM trace + analysis, 200 steps, H=64", median: analysed * 1000, unit: "ms",
                             note: "the gradients view's work per new trace"))

        // Issue 13 at H=1024: in child processes (`largeCases`), so that this one stays small.
        results += largeResults

        // Recording the trace against the same pass without recording.
        let model = CharRNN(config: config, seed: 0)
        let input = try vocabulary.encode("Hello, RNN"), target = try vocabulary.encode("!")
        let traced = median { seconds { for _ in 0..<2000 { _ = try? model.trace(input: input, target: target) } } } / 2000
        let plain = median { seconds { for _ in 0..<2000 { _ = model.lossAndGradients(input: input, target: target) } } } / 2000
        results.append(.init(name: "trace, 10 steps (recorded)", median: traced * 1e6, unit: "µs",
                             note: String(format: "%.2f× the same pass unrecorded (%.1f µs)", traced / plain, plain * 1e6)))

        // A long sequence: 1,000 steps, H=64, one instrumented forward + backward.
        var generator = SeededGenerator(seed: 1)
        let long = (0..<1000).map { _ in Int(generator.next() % UInt64(vocabulary.count)) }
        let longTarget = [long[0]]
        let longTrace = median { seconds { _ = try? model.trace(input: long, target: longTarget) } }
        results.append(.init(name: "trace, 1,000 steps, H=64", median: longTrace * 1000, unit: "ms", note: "target ≤ 5 ms"))

        // The screen: first frame, then one frame at 200×60.
        let firstFrame = median {
            seconds {
                guard let explorer = try? Explorer(spec: notes) else { return }
                _ = ExplorerScreen.render(explorer, width: 120, height: 40)
            }
        }
        results.append(.init(name: "first frame (model + trace + render)", median: firstFrame * 1000, unit: "ms",
                             note: "in-process, after start-up; target ≤ 150 ms from launch"))
        let explorer = try Explorer(spec: notes)
        let frame = median { seconds { for _ in 0..<20 { _ = ExplorerScreen.render(explorer, width: 200, height: 60) } } } / 20
        results.append(.init(name: "render one frame at 200×60", median: frame * 1000, unit: "ms", note: "target ≤ 2 ms"))

        // While training continuously a key waits at most one training slice, then a frame.
        explorer.handle(UserKey.character("T"))
        let latency = median {
            seconds {
                explorer.trainFor(nanoseconds: ExplorerLoop.trainingSliceNanoseconds)
                explorer.handle(.right)
                _ = ExplorerScreen.render(explorer, width: 120, height: 40)
            }
        }
        results.append(.init(name: "key-to-frame while training (worst)", median: latency * 1000, unit: "ms",
                             note: "one \(ExplorerLoop.trainingSliceNanoseconds / 1_000_000) ms training slice + key + frame; target ≤ 50 ms"))

        return results
    }

    func median(_ body: () -> Double) -> Double {
        let samples = (0..<repeats).map { _ in body() }.sorted()
        return samples[samples.count / 2]
    }

    func seconds(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}

/// Peak resident memory of this process so far.
func peakMemoryMB() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_maxrss) / 1024
}
