import Dispatch
import Foundation
import RNNCore
import Visualizer
import ScopeNames

/// Issue 13's key costs at H=1024: every key that can hold up the input thread, timed in place
/// (as `snapshot --keys` and lessons run them) and as the terminal runs them (training, the
/// partner's catch-up and slow rebuilds on threads of their own), and `r`/`c` at H=1024 LSTM
/// with keys pressed while the new model is made.
extension BenchmarkSuite {
    /// `r` and `c` at H=1024 (LSTM, `c` then cycling on through the RNN and the GRU), as the
    /// terminal loop runs them: the key, then `→` every 20 ms until the new model is on screen.
    /// Max and p99 over every key (the `r`/`c` and those while rebuilding); the note gives the
    /// median time until the rebuilt model is on screen.
    func rebuildLatencies() throws -> [BenchmarkResult] {
        var spec = ModelSpec.notes
        spec.hidden = 1024
        spec.cell = .lstm
        let large = try Explorer(spec: spec)
        large.trainInBackground(true)
        var results: [BenchmarkResult] = []
        for key in ["r", "c"] {
            var samples: [Double] = []
            var landed: [Double] = []
            for _ in 0..<repeats {
                landed.append(keyUntilLanded(large, .character(Character(key)), samples: &samples))
            }
            landed.sort()
            results.append(latencyResult(
                "key-to-frame \(key) (rebuild), LSTM", samples,
                String(format: "new model on screen %.0f ms after the key (median; max %.0f ms), keys every 20 ms meanwhile",
                       landed[landed.count / 2], landed.last ?? 0)))
        }
        return results
    }

    /// `key`, then `→` every 20 ms until the rebuild it started is on screen, as the terminal
    /// loop runs them (tick, key, frame): each key's milliseconds are added to `samples`; returns
    /// the milliseconds from `key` until the rebuilt model is on screen.
    private func keyUntilLanded(_ explorer: Explorer, _ key: UserKey, samples: inout [Double]) -> Double {
        func press(_ key: UserKey) {
            samples.append(seconds {
                explorer.tick(now: DispatchTime.now().uptimeNanoseconds, slice: ExplorerLoop.trainingSliceNanoseconds)
                explorer.handle(key)
                _ = ExplorerScreen.render(explorer, width: 120, height: 40)
            } * 1000)
        }
        let start = DispatchTime.now().uptimeNanoseconds
        press(key)
        var keys = 0
        while explorer.lab.pendingRebuild != nil, keys < 5000 {
            usleep(20_000)
            press(.right)
            keys += 1
        }
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
    }

    /// `.` back to the present in the comparison view at H=1024: an RNN beside its LSTM
    /// partner (an H=1024 LSTM keeps no snapshots to rewind to: one is 53 MB), two epochs
    /// trained. As the terminal runs it (`terminal`): `,` (landed and settled), then `.` and `→`
    /// every 20 ms until the present's pass and its partner's, made on the rebuild's thread,
    /// are on screen; the frame they land in is among the keys (it used to make the LSTM
    /// partner's pass again on the input thread). Max and p99 over the keys. In place
    /// (snapshots, lessons): the `.` key itself, median over `repeats`.
    func compareReturnLatencies(terminal: Bool) throws -> [BenchmarkResult] {
        let name = "key-to-frame . (to the present), compare view, RNN + LSTM partner" + (terminal ? "" : ", in place")
        let large = try trainedLarge(.rnn)
        large.trainInBackground(terminal)
        large.computeAnalysisInBackground(terminal)
        large.setView(.compare)
        large.lab.finishPartnerCatchUp()
        var samples: [Double] = []
        var landed: [Double] = []
        for _ in 0..<repeats {
            large.handle(.character(","))
            settle(large)
            guard large.lab.isInPast else { break }
            landed.append(keyUntilLanded(large, .character("."), samples: &samples))
            settle(large)
        }
        guard !samples.isEmpty else {
            return [.init(name: name, median: 0, unit: "", note: "failed: no snapshot to rewind to")]
        }
        guard terminal else {
            let sorted = samples.sorted()
            return [.init(name: name, median: sorted[sorted.count / 2], unit: "ms",
                          note: String(format: "the key, median of %d (max %.1f ms): both passes made on the input thread", sorted.count, sorted.last ?? 0))]
        }
        landed.sort()
        return [latencyResult(
            name, samples,
            String(format: "both passes on screen %.0f ms after the key (median), keys every 20 ms meanwhile", landed[landed.count / 2]))]
    }

    /// Every key that can take long at H=1024, for the RNN and the LSTM: one press each, in
    /// place and as the terminal runs it (settled in between: no rebuild, catch-up or training
    /// left running). Lines `key <k>, <cell>: terminal X ms (in place Y ms)`. Each run of the
    /// script is a child process of its own (`bench --child keys-…`), so that no process holds
    /// more than one H=1024 explorer and its partner: the bench's own peak stays small and
    /// each child's is printed after the key lines.
    func keyCosts() -> [BenchmarkResult] {
        var results: [BenchmarkResult] = []
        var peaks: [BenchmarkResult] = []
        for (inPlaceChild, terminalChild) in [(BenchChild.keysRNNInPlace, BenchChild.keysRNNTerminal), (.keysLSTMInPlace, .keysLSTMTerminal)] {
            let inPlace = BenchChild.run(inPlaceChild, repeats: repeats, threads: threads)
            let terminal = BenchChild.run(terminalChild, repeats: repeats, threads: threads)
            peaks += [inPlace.peak, terminal.peak]
            guard let inPlaceTimes = inPlace.results, let terminalTimes = terminal.results, inPlaceTimes.count == terminalTimes.count else {
                results += [inPlace.failure, terminal.failure].compactMap { $0 }
                continue
            }
            for (inPlaceTime, terminalTime) in zip(inPlaceTimes, terminalTimes) {
                results.append(.init(name: terminalTime.name, median: terminalTime.median, unit: "ms",
                                     note: String(format: "in place %.1f ms", inPlaceTime.median)))
            }
        }
        return results + peaks
    }

    /// The keys `keyTimes` presses: (label, keys before it, untimed; the key timed). Views by
    /// tab, from the step view.
    static func keyScript(weightFile path: String) -> [(String, [UserKey], UserKey)] {
        let typed = String(String.UnicodeScalarView(SeedNotes.text.unicodeScalars.prefix(6)))
        var script: [(String, [UserKey], UserKey)] = [
            ("r", [], .character("r")),
            ("c", [], .character("c")), ("c", [], .character("c")), ("c", [], .character("c")),
            ("a", [], .character("a")), ("a", [], .character("a")),
            ("]", [], .character("]")), ("[", [], .character("[")),
            ("w", [], .character("w")),
            ("t", [], .character("t")),
            ("T on", [], .character("T")), ("T off", [], .character("T")),
            ("s", [], .character("s")), ("S", [], .character("S")),
            (",", [], .character(",")), (".", [], .character(".")),
            ("e + Enter", [.character("e")] + typed.map { UserKey.character($0) }, .enter),
            ("W + Enter", [.character("W")] + path.map { UserKey.character($0) }, .enter),
            ("O + Enter", [.character("O")] + path.map { UserKey.character($0) }, .enter),
            ("→", [], .right), ("space", [], .character(" ")), ("b", [], .character("b")), ("↓", [], .down),
        ]
        for view in ScreenView.allCases.dropFirst() {
            script.append(("tab → \(view.rawValue)", [], .tab))
            if view == .compare { script.append(("P", [], .character("P"))) }
            if view == .generate {
                script += [("n", [], .character("n")), ("space (gen)", [], .character(" ")), (">", [], .character(">")),
                           ("Enter (gen)", [], .enter)]
                // Enter opened the walk-through: back to the generate view for the tabs to go on.
                script.append(("tab (back)", Array(repeating: UserKey.tab, count: 5), .tab))
            }
        }
        script.append(("tab → step", [], .tab))
        return script
    }

    /// One run of `keyScript` on an H=1024 `cell` model, in place (`terminal` false: as
    /// `snapshot --keys` and lessons run keys) or as the terminal runs them: one result per
    /// key, named `key <label>[ (n)], <cell>, H=1024`, in ms (`bench --child keys-…`).
    func keyTimes(cell: CellKind, terminal: Bool) throws -> [BenchmarkResult] {
        let path = NSTemporaryDirectory() + "rnnscope-bench-\(getpid()).safetensors"
        defer { try? FileManager.default.removeItem(atPath: path) }
        var spec = ModelSpec.notes
        spec.hidden = 1024
        spec.cell = cell
        let explorer = try Explorer(spec: spec)
        explorer.trainInBackground(terminal)
        explorer.computeAnalysisInBackground(terminal)
        // A weight file of its own per run, so W never meets the overwrite question.
        try? FileManager.default.removeItem(atPath: path)
        var seen: [String: Int] = [:]
        var results: [BenchmarkResult] = []
        for (label, before, key) in Self.keyScript(weightFile: path) {
            for k in before { explorer.handle(k) }
            let time = seconds {
                explorer.tick(now: DispatchTime.now().uptimeNanoseconds, slice: ExplorerLoop.trainingSliceNanoseconds)
                explorer.handle(key)
                _ = ExplorerScreen.render(explorer, width: 120, height: 40)
            } * 1000
            // In the terminal the work a key hands to another thread lands in a later frame
            // (`O`'s model is installed, a save is collected): the key costs the worst of them too.
            let landing = settle(explorer, rendering: terminal)
            let index = seen[label, default: 0]
            seen[label] = index + 1
            results.append(.init(name: "key \(label)\(index > 0 ? " (\(index + 1))" : ""), \(cell.rawValue), H=1024",
                                 median: max(time, landing), unit: "ms", note: terminal ? "terminal" : "in place"))
        }
        return results
    }

    /// Ticks until nothing runs on another thread (a rebuild, a catch-up, training, a save, the
    /// gradient analysis or check, a reading of the generated text), so that the next key has
    /// the cores the terminal would give it. Returns the longest tick in ms, with its frame when
    /// `rendering` and the tick changed something (as `ExplorerLoop.run` draws): what landing
    /// the key's work cost the input thread.
    @discardableResult
    private func settle(_ explorer: Explorer, rendering: Bool = false) -> Double {
        var rounds = 0
        var longest = 0.0
        repeat {
            let time = seconds {
                // As `ExplorerLoop.run` does: a frame is drawn when the tick changed something.
                let changed = explorer.tick(now: DispatchTime.now().uptimeNanoseconds, slice: ExplorerLoop.trainingSliceNanoseconds)
                if rendering, changed { _ = ExplorerScreen.render(explorer, width: 120, height: 40) }
            } * 1000
            longest = max(longest, time)
            let frame = explorer.frame()
            if explorer.lab.pendingRebuild == nil, explorer.lab.partnerCatchUp == nil, !explorer.lab.isTrainingInBackground,
               explorer.lab.savingPath == nil, !explorer.isReadingInBackground,
               !frame.analysisPending, !frame.gradientCheckPending { return longest }
            usleep(5000)
            rounds += 1
        } while rounds < 20_000
        return longest
    }
}
