import Foundation

/// Reading user files with limits and clear messages.
public enum TextFile {
    /// Texts larger than this are refused for full-batch training (every window at once).
    public static let maxTextBytes = 4 << 20
    /// Texts larger than this are refused even with a batch size: the text is held once as
    /// 4-byte tokens (128 MB at this size), whatever the batch.
    public static let maxMiniBatchTextBytes = 32 << 20

    /// Reads at most `limit` bytes of `path`, refusing larger files before reading them.
    public static func readBytes(_ path: String, limit: Int) throws -> Data {
        // An empty name would print as ": no such file".
        guard !path.isEmpty else { throw RNNScopeError("the file name is empty") }
        try checkRegularFile(path)
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw RNNScopeError("cannot be read (permission denied?)", at: .file(path))
        }
        defer { try? handle.close() }
        do {
            let data = try handle.read(upToCount: limit + 1) ?? Data()
            guard data.count <= limit else {
                throw RNNScopeError("is larger than the \(limit / (1 << 20)) MB limit", at: .file(path))
            }
            return data
        } catch let error as RNNScopeError {
            throw error
        } catch {
            throw RNNScopeError("cannot be read: \(error.localizedDescription)", at: .file(path))
        }
    }

    /// Refuses anything but a regular file (after following symbolic links): a FIFO, socket or
    /// device would block the read forever or never end, so it is named instead of opened.
    public static func checkRegularFile(_ path: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else {
            switch errno {
            case ENOENT: throw RNNScopeError("no such file", at: .file(path))
            case ELOOP: throw RNNScopeError("is a loop of symbolic links", at: .file(path))
            case EACCES: throw RNNScopeError("cannot be reached (permission denied)", at: .file(path))
            default: throw RNNScopeError("cannot be read: \(String(cString: strerror(errno)))", at: .file(path))
            }
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return
        case S_IFDIR: throw RNNScopeError("is a directory, expected a file", at: .file(path))
        case S_IFIFO: throw RNNScopeError("is a named pipe (FIFO), expected a regular file", at: .file(path))
        case S_IFSOCK: throw RNNScopeError("is a socket, expected a regular file", at: .file(path))
        case S_IFCHR, S_IFBLK: throw RNNScopeError("is a device, expected a regular file", at: .file(path))
        default: throw RNNScopeError("is not a regular file", at: .file(path))
        }
    }

    /// A training text: UTF-8, not empty, within the size limit (`miniBatch`: the larger one
    /// for training with a batch size).
    public static func readText(_ path: String, miniBatch: Bool = false) throws -> String {
        let data = try readBytes(path, limit: maxMiniBatchTextBytes)
        if !miniBatch, data.count > maxTextBytes {
            throw RNNScopeError(
                "is larger than the \(maxTextBytes >> 20) MB limit for full-batch training; give a batch size (--batch-size) to train on texts up to \(maxMiniBatchTextBytes >> 20) MB",
                at: .file(path))
        }
        guard !data.isEmpty else { throw RNNScopeError("is empty", at: .file(path)) }
        guard let text = String(validatingUTF8Data: data) else {
            throw RNNScopeError("is not valid UTF-8 text", at: .file(path))
        }
        return text
    }
}

extension String {
    /// Strict UTF-8 decoding: nil on any invalid byte (never replacement characters).
    init?(validatingUTF8Data data: Data) {
        guard let text = data.withUnsafeBytes({ String(validating: $0, as: UTF8.self) }) else { return nil }
        self = text
    }
}
