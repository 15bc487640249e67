import Foundation

/// Writing a safetensors file: the header, then each tensor's values straight from where they
/// live, so a save never holds a second copy of the model (an H=1024 LSTM with Adam's moments
/// is 100 MB).
extension SafeTensorsFile {
    /// The file laid out for writing: the 8-byte length and the JSON header (padded with spaces
    /// to a multiple of 8), then the tensors in name order.
    public struct Encoded: Sendable {
        let header: [UInt8]
        let ordered: [Tensor]
        /// The whole file's size in bytes.
        public let byteCount: Int

        /// Hands the file's bytes to `emit` in order, piece by piece, until it returns false.
        func emit(_ emit: (UnsafeRawBufferPointer) -> Bool) {
            guard header.withUnsafeBytes(emit) else { return }
            for tensor in ordered {
                #if _endian(little)
                let done = tensor.storage.withUnsafeBytes { raw in
                    emit(UnsafeRawBufferPointer(rebasing: raw[4 * tensor.range.lowerBound ..< 4 * tensor.range.upperBound]))
                }
                guard done else { return }
                #else
                for start in stride(from: tensor.range.lowerBound, to: tensor.range.upperBound, by: 1 << 14) {
                    let bits = tensor.storage[start ..< min(start + (1 << 14), tensor.range.upperBound)].map { $0.bitPattern.littleEndian }
                    guard bits.withUnsafeBytes(emit) else { return }
                }
                #endif
            }
        }

        /// Writes the file's bytes to `fd`: nil, or the system's reason for a failed write.
        public func write(to fd: Int32) -> String? {
            var failure: String?
            emit { piece in
                failure = AtomicFile.writeAll(piece, to: fd)
                return failure == nil
            }
            return failure
        }
    }

    /// The file ready to write (see `Encoded`).
    public func encoded() throws -> Encoded {
        var header: [String: Any] = [:]
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var offset = 0
        let ordered = tensors.sorted { $0.key < $1.key }
        for (name, tensor) in ordered {
            let size = tensor.range.count * 4
            header[name] = ["dtype": "F32", "shape": tensor.shape, "data_offsets": [offset, offset + size]]
            offset += size
        }
        var json = [UInt8](try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys]))
        while json.count % 8 != 0 { json.append(0x20) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + json.count)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { bytes.append(contentsOf: $0) }
        bytes += json
        return Encoded(header: bytes, ordered: ordered.map(\.value), byteCount: bytes.count + offset)
    }

    /// The file's bytes in memory (tests, the fuzzer's round trip; a save writes `encoded()`
    /// to the file instead).
    public func serialized() throws -> Data {
        let encoded = try encoded()
        var out = Data(capacity: encoded.byteCount)
        encoded.emit { piece in
            out.append(contentsOf: piece)
            return true
        }
        return out
    }
}
