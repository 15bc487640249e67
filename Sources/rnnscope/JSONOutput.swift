import Foundation
import RNNCore
import Localization

/// The encoder every `--json` uses: sorted keys, so output is stable; non-finite numbers
/// become "NaN"/"Infinity"/"-Infinity".
func makeJSONEncoder() -> JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
        positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
    return encoder
}

/// Prints `value` as one JSON object on stdout. Non-finite numbers become "NaN"/"Infinity".
func printJSON<T: Encodable>(_ value: T) throws {
    var data = try makeJSONEncoder().encode(value)
    data.append(0x0A)
    try StandardOutput.write(data)
}

/// Writes to stdout and stderr without trapping. (Foundation's `FileHandle.write(_:)` stops
/// the program with "Fatal error" when the descriptor is closed, `>&-`, or the disk is full,
/// `> /dev/full`.)
enum StandardOutput {
    /// Writes all of `data` to stdout (after anything `print` buffered); a one-line error when
    /// it cannot.
    static func write(_ data: Data) throws {
        try flush()
        if let failure = writeAll(data, to: STDOUT_FILENO) {
            throw RNNScopeError(Message("error.cli.cannot_write_output", nested: ["reason": failure]))
        }
    }

    /// Whatever `print` buffered, flushed; a one-line error when stdout is closed or full.
    /// (`fflush(nil)`: Swift 6 does not let code name C's `stdout` variable.)
    static func flush() throws {
        errno = 0
        if fflush(nil) != 0 || fcntl(STDOUT_FILENO, F_GETFD) < 0 {
            let reason = errno == 0 ? Message("error.cli.stdout_closed") : SystemError.message(errno)
            throw RNNScopeError(Message("error.cli.cannot_write_output", nested: ["reason": reason]))
        }
    }

    /// Best effort: a closed or full stderr is ignored.
    static func writeError(_ text: String) {
        _ = writeAll(Data(text.utf8), to: STDERR_FILENO)
    }

    /// Nil when every byte was written, else why not.
    private static func writeAll(_ data: Data, to fd: Int32) -> Message? {
        data.withUnsafeBytes { raw -> Message? in
            guard let base = raw.baseAddress else { return nil }
            var written = 0
            while written < raw.count {
                let n = Foundation.write(fd, base + written, raw.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    return SystemError.message(errno)
                }
                written += n
            }
            return nil
        }
    }
}

/// JSON written piece by piece, so that a large value (a long trace's steps, an H=1024
/// gradient) is encoded one small part at a time instead of as one tree in memory. Give object
/// keys in sorted order: the bytes are then the same as `printJSON` gives for the whole value.
final class JSONStreamWriter {
    private let encoder = makeJSONEncoder()
    private var buffer = Data()
    /// Where full buffers go: stdout, or a test's collector.
    private let sink: (Data) throws -> Void

    init(sink: @escaping (Data) throws -> Void = { try StandardOutput.write($0) }) {
        self.sink = sink
    }
    /// For each open object or array: whether an element was written (a comma comes next).
    private var started: [Bool] = []
    /// A key was just written: its value needs no comma.
    private var afterKey = false

    func beginObject() { open("{") }
    func endObject() { close("}") }
    func beginArray() { open("[") }
    func endArray() { close("]") }

    func key(_ key: String) throws {
        separate()
        buffer.append(try encoder.encode(key))
        buffer.append(UInt8(ascii: ":"))
        afterKey = true
    }

    func value<T: Encodable>(_ value: T) throws {
        separate()
        buffer.append(try encoder.encode(value))
        try flushIfFull()
    }

    /// A Float array, with the bytes the encoder gives `[Float]` but without its per-value
    /// overhead (a 2,000-step H=1024 trace holds tens of millions of them).
    func floats<C: Collection<Float>>(_ values: C) throws {
        separate()
        buffer.append(UInt8(ascii: "["))
        var first = true
        for v in values {
            if !first { buffer.append(UInt8(ascii: ",")) }
            first = false
            Self.appendNumber(v.isFinite ? v.description : nil, nonFinite: Double(v), to: &buffer)
        }
        buffer.append(UInt8(ascii: "]"))
        try flushIfFull()
    }

    /// A Double, as the encoder writes it.
    func number(_ v: Double) throws {
        separate()
        Self.appendNumber(v.isFinite ? v.description : nil, nonFinite: v, to: &buffer)
        try flushIfFull()
    }

    /// A finite number's `description` without a trailing ".0" (as JSONEncoder writes 1.0: `1`),
    /// or the encoder's strings for NaN and ±∞.
    private static func appendNumber(_ text: String?, nonFinite v: Double, to buffer: inout Data) {
        if var text {
            if text.hasSuffix(".0") { text.removeLast(2) }
            buffer.append(contentsOf: text.utf8)
        } else {
            let name = v.isNaN ? "\"NaN\"" : (v > 0 ? "\"Infinity\"" : "\"-Infinity\"")
            buffer.append(contentsOf: name.utf8)
        }
    }

    private func flushIfFull() throws {
        if buffer.count >= 1 << 16 {
            try sink(buffer)
            buffer.removeAll(keepingCapacity: true)
        }
    }

    /// Writes what is left, with a newline.
    func finish() throws {
        buffer.append(0x0A)
        try sink(buffer)
        buffer.removeAll()
    }

    private func open(_ bracket: Character) {
        separate()
        buffer.append(contentsOf: Array(bracket.utf8))
        started.append(false)
    }

    private func close(_ bracket: Character) {
        started.removeLast()
        buffer.append(contentsOf: Array(bracket.utf8))
    }

    private func separate() {
        if afterKey {
            afterKey = false
            return
        }
        guard let last = started.indices.last else { return }
        if started[last] { buffer.append(UInt8(ascii: ",")) }
        started[last] = true
    }
}
