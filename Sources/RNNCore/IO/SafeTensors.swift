import Foundation
import Localization

/// A safetensors file: an 8-byte little-endian header length N, N bytes of JSON
/// (`{"name": {"dtype", "shape", "data_offsets"}, "__metadata__": {str: str}}`), then the data.
/// Only F32 tensors are read and written (PyTorch's default dtype).
public struct SafeTensorsFile: Equatable, Sendable {
    public struct Tensor: Equatable, Sendable {
        public var shape: [Int]
        /// The values are `storage[range]`: a file's tensors share one buffer (its data region,
        /// read once), and a file about to be saved points into the model's own arrays, so
        /// neither opening nor saving an H=1024 LSTM copies its 100 MB of weights and moments.
        let storage: [Float]
        let range: Range<Int>

        public init(shape: [Int], values: [Float]) {
            self.init(shape: shape, storage: values, range: 0..<values.count)
        }

        init(shape: [Int], storage: [Float], range: Range<Int>) {
            self.shape = shape
            self.storage = storage
            self.range = range
        }

        /// The values, in place.
        public var slice: ArraySlice<Float> { storage[range] }
        /// The values as an array of their own (no copy when the tensor is its whole storage).
        public var values: [Float] { range == storage.indices ? storage : Array(storage[range]) }

        public static func == (a: Tensor, b: Tensor) -> Bool { a.shape == b.shape && a.slice == b.slice }
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
        // Read in place with zero-based indices (a slice of a larger Data keeps its indices).
        let bytes = data.startIndex == 0 ? data : Data(data)
        guard bytes.count >= 8 else {
            throw RNNScopeError(Message("error.safetensors.too_short", ["bytes": String(bytes.count)]))
        }
        var prefix: UInt64 = 0
        for i in 0..<8 { prefix |= UInt64(bytes[i]) << (8 * UInt64(i)) }
        let headerEnd = try headerEnd(prefix: prefix, fileSize: bytes.count)
        let header = try Header(json: bytes[8..<headerEnd], dataSize: bytes.count - headerEnd)
        let storage = [Float](unsafeUninitializedCapacity: header.floatCount) { buffer, initialized in
            bytes.withUnsafeBytes { raw in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[headerEnd ..< headerEnd + 4 * header.floatCount]))
            }
            initialized = header.floatCount
        }
        return header.file(storage: storage)
    }

    /// Where the header that the 8-byte `prefix` announces ends, in a file of `fileSize` bytes.
    static func headerEnd(prefix headerLength: UInt64, fileSize: Int) throws -> Int {
        guard headerLength <= UInt64(maxHeaderBytes) else {
            throw RNNScopeError(Message("error.safetensors.header_too_large", ["bytes": String(headerLength), "limit": String(maxHeaderBytes)]))
        }
        let headerEnd = 8 + Int(headerLength)
        guard headerEnd <= fileSize else {
            throw RNNScopeError(Message("error.safetensors.truncated", ["bytes": String(headerLength), "rest": String(fileSize - 8)]))
        }
        return headerEnd
    }

    /// A checked header: the metadata and where each tensor lies in the data region, which the
    /// tensors tile exactly (`checkLayout`), so the region is read once as one array of floats.
    struct Header {
        var metadata: [String: String] = [:]
        var entries: [(name: String, shape: [Int], range: Range<Int>)] = []
        /// The data region's size in floats (every tensor is F32 and they tile it).
        let floatCount: Int

        init(json bytes: Data, dataSize: Int) throws {
            let json: Any
            do {
                json = try JSONSerialization.jsonObject(with: Data(bytes))
            } catch {
                throw RNNScopeError(Message("error.safetensors.not_json"))
            }
            guard let header = json as? [String: Any] else {
                throw RNNScopeError(Message("error.safetensors.not_object"))
            }
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
                let (shape, range) = try SafeTensorsFile.tensorEntry(name: name, entry: entry, dataSize: dataSize)
                entries.append((name, shape, range))
            }
            try SafeTensorsFile.checkLayout(entries, dataSize: dataSize)
            floatCount = dataSize / 4
        }

        /// The file, its tensors sharing `storage` (the data region as little-endian floats).
        func file(storage: [Float]) -> SafeTensorsFile {
            var storage = storage
            #if _endian(big)
            for i in storage.indices { storage[i] = Float(bitPattern: UInt32(littleEndian: storage[i].bitPattern)) }
            #endif
            var tensors: [String: Tensor] = [:]
            for (name, shape, range) in entries {
                tensors[name] = Tensor(shape: shape, storage: storage, range: range.lowerBound / 4 ..< range.upperBound / 4)
            }
            return SafeTensorsFile(tensors: tensors, metadata: metadata)
        }
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
}
