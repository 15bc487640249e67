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
    private var notes: ModelSpec {
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

    /// The heavy cases at H=1024, each run in a child process of this binary
    /// (`bench --child NAME`) so that its memory is the child's and not the bench's own: the
    /// bench's peak stays that of the small cases, and each child's peak (its `ru_maxrss` from
    /// `wait4`) is printed too. Run first, while this process is still small: Linux counts the
    /// parent's resident memory at the spawn in the child's peak.
    func largeCases() -> [BenchmarkResult] {
        BenchChild.fullBench.flatMap { BenchChild.spawn($0, repeats: repeats, threads: threads) }
    }

    /// One heavy case, in this process (`bench --child`).
    func run(child: BenchChild) throws -> [BenchmarkResult] {
        switch child {
        case .largeTrace: return try largeTrace()
        case .largeViews: return try largeViews()
        case .compareView: return try compareViewLatencies()
        case .compareTraining: return [try compareTraining()]
        case .keysRNNInPlace: return try keyTimes(cell: .rnn, terminal: false)
        case .keysRNNTerminal: return try keyTimes(cell: .rnn, terminal: true)
        case .keysLSTMInPlace: return try keyTimes(cell: .lstm, terminal: false)
        case .keysLSTMTerminal: return try keyTimes(cell: .lstm, terminal: true)
        case .rebuildKeys: return try rebuildLatencies()
        case .compareReturn: return try compareReturnLatencies(terminal: true)
        case .compareReturnInPlace: return try compareReturnLatencies(terminal: false)
        }
    }

    /// The gradients view of a 101-step sequence at H=1024 and `trace --json` over 2,000 steps.
    func largeTrace() throws -> [BenchmarkResult] {
        var results: [BenchmarkResult] = []
        // Issue 13 at H=1024 (LSTM, the long text, seed 0): the gradients view of a 101-step
        // sequence (median), and `trace --cell lstm --hidden 1024 --json` over 2,000 characters
        // (once: the pass, the analysis, the JSON written to nowhere, full and summarised), the
        // analysis checked against formed Jacobians at three steps.
        var largeConfig = ModelConfig(vocabulary: Vocabulary(text: LongText.text), hidden: 1024)
        largeConfig.cell = .lstm
        let largeLSTM = CharRNN(config: largeConfig, seed: 0)
        let longTokens = try largeConfig.vocabulary.encode(String(String.UnicodeScalarView(
            (LongText.text + "\n" + LongText.text).unicodeScalars.prefix(2001))))
        let view101 = median {
            seconds {
                guard let trace = try? largeLSTM.trace(input: Array(longTokens.prefix(101)), target: [longTokens[101]]) else { return }
                _ = GradientAnalysis(trace: trace)
            }
        }
        results.append(.init(name: "LSTM trace + analysis, 101 steps, H=1024", median: view101 * 1000, unit: "ms",
                             note: "the gradients view's work per new trace at H=1024"))
        var largeTrace: Trace?
        let passTime = seconds { largeTrace = try? largeLSTM.trace(input: Array(longTokens.prefix(2000)), target: [longTokens[2000]]) }
        if let largeTrace {
            var analysis: GradientAnalysis?
            let analysisTime = seconds { analysis = GradientAnalysis(trace: largeTrace) }
            // σ_max and ρ of the candidate block alone (ρ by Arnoldi above H=256), part of the analysis.
            let spectrumTime = seconds { _ = GradientAnalysis.spectrum(of: largeLSTM.parameters) }
            var worst = 0.0
            for t in [1, 1000, 2000] {
                let exact = GradientAnalysis.formedJacobianNorm(largeTrace, step: t)
                worst = Swift.max(worst, abs((analysis?.jacobianNorms[t - 1] ?? .nan) - exact) / exact)
            }
            var sizes: [Int] = []
            var writeTimes: [Double] = []
            for detail in [VectorDetail.full, .summary] {
                guard let analysis else { break }
                var bytes = 0
                writeTimes.append(seconds {
                    try? TraceReport(largeTrace, analysis: analysis, vectors: detail).print(to: JSONStreamWriter(sink: { bytes += $0.count }))
                })
                sizes.append(bytes)
            }
            let total = passTime + analysisTime + (writeTimes.last ?? 0)
            results.append(.init(name: "LSTM trace --json, 2,000 steps, H=1024", median: total, unit: "s",
                                 note: String(format: "pass %.1f s, analysis %.1f s (σ_max and ρ %.2f s; max rel. diff %.1e vs formed), JSON %.0f MB full in %.1f s, %.1f MB summarised in %.2f s; once",
                                              passTime, analysisTime, spectrumTime, worst, Double(sizes.first ?? 0) / 1e6, writeTimes.first ?? 0,
                                              Double(sizes.last ?? 0) / 1e6, writeTimes.last ?? 0)))
        }

        return results
    }

    /// Key-to-frame times at H=1024 while training on the worker thread (the comparison view's
    /// are `compareViewLatencies`, the worst case of issue 13's memory rule, in a child of its own).
    func largeViews() throws -> [BenchmarkResult] {
        var results: [BenchmarkResult] = []
        // The same at H=1024 (and the LSTM): the terminal loop's own steps (training on its
        // worker thread, as in the terminal), a key arriving just as a training tick starts;
        // the max and p99 over the keys, not a median.
        for (cell, keys) in [(CellKind.rnn, 10 * repeats), (.lstm, 2 * repeats)] {
            var spec = notes
            spec.hidden = 1024
            spec.cell = cell
            let large = try Explorer(spec: spec)
            large.trainInBackground(true)
            large.handle(UserKey.character("T"))
            // Keys 20 ms apart until two epochs have landed too (their hand-over is a frame's work).
            let samples = keyLatencies(large, keys: keys) { count in large.lab.epoch < 2 && count < 2000 }
            let trained = large.lab.epoch
            large.handle(UserKey.character("T"))  // stops the worker
            results.append(latencyResult(
                cell == .rnn ? "key-to-frame while training" : "key-to-frame while training, LSTM", samples,
                "\(trained) epochs applied meanwhile"))
        }
        // r and c at H=1024 while the new model is built on its thread (issue 13).
        results += try rebuildLatencies()
        return results
    }

    /// Issue 13's worst case for memory, short: the comparison view of an H=1024 LSTM and its
    /// RNN partner, both training on the worker thread as `T` trains them in the terminal,
    /// over few short windows (`--window 5 --stride 10`: 19 of 5 steps) so that two epochs
    /// take seconds. What scales as H² (weights, Adam's moments, gradients, traces) is the
    /// same at any window; the CLI tests hold its peak (`CompareMemoryTests`).
    func compareTraining() throws -> BenchmarkResult {
        var spec = notes
        spec.hidden = 1024
        spec.cell = .lstm
        spec.window = 5
        spec.stride = 10
        let explorer = try Explorer(spec: spec)
        explorer.trainInBackground(true)
        let time = seconds {
            explorer.setView(.compare)
            explorer.lab.finishPartnerCatchUp()
            explorer.handle(UserKey.character("T"))
            var now = DispatchTime.now().uptimeNanoseconds
            var ticks = 0
            // At most a minute (a loss that is not finite stops the worker early).
            while (explorer.lab.epoch < 2 || (explorer.lab.partner?.epoch ?? 0) < 2) && ticks < 3000 {
                ticks += 1
                usleep(20_000)
                now = DispatchTime.now().uptimeNanoseconds
                _ = explorer.tick(now: now, slice: ExplorerLoop.trainingSliceNanoseconds)
                _ = ExplorerScreen.render(explorer, width: 120, height: 40)
            }
            explorer.handle(UserKey.character("T"))  // stops the worker
        }
        return .init(name: "compare view training, H=1024, window 5", median: time, unit: "s",
                     note: "an LSTM and its RNN partner, epochs \(explorer.lab.epoch) and \(explorer.lab.partner?.epoch ?? 0); once")
    }

    /// The comparison view at H=1024 (an LSTM beside its RNN partner), as the terminal loop runs
    /// it: keys 20 ms apart while the partner is made and caught up with the main model's two
    /// epochs on its own thread, then while both train on the worker thread. Max and p99 over
    /// the keys, as the lines above.
    func compareViewLatencies() throws -> [BenchmarkResult] {
        var spec = notes
        spec.hidden = 1024
        spec.cell = .lstm
        let large = try Explorer(spec: spec)
        // Two epochs on the worker thread, as `T` trains them in the terminal (no pass buffers kept).
        large.trainInBackground(true)
        large.lab.grantBackgroundEpochs(2)
        large.lab.finishBackgroundTraining()
        var results: [BenchmarkResult] = []

        // Opening the view is the first key: the partner is made and catches up meanwhile.
        var samples = [seconds {
            large.setView(.compare)
            _ = ExplorerScreen.render(large, width: 120, height: 40)
        } * 1000]
        let catchUpStart = DispatchTime.now().uptimeNanoseconds
        samples += keyLatencies(large, keys: 10 * repeats) { large.lab.partner == nil && $0 < 5000 }
        let caughtUp = large.lab.partner?.epoch ?? -1
        let catchUpSeconds = Double(DispatchTime.now().uptimeNanoseconds - catchUpStart) / 1e9
        large.lab.finishPartnerCatchUp()
        results.append(latencyResult(
            "compare view key, catching up", samples,
            String(format: "an LSTM's RNN partner made and trained to epoch %d on its thread in %.1f s meanwhile", caughtUp, catchUpSeconds)))

        large.handle(UserKey.character("T"))
        let before = large.lab.epoch
        let training = keyLatencies(large, keys: 2 * repeats) { large.lab.epoch < before + 2 && $0 < 2000 }
        let trained = large.lab.epoch - before
        large.handle(UserKey.character("T"))  // stops the worker
        results.append(latencyResult(
            "compare view key, training", training,
            "\(trained) epochs of the LSTM and its RNN partner applied meanwhile"))
        return results
    }

    /// Key-to-frame times (ms) of keys 20 ms apart, each after a tick as the terminal loop
    /// does, at least `keys` of them and on while `more(count)` says so.
    func keyLatencies(_ explorer: Explorer, keys: Int, while more: (Int) -> Bool) -> [Double] {
        var samples: [Double] = []
        while samples.count < keys || more(samples.count) {
            if !samples.isEmpty { usleep(20_000) }
            samples.append(seconds {
                explorer.tick(now: DispatchTime.now().uptimeNanoseconds, slice: ExplorerLoop.trainingSliceNanoseconds)
                explorer.handle(.right)
                _ = ExplorerScreen.render(explorer, width: 120, height: 40)
            } * 1000)
        }
        return samples
    }

    func latencyResult(_ name: String, _ unsorted: [Double], _ note: String) -> BenchmarkResult {
        let samples = unsorted.sorted()
        let p99 = samples[min(samples.count - 1, Int((Double(samples.count) * 0.99).rounded(.up)) - 1)]
        let worst = samples.last ?? 0
        return .init(name: name + ", H=1024", median: samples[samples.count / 2], unit: "ms",
                     note: String(format: "max %.1f ms, p99 %.1f ms over %d keys; ", worst, p99, samples.count) + note + "; target ≤ 50 ms",
                     max: worst, p99: p99)
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

/// The bench's heavy cases, each run in a child process (`bench --child NAME`).
enum BenchChild: String, CaseIterable, ExpressibleByArgument {
    case largeTrace = "large-trace"
    case largeViews = "large-views"
    case compareView = "compare-view"
    case compareTraining = "compare-training"
    // `bench --keys-only`: the key script at H=1024 (`keyTimes`), r/c while rebuilding, and
    // `.` back to the present in the comparison view.
    case keysRNNInPlace = "keys-rnn-in-place"
    case keysRNNTerminal = "keys-rnn-terminal"
    case keysLSTMInPlace = "keys-lstm-in-place"
    case keysLSTMTerminal = "keys-lstm-terminal"
    case rebuildKeys = "rebuild-keys"
    case compareReturn = "compare-return"
    case compareReturnInPlace = "compare-return-in-place"

    /// The full bench's children (`bench` without `--keys-only`).
    static let fullBench: [BenchChild] = [.largeTrace, .largeViews, .compareView, .compareTraining]

    /// Runs `bench --child` of this binary: its results, then a line with its peak resident
    /// memory (`ru_maxrss` from `wait4`). A child that fails gives one line saying so.
    static func spawn(_ child: BenchChild, repeats: Int, threads: Int) -> [BenchmarkResult] {
        let outcome = run(child, repeats: repeats, threads: threads)
        return (outcome.results ?? [outcome.failure].compactMap { $0 }) + [outcome.peak]
    }

    /// What one child gave: its results (nil when it failed, with `failure` saying why) and
    /// the line with its peak resident memory.
    struct Outcome {
        var results: [BenchmarkResult]?
        var failure: BenchmarkResult?
        var peak: BenchmarkResult
    }

    /// Runs `bench --child` of this binary and waits for it.
    static func run(_ child: BenchChild, repeats: Int, threads: Int) -> Outcome {
        let arguments = ["/proc/self/exe", "bench", "--child", child.rawValue, "--repeats", String(repeats), "--threads", String(threads), "--parent", String(getpid())]
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return failed(child, "pipe: errno \(errno)") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addclose(&actions, fds[0])
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        posix_spawn_file_actions_addclose(&actions, fds[1])
        // A process group of its own: Ctrl-C and Ctrl-\ reach the bench only (the child could be
        // starting, before its handlers are in place); the child ends itself when the bench does.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        var pid: pid_t = 0
        let argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let spawned = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, environ)
        close(fds[1])
        guard spawned == 0 else {
            close(fds[0])
            return failed(child, "posix_spawn: errno \(spawned)")
        }
        let output = FileHandle(fileDescriptor: fds[0], closeOnDealloc: true).readDataToEndOfFile()
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let peak = BenchmarkResult(name: "peak memory, bench --child \(child.rawValue)", median: Double(usage.ru_maxrss) / 1024, unit: "MB",
                                   note: "max RSS of the child process that ran its lines; limit 500 MB")
        guard status == 0, let results = try? JSONDecoder().decode([BenchmarkResult].self, from: output) else {
            return Outcome(failure: failedLine(child, "exit status \(status)"), peak: peak)
        }
        return Outcome(results: results, peak: peak)
    }

    /// In a child: exits as soon as the bench that started it is gone (stopped by Ctrl-C, say),
    /// so that no child runs on alone.
    static func exitWithParent(_ parent: Int32) {
        let watcher = Thread {
            while getppid() == parent { usleep(100_000) }
            _exit(1)
        }
        watcher.start()
    }

    private static func failedLine(_ child: BenchChild, _ why: String) -> BenchmarkResult {
        .init(name: "bench --child \(child.rawValue)", median: 0, unit: "", note: "failed: \(why)")
    }

    /// A child that could not start: no peak of its own.
    private static func failed(_ child: BenchChild, _ why: String) -> Outcome {
        Outcome(failure: failedLine(child, why),
                peak: .init(name: "peak memory, bench --child \(child.rawValue)", median: 0, unit: "MB", note: "not started"))
    }
}
