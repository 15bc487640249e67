import Foundation
import Testing

/// Runs the built binary with posix_spawn, sampling its peak resident memory (`VmHWM` in
/// /proc/PID/status) while it runs, and can start it with stdin or stdout closed.
///
/// (`wait4`'s `ru_maxrss` cannot be used here: posix_spawn shares the test runner's memory
/// until exec, and Linux carries that high-water mark, hundreds of MB, into the child's.)
enum MeasuredRunner {
    struct Result {
        /// The exit code, or 128 + the signal's number when a signal ended the program.
        let status: Int32
        let signaled: Bool
        let stdout: String
        let stderr: String
        /// Peak resident set of the child, in MB (its last `VmHWM` sample before it exited).
        let peakMegabytes: Double
        let seconds: Double

        var stderrLines: [Substring] { stderr.split(separator: "\n") }

        /// True when the program trapped or was killed: a signal, the Swift runtime's "Fatal error" or its backtrace.
        var crashed: Bool {
            signaled || (stdout + stderr).contains("Fatal error") || stderr.contains("Backtracing")
                || stderr.contains("Program crashed")
        }
    }

    enum Input {
        case null
        case closed
    }

    enum Output {
        case capture
        /// Standard output closed (`>&-`).
        case closed
        /// Standard output on a device that is always full (`> /dev/full`).
        case full
    }

    /// Runs `arguments`; kills the program and records an issue after `timeout` seconds.
    static func run(
        _ arguments: [String], stdin: Input = .null, stdout: Output = .capture, stderrClosed: Bool = false,
        timeout: Double = 60
    ) throws -> Result {
        let folder = NSTemporaryDirectory() + "rnnscope-measured-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let outPath = folder + "/stdout", errPath = folder + "/stderr"

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        switch stdin {
        case .null: posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        case .closed: posix_spawn_file_actions_addclose(&actions, 0)
        }
        switch stdout {
        case .capture: posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        case .closed: posix_spawn_file_actions_addclose(&actions, 1)
        case .full: posix_spawn_file_actions_addopen(&actions, 1, "/dev/full", O_WRONLY, 0)
        }
        if stderrClosed {
            posix_spawn_file_actions_addclose(&actions, 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        }
        let binary = BinaryRunner.binary.path
        let start = Date()
        let pid = try spawnWithDefaultSignals(binary, [binary] + arguments, &actions)

        var status: Int32 = 0
        var killed = false
        var peakKilobytes = 0
        while true {
            peakKilobytes = max(peakKilobytes, highWaterKilobytes(pid))
            let waited = waitpid(pid, &status, WNOHANG)
            if waited == pid { break }
            if waited < 0 && errno != EINTR { throw TmuxError(message: "wait4 failed: \(errno)") }
            if !killed, Date().timeIntervalSince(start) > timeout {
                killed = true
                kill(pid, SIGKILL)
                Issue.record("\(arguments.prefix(4)) did not finish within \(timeout) s; killed")
            }
            usleep(2_000)
        }
        let seconds = Date().timeIntervalSince(start)
        // WIFEXITED / WEXITSTATUS / WTERMSIG are macros Swift does not import.
        let signal = status & 0x7F
        let signaled = signal != 0 && signal != 0x7F
        let code = signaled ? 128 + signal : (status >> 8) & 0xFF
        return Result(
            status: code, signaled: signaled,
            stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "",
            peakMegabytes: Double(peakKilobytes) / 1024, seconds: seconds)
    }

    /// `VmHWM` of a running process in kB (0 once it has exited).
    static func highWaterKilobytes(_ pid: pid_t) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return 0 }
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }
}

/// Weight files built byte by byte: an 8-byte little-endian header length, the JSON header,
/// then the raw little-endian F32 data (the safetensors layout).
enum SafeTensorsBytes {
    struct Tensor {
        let name: String
        let shape: [Int]
        let values: [Float]
    }

    static func file(_ tensors: [Tensor], metadata: [String: String] = [:]) -> Data {
        var header: [String: Any] = [:]
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var offset = 0
        for tensor in tensors {
            header[tensor.name] = ["dtype": "F32", "shape": tensor.shape, "data_offsets": [offset, offset + 4 * tensor.values.count]]
            offset += 4 * tensor.values.count
        }
        let json = (try? JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])) ?? Data()
        return rawHeader(json) + tensors.reduce(into: Data()) { data, tensor in
            for value in tensor.values { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        }
    }

    /// The length field for `json`, then `json` itself.
    static func rawHeader(_ json: Data, claimedLength: UInt64? = nil) -> Data {
        var data = Data()
        withUnsafeBytes(of: (claimedLength ?? UInt64(json.count)).littleEndian) { data.append(contentsOf: $0) }
        return data + json
    }

    /// The notes' vocabulary size (the characters of "Hello, RNN! Recurrent ...").
    static let notesVocabulary = 28

    /// A model for the notes' text with H units: every weight `fill`, except those `poison` sets.
    /// Gated cells stack 3 (GRU) or 4 (LSTM) blocks of H rows in the recurrent tensors.
    static func model(
        cell: String = "rnn", hidden: Int = 8, fill: Float = 0.1, metadata: [String: String]? = nil,
        poison: [String: (index: Int, value: Float)] = [:]
    ) -> Data {
        let v = notesVocabulary, h = hidden
        let gates = cell == "lstm" ? 4 : cell == "gru" ? 3 : 1
        let shapes: [(String, [Int])] = [
            ("embedding.weight", [v, h]), ("rnn.weight_ih_l0", [gates * h, h]), ("rnn.weight_hh_l0", [gates * h, h]),
            ("rnn.bias_ih_l0", [gates * h]), ("rnn.bias_hh_l0", [gates * h]), ("linear.weight", [v, h]), ("linear.bias", [v]),
        ]
        let tensors = shapes.map { name, shape in
            var values = [Float](repeating: fill, count: shape.reduce(1, *))
            if let (index, value) = poison[name] { values[index] = value }
            return Tensor(name: name, shape: shape, values: values)
        }
        return file(tensors, metadata: metadata ?? ["cell": cell])
    }
}
