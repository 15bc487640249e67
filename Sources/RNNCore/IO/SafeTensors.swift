import Foundation
import Localization

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
        // Read in place with zero-based indices: a copy of the file's bytes would add its size
        // (100 MB for an H=1024 LSTM with Adam's moments) to the peak while a model is opened.
        let bytes = data.startIndex == 0 ? data : Data(data)
        guard bytes.count >= 8 else {
            throw RNNScopeError(Message("error.safetensors.too_short", ["bytes": String(bytes.count)]))
        }
        var headerLength: UInt64 = 0
        for i in 0..<8 { headerLength |= UInt64(bytes[i]) << (8 * UInt64(i)) }
        guard headerLength <= UInt64(maxHeaderBytes) else {
            throw RNNScopeError(Message("error.safetensors.header_too_large", ["bytes": String(headerLength), "limit": String(maxHeaderBytes)]))
        }
        let headerEnd = 8 + Int(headerLength)
        guard headerEnd <= bytes.count else {
            throw RNNScopeError(Message("error.safetensors.truncated", ["bytes": String(headerLength), "rest": String(bytes.count - 8)]))
        }
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: Data(bytes[8..<headerEnd]))
        } catch {
            throw RNNScopeError(Message("error.safetensors.not_json"))
        }
        guard let header = json as? [String: Any] else {
            throw RNNScopeError(Message("error.safetensors.not_object"))
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
                    throw RNNScopeError(Message("error.safetensors.metadata_not_strings"))
                }
                for (key, value) in object {
                    guard let string = value as? String else {
                        throw RNNScopeError(Message("error.safetensors.metadata_value", ["key": key]))
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
                throw RNNScopeError(Message("error.safetensors.overlap", [
                    "name": entry.name, "begin": String(entry.range.lowerBound), "end": String(entry.range.upperBound), "previous": previous,
                    "previous_end": String(end),
                ]))
            }
            if entry.range.lowerBound > end {
                throw RNNScopeError(Message("error.safetensors.gap", ["name": entry.name, "begin": String(entry.range.lowerBound), "end": String(end)]))
            }
            end = entry.range.upperBound
            previous = entry.name
        }
        guard end == dataSize else {
            throw RNNScopeError(Message("error.safetensors.trailing", ["count": String(dataSize - end), "end": String(end), "size": String(dataSize)]))
        }
    }

    /// Validates one header entry: F32, a sane shape, offsets inside the data and matching the shape.
    private static func tensorEntry(name: String, entry: Any, dataSize: Int) throws -> ([Int], Range<Int>) {
        func fail(_ key: String, _ values: [String: String] = [:]) -> RNNScopeError {
            RNNScopeError(Message("error.safetensors.tensor", ["name": name], nested: ["message": Message(key, values)]))
        }
        guard let object = entry as? [String: Any] else { throw fail("error.safetensors.entry_not_object") }
        guard let dtype = object["dtype"] as? String else { throw fail("error.safetensors.no_dtype") }
        guard dtype == "F32" else { throw fail("error.safetensors.dtype", ["dtype": dtype]) }
        guard let rawShape = object["shape"] as? [Any], rawShape.count <= 8 else { throw fail("error.safetensors.no_shape") }
        var shape: [Int] = []
        var elements = 1
        for dimension in rawShape {
            guard let d = integer(dimension), d >= 0, d <= maxElements else { throw fail("error.safetensors.bad_shape", ["shape": "\(rawShape)"]) }
            shape.append(d)
            elements = elements.multipliedReportingOverflow(by: d).partialValue
            guard elements <= maxElements else { throw fail("error.safetensors.shape_too_large", ["shape": "\(shape)"]) }
        }
        guard let offsets = object["data_offsets"] as? [Any], offsets.count == 2,
              let begin = integer(offsets[0]), let end = integer(offsets[1]) else {
            throw fail("error.safetensors.no_offsets")
        }
        guard begin >= 0, begin <= end, end <= dataSize else {
            throw fail("error.safetensors.offsets_outside", ["begin": String(begin), "end": String(end), "size": String(dataSize)])
        }
        guard end - begin == elements * 4 else {
            throw fail("error.safetensors.offsets_size", ["bytes": String(end - begin), "shape": "\(shape)", "needed": String(elements * 4)])
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
