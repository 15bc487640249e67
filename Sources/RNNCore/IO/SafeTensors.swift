import Foundation

/// A safetensors file: an 8-byte little-endian header length N, N bytes of JSON
/// (`{"name": {"dtype", "shape", "data_offsets"}, "__metadata__": {str: str}}`), then the data.
/// Only F32 tensors are read and written (PyTorch's default dtype).
public struct SafeTensorsFile: Equatable, Sendable {
    public struct Tensor: Equatable, Sendable {
        public var shape: [Int]
        public var values: [Float]

        public init(shape: [Int], values: [Float]) {
            self.shape = shape
            self.values = values
        }
    }

    public var tensors: [String: Tensor]
    public var metadata: [String: String]

    public init(tensors: [String: Tensor], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }

    /// Headers larger than this are refused before any allocation (real ones are a few KB).
    public static let maxHeaderBytes = 16 << 20
    /// Tensors with more elements than this are refused (1 GiB of F32).
    public static let maxElements = 1 << 28

    /// Parses and validates `data`. Errors say what is wrong; the caller adds the file name.
    public static func parse(_ data: Data) throws -> SafeTensorsFile {
        let bytes = [UInt8](data)
        guard bytes.count >= 8 else {
            throw RNNScopeError("not a safetensors file: \(bytes.count) bytes, too short for the 8-byte header length")
        }
        var headerLength: UInt64 = 0
        for i in 0..<8 { headerLength |= UInt64(bytes[i]) << (8 * UInt64(i)) }
        guard headerLength <= UInt64(maxHeaderBytes) else {
            throw RNNScopeError("not a safetensors file: header claims \(headerLength) bytes (limit \(maxHeaderBytes))")
        }
        let headerEnd = 8 + Int(headerLength)
        guard headerEnd <= bytes.count else {
            throw RNNScopeError("truncated: header claims \(headerLength) bytes but the file has \(bytes.count - 8) after the length")
        }
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: Data(bytes[8..<headerEnd]))
        } catch {
            throw RNNScopeError("not a safetensors file: the header is not valid JSON")
        }
        guard let header = json as? [String: Any] else {
            throw RNNScopeError("not a safetensors file: the header is not a JSON object")
        }
        let dataSize = bytes.count - headerEnd
        var metadata: [String: String] = [:]
        var tensors: [String: Tensor] = [:]
        var entries: [(name: String, shape: [Int], range: Range<Int>)] = []
        // In name order: a file with several bad entries always gets the same error (a
        // Dictionary's order changes from run to run).
        for (name, entry) in header.sorted(by: { $0.key < $1.key }) {
            if name == "__metadata__" {
                guard let object = entry as? [String: Any] else {
                    throw RNNScopeError("__metadata__ is not an object of strings")
                }
                for (key, value) in object {
                    guard let string = value as? String else {
                        throw RNNScopeError("__metadata__ key '\(key)' is not a string")
                    }
                    metadata[key] = string
                }
                continue
            }
            let (shape, range) = try tensorEntry(name: name, entry: entry, dataSize: dataSize)
            entries.append((name, shape, range))
        }
        try checkLayout(entries, dataSize: dataSize)
        // The layout is a partition of the data region, so each byte is read once.
        for (name, shape, range) in entries {
            let values: [Float] = bytes.withUnsafeBytes { raw in
                (0..<(range.count / 4)).map { i in
                    Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(
                        fromByteOffset: headerEnd + range.lowerBound + 4 * i, as: UInt32.self)))
                }
            }
            tensors[name] = Tensor(shape: shape, values: values)
        }
        return SafeTensorsFile(tensors: tensors, metadata: metadata)
    }

    /// As the format requires: the tensors' data_offsets tile the data region exactly, in
    /// order, without overlaps, gaps or trailing bytes (a file whose tensors shared bytes was
    /// copied once per header entry: a 16 MB file took 1.65 GB).
    static func checkLayout(_ entries: [(name: String, shape: [Int], range: Range<Int>)], dataSize: Int) throws {
        let ordered = entries.sorted { ($0.range.lowerBound, $0.range.upperBound, $0.name) < ($1.range.lowerBound, $1.range.upperBound, $1.name) }
        var end = 0
        var previous: String?
        for entry in ordered {
            if entry.range.lowerBound < end, let previous {
                throw RNNScopeError("tensor '\(entry.name)': data_offsets [\(entry.range.lowerBound), \(entry.range.upperBound)] overlap tensor '\(previous)' (ends at \(end)); tensors may not share bytes")
            }
            if entry.range.lowerBound > end {
                throw RNNScopeError("tensor '\(entry.name)': data_offsets start at \(entry.range.lowerBound), leaving a gap after byte \(end); the data must be contiguous")
            }
            end = entry.range.upperBound
            previous = entry.name
        }
        guard end == dataSize else {
            throw RNNScopeError("\(dataSize - end) trailing bytes after the last tensor's data (ends at \(end) of \(dataSize)); the data must be exactly the tensors'")
        }
    }

    /// Validates one header entry: F32, a sane shape, offsets inside the data and matching the shape.
    private static func tensorEntry(name: String, entry: Any, dataSize: Int) throws -> ([Int], Range<Int>) {
        func fail(_ message: String) -> RNNScopeError { RNNScopeError("tensor '\(name)': \(message)") }
        guard let object = entry as? [String: Any] else { throw fail("entry is not an object") }
        guard let dtype = object["dtype"] as? String else { throw fail("missing dtype") }
        guard dtype == "F32" else { throw fail("dtype \(dtype) is not supported (expected F32)") }
        guard let rawShape = object["shape"] as? [Any], rawShape.count <= 8 else { throw fail("missing or bad shape") }
        var shape: [Int] = []
        var elements = 1
        for dimension in rawShape {
            guard let d = integer(dimension), d >= 0, d <= maxElements else { throw fail("bad shape \(rawShape)") }
            shape.append(d)
            elements = elements.multipliedReportingOverflow(by: d).partialValue
            guard elements <= maxElements else { throw fail("shape \(shape) is too large") }
        }
        guard let offsets = object["data_offsets"] as? [Any], offsets.count == 2,
              let begin = integer(offsets[0]), let end = integer(offsets[1]) else {
            throw fail("missing or bad data_offsets")
        }
        guard begin >= 0, begin <= end, end <= dataSize else {
            throw fail("data_offsets [\(begin), \(end)] lie outside the \(dataSize) data bytes")
        }
        guard end - begin == elements * 4 else {
            throw fail("data_offsets hold \(end - begin) bytes but shape \(shape) needs \(elements * 4)")
        }
        return (shape, begin..<end)
    }

    /// A JSON number that is a whole number representable as Int.
    private static func integer(_ value: Any) -> Int? {
        // JSON true/false also arrive as NSNumber; a shape or offset is never a boolean.
        guard let number = value as? NSNumber, String(cString: number.objCType) != "c" else { return nil }
        let double = number.doubleValue
        guard double.rounded() == double, abs(double) < 0x1p62 else { return nil }
        return number.intValue
    }

    /// The file's bytes: header padded with spaces to a multiple of 8, tensors in name order.
    public func serialized() throws -> Data {
        var header: [String: Any] = [:]
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var offset = 0
        let ordered = tensors.sorted { $0.key < $1.key }
        for (name, tensor) in ordered {
            let size = tensor.values.count * 4
            header[name] = ["dtype": "F32", "shape": tensor.shape, "data_offsets": [offset, offset + size]]
            offset += size
        }
        var headerBytes = [UInt8](try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys]))
        while headerBytes.count % 8 != 0 { headerBytes.append(0x20) }
        var out = Data(capacity: 8 + headerBytes.count + offset)
        var length = UInt64(headerBytes.count).littleEndian
        withUnsafeBytes(of: &length) { out.append(contentsOf: $0) }
        out.append(contentsOf: headerBytes)
        for (_, tensor) in ordered {
            tensor.values.withUnsafeBufferPointer { buffer in
                for value in buffer {
                    var bits = value.bitPattern.littleEndian
                    withUnsafeBytes(of: &bits) { out.append(contentsOf: $0) }
                }
            }
        }
        return out
    }
}
