import Foundation
import Localization

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
        guard !path.isEmpty else { throw RNNScopeError(Message("error.file.name_empty")) }
        try checkRegularFile(path)
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw RNNScopeError(Message("error.file.permission"), at: .file(path))
        }
        defer { try? handle.close() }
        do {
            let data = try handle.read(upToCount: limit + 1) ?? Data()
            guard data.count <= limit else {
                throw RNNScopeError(Message("error.file.too_large", ["mb": String(limit / (1 << 20))]), at: .file(path))
            }
            return data
        } catch let error as RNNScopeError {
            throw error
        } catch {
            throw RNNScopeError(Message("error.file.unreadable", ["reason": error.localizedDescription]), at: .file(path))
        }
    }

    /// Refuses anything but a regular file (after following symbolic links): a FIFO, socket or
    /// device would block the read forever or never end, so it is named instead of opened.
    public static func checkRegularFile(_ path: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else {
            switch errno {
            case ENOENT: throw RNNScopeError(Message("error.file.not_found"), at: .file(path))
            case ELOOP: throw RNNScopeError(Message("error.file.symlink_loop"), at: .file(path))
            case EACCES: throw RNNScopeError(Message("error.file.unreachable"), at: .file(path))
            default: throw RNNScopeError(Message("error.file.unreadable", ["reason": String(cString: strerror(errno))]), at: .file(path))
            }
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return
        case S_IFDIR: throw RNNScopeError(Message("error.file.directory"), at: .file(path))
        case S_IFIFO: throw RNNScopeError(Message("error.file.fifo"), at: .file(path))
        case S_IFSOCK: throw RNNScopeError(Message("error.file.socket"), at: .file(path))
        case S_IFCHR, S_IFBLK: throw RNNScopeError(Message("error.file.device"), at: .file(path))
        default: throw RNNScopeError(Message("error.file.not_regular"), at: .file(path))
        }
    }

    /// A training text: UTF-8, not empty, within the size limit (`miniBatch`: the larger one
    /// for training with a batch size).
    public static func readText(_ path: String, miniBatch: Bool = false) throws -> String {
        let data = try readBytes(path, limit: maxMiniBatchTextBytes)
        if !miniBatch, data.count > maxTextBytes {
            throw RNNScopeError(
                Message("error.text.too_large_full_batch", ["mb": String(maxTextBytes >> 20), "batch_mb": String(maxMiniBatchTextBytes >> 20)]),
                at: .file(path))
        }
        guard !data.isEmpty else { throw RNNScopeError(Message("error.file.empty"), at: .file(path)) }
        guard let text = String(validatingUTF8Data: data) else {
            throw RNNScopeError(Message("error.text.not_utf8"), at: .file(path))
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
