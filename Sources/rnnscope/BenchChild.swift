import ArgumentParser
import Dispatch
import Foundation
import RNNCore
import Visualizer
import Localization

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
