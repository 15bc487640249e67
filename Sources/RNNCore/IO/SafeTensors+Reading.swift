import Foundation
import Localization

/// Reading a safetensors file from disk: the header first, then the data region straight into
/// the one array of floats its tensors share. Reading the whole file into memory and then
/// converting it held the file twice (200 MB for an H=1024 LSTM with Adam's moments) beside
/// the model being replaced.
extension SafeTensorsFile {
    /// Reads and checks the file at `path`, refusing one larger than `limit` bytes (or not a
    /// regular file) before reading it. Errors carry the path.
    public static func read(_ path: String, limit: Int) throws -> SafeTensorsFile {
        guard !path.isEmpty else { throw RNNScopeError(Message("error.file.name_empty")) }
        try TextFile.checkRegularFile(path)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == EACCES { throw RNNScopeError(Message("error.file.permission"), at: .file(path)) }
            throw unreadable(path, errno)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw unreadable(path, errno) }
        let size = Int(info.st_size)
        guard size <= limit else {
            throw RNNScopeError(Message("error.file.too_large", ["mb": String(limit / (1 << 20))]), at: .file(path))
        }
        do {
            guard size >= 8 else {
                throw RNNScopeError(Message("error.safetensors.too_short", ["bytes": String(size)]))
            }
            var prefix: UInt64 = 0
            try withUnsafeMutableBytes(of: &prefix) { try readExactly(fd, into: $0, path: path) }
            let headerEnd = try headerEnd(prefix: UInt64(littleEndian: prefix), fileSize: size)
            var json = Data(count: headerEnd - 8)
            try json.withUnsafeMutableBytes { try readExactly(fd, into: $0, path: path) }
            let header = try Header(json: json, dataSize: size - headerEnd)
            var failure: RNNScopeError?
            let storage = [Float](unsafeUninitializedCapacity: header.floatCount) { buffer, initialized in
                do { try readExactly(fd, into: UnsafeMutableRawBufferPointer(buffer), path: path) } catch let error as RNNScopeError { failure = error } catch {}
                // Floats need no initialising: all of them were read, or the array is dropped.
                initialized = header.floatCount
            }
            if let failure { throw failure }
            return header.file(storage: storage)
        } catch let error as RNNScopeError {
            throw error.at(.file(path))
        }
    }

    /// Fills `buffer` from `fd`, retrying short reads and EINTR; a file that ends early (it
    /// shrank since its size was read) is an input/output error.
    private static func readExactly(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, path: String) throws {
        guard let base = buffer.baseAddress else { return }
        var done = 0
        while done < buffer.count {
            let n = Foundation.read(fd, base + done, buffer.count - done)
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw unreadable(path, n == 0 ? EIO : errno) }
            done += n
        }
    }

    private static func unreadable(_ path: String, _ code: Int32) -> RNNScopeError {
        RNNScopeError(Message("error.file.unreadable", nested: ["reason": SystemError.message(code)]), at: .file(path))
    }
}
