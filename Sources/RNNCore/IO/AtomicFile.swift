import Foundation

/// Writes files so that a failure never damages what was there: the bytes go to a temporary
/// file in the same directory, are flushed, and only then renamed over the target.
public enum AtomicFile {
    /// Refuses a path that cannot be saved to: a missing or unwritable directory, or a
    /// directory in the file's place. Callers may check before spending time (training).
    public static func checkWritable(_ path: String) throws {
        // "" would resolve to the working directory itself and save beside it.
        guard !path.isEmpty else { throw RNNScopeError("cannot save: the file name is empty") }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue,
              FileManager.default.isWritableFile(atPath: directory) else {
            throw RNNScopeError("cannot save: directory \(directory) is missing or not writable", at: .file(path))
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw RNNScopeError("cannot save: it is a directory", at: .file(path))
        }
    }

    public static func write(_ data: Data, to path: String) throws {
        try checkWritable(path)
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let temporary = directory + "/.\(url.lastPathComponent).tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else {
            throw RNNScopeError("cannot save: \(String(cString: strerror(errno)))", at: .file(path))
        }
        var failure: String?
        data.withUnsafeBytes { raw in
            var written = 0
            while written < raw.count, failure == nil {
                let n = Foundation.write(fd, raw.baseAddress! + written, raw.count - written)
                if n < 0 {
                    if errno != EINTR { failure = String(cString: strerror(errno)) }
                } else {
                    written += n
                }
            }
        }
        if failure == nil, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        close(fd)
        if failure == nil, rename(temporary, path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            throw RNNScopeError("cannot save: \(failure)", at: .file(path))
        }
    }
}
