import ArgumentParser
import Dispatch
import Foundation
import RNNCore
import Visualizer
import Localization

/// The bench's heavy cases at H=1024 (issue 13): large traces and views, the comparison view
/// while catching up and training, and the key latencies they are measured by.
extension BenchmarkSuite {
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
        let large = try trainedLarge(.lstm)
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

    /// The notes' model at H=1024 with `cell`, after two epochs on the worker thread, as `T`
    /// trains them in the terminal (no pass buffers kept; snapshots kept to rewind to).
    func trainedLarge(_ cell: CellKind) throws -> Explorer {
        var spec = notes
        spec.hidden = 1024
        spec.cell = cell
        let large = try Explorer(spec: spec)
        large.trainInBackground(true)
        large.lab.grantBackgroundEpochs(2)
        large.lab.finishBackgroundTraining()
        return large
    }
}
