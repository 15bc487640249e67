import Foundation
import Localization

/// Writes files so that a failure never damages what was there, and a save never destroys
/// what it should not.
///
/// - Only a regular file (or nothing) may be replaced: a directory, device, FIFO or socket at
///   the path is refused, and so is a file the caller says must not be overwritten (the text
///   being trained on), whatever name reaches it.
/// - A symbolic link is followed, as `cp` and editors do: the file it points to is replaced
///   and the link stays. A dangling link or a loop of links is refused.
/// - A read-only target (no write bit in its mode, or not writable by us) is refused, as most
///   tools do without `-f`. The mode bits are checked, not a failed open, since root can open
///   anything.
/// - The target's permission bits (and, for root, its owner) are kept; a new file gets
///   0644 minus the umask.
/// - The bytes go to a temporary file created exclusively (`O_CREAT|O_EXCL|O_NOFOLLOW`) beside
///   the target, named `.NAME.rnnscope-XXXXXX.tmp` with six random characters; it is flushed
///   (`fsync`) and only then renamed over the target. SIGINT, SIGTERM, SIGHUP and SIGQUIT are
///   held while it exists: if one arrived, the temporary file is removed and the signal is let
///   through. Temporary files of this target left by a run that was killed (`kill -9`) before
///   this one started are removed on the next save.
public enum AtomicFile {
    /// Writes all of `data` to `fd`, retrying short writes and EINTR; the error text, or nil.
    public static func writeAll(_ data: Data, to fd: Int32) -> String? {
        data.withUnsafeBytes { writeAll($0, to: fd) }
    }

    /// Writes all of `bytes` to `fd`, retrying short writes and EINTR; the error text, or nil.
    public static func writeAll(_ bytes: UnsafeRawBufferPointer, to fd: Int32) -> String? {
        guard let base = bytes.baseAddress else { return nil }
        var written = 0
        while written < bytes.count {
            let n = Foundation.write(fd, base + written, bytes.count - written)
            if n < 0 {
                if errno != EINTR { return String(cString: strerror(errno)) }
            } else {
                written += n
            }
        }
        return nil
    }

    /// What the caller guards against overwriting, e.g. `("--text-file", path)`.
    public typealias Protected = (role: String, path: String)

    /// The file that a save to `path` replaces (symbolic links followed) and its status, or nil
    /// when there is none yet; throws for every path that must not be saved to.
    public static func checkWritable(_ path: String, protecting protected: [Protected] = []) throws {
        _ = try resolveTarget(path, protecting: protected)
    }

    struct Target {
        /// The path the bytes go to: `path`, or the file its symbolic links lead to.
        let path: String
        /// The status of the existing file, nil for a new one.
        let existing: stat?
    }

    static func resolveTarget(_ path: String, protecting protected: [Protected]) throws -> Target {
        // "" would resolve to the working directory itself and save beside it.
        guard !path.isEmpty else { throw RNNScopeError(Message("error.save.name_empty")) }
        func refuse(_ key: String, _ values: [String: String] = [:]) -> RNNScopeError {
            RNNScopeError(Message("error.save.refused", nested: ["why": Message(key, values)]), at: .file(path))
        }
        var link = stat()
        var resolved = path
        var existing: stat?
        if lstat(path, &link) == 0 {
            if link.st_mode & S_IFMT == S_IFLNK {
                var info = stat()
                guard stat(path, &info) == 0 else {
                    switch errno {
                    case ELOOP: throw refuse("error.save.why.symlink_loop")
                    case ENOENT: throw refuse("error.save.why.dangling")
                    default: throw refuse("error.save.why.symlink", ["reason": String(cString: strerror(errno))])
                    }
                }
                guard let real = realpath(path, nil) else {
                    throw refuse("error.save.why.symlink", ["reason": String(cString: strerror(errno))])
                }
                resolved = String(cString: real)
                free(real)
                existing = info
            } else {
                existing = link
            }
        } else if errno != ENOENT {
            switch errno {
            case ENOTDIR: throw refuse("error.save.why.not_directory")
            case EACCES: throw refuse("error.save.why.unreachable")
            default: throw refuse("error.save.why.system", ["reason": String(cString: strerror(errno))])
            }
        }
        if let info = existing {
            switch info.st_mode & S_IFMT {
            case S_IFREG: break
            case S_IFDIR: throw refuse("error.save.why.directory")
            case S_IFIFO: throw refuse("error.save.why.fifo")
            case S_IFSOCK: throw refuse("error.save.why.socket")
            case S_IFCHR, S_IFBLK: throw refuse("error.save.why.device")
            default: throw refuse("error.save.why.not_regular")
            }
            for (role, other) in protected {
                var otherInfo = stat()
                if stat(other, &otherInfo) == 0, otherInfo.st_dev == info.st_dev, otherInfo.st_ino == info.st_ino {
                    throw refuse("error.save.why.protected", ["role": role, "path": other])
                }
            }
            if info.st_mode & 0o222 == 0 || access(resolved, W_OK) != 0 {
                throw refuse("error.save.why.read_only")
            }
        }
        let directory = directoryOf(resolved)
        var folder = stat()
        guard stat(directory, &folder) == 0, folder.st_mode & S_IFMT == S_IFDIR else {
            throw refuse("error.save.why.no_directory", ["directory": directory])
        }
        guard access(directory, W_OK | X_OK) == 0 else { throw refuse("error.save.why.directory_not_writable", ["directory": directory]) }
        return Target(path: resolved, existing: existing)
    }

    static func directoryOf(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let directory = String(path[..<slash])
        return directory.isEmpty ? "/" : directory
    }

    static func baseName(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// The temporary name's parts: `.` + the target's name + `.rnnscope-`, six random
    /// characters, `.tmp`.
    static let temporaryMarker = ".rnnscope-"
    static let temporarySuffix = ".tmp"
    static let randomAlphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")

    /// The signals held while a temporary file exists.
    static let heldSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]

    /// Saves `data` at `path` (see the type's notes); `protected` files are never replaced.
    public static func write(_ data: Data, to path: String, protecting protected: [Protected] = []) throws {
        try write(to: path, protecting: protected) { writeAll(data, to: $0) }
    }

    /// Saves what `contents` writes to the file descriptor it is given (nil, or the system's
    /// reason for a failed write) at `path`, as `write(_:to:protecting:)` saves bytes: the
    /// contents can be written piece by piece from where they live.
    public static func write(to path: String, protecting protected: [Protected] = [], contents: (Int32) -> String?) throws {
        let target = try resolveTarget(path, protecting: protected)
        let directory = directoryOf(target.path)
        let name = baseName(target.path)
        removeLeftovers(in: directory, of: name)

        var held = sigset_t(), previousMask = sigset_t()
        sigemptyset(&held)
        for signal in heldSignals { sigaddset(&held, signal) }
        pthread_sigmask(SIG_BLOCK, &held, &previousMask)
        defer { pthread_sigmask(SIG_SETMASK, &previousMask, nil) }

        let mode = target.existing.map { mode_t($0.st_mode & 0o777) } ?? 0o644
        var temporary = ""
        var fd: Int32 = -1
        for _ in 0..<100 {
            var generator = SystemRandomNumberGenerator()
            let random = String((0..<6).map { _ in randomAlphabet[Int(generator.next(upperBound: UInt(randomAlphabet.count)))] })
            temporary = directory + "/." + name + temporaryMarker + random + temporarySuffix
            fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
            if fd >= 0 || errno != EEXIST { break }
        }
        guard fd >= 0 else {
            throw RNNScopeError(Message("error.save.refused", nested: ["why": Message("error.save.why.system", ["reason": String(cString: strerror(errno))])]), at: .file(path))
        }
        var failure: Message?
        func system(_ reason: String?) -> Message? { reason.map { Message("error.save.why.system", ["reason": $0]) } }
        if let existing = target.existing {
            // The open's mode went through the umask; the target's own bits are kept exactly.
            if getuid() == 0 { _ = fchown(fd, existing.st_uid, existing.st_gid) }
            if fchmod(fd, mode) != 0 { failure = system(String(cString: strerror(errno))) }
        }
        if failure == nil { failure = system(contents(fd)) }
        if failure == nil, fsync(fd) != 0 { failure = system(String(cString: strerror(errno))) }
        close(fd)
        if failure == nil, let signal = pendingSignal(among: held) {
            failure = Message("error.save.why.interrupted", ["signal": String(signal)])
        }
        if failure == nil, rename(temporary, target.path) != 0 { failure = system(String(cString: strerror(errno))) }
        if let failure {
            unlink(temporary)
            throw RNNScopeError(Message("error.save.refused", nested: ["why": failure]), at: .file(path))
        }
        // Make the rename itself durable.
        let folder = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folder >= 0 {
            _ = fsync(folder)
            close(folder)
        }
    }

    private static func pendingSignal(among held: sigset_t) -> Int32? {
        var pending = sigset_t()
        sigpending(&pending)
        return heldSignals.first { sigismember(&pending, $0) == 1 }
    }

    /// Whether `file` (a name in a folder) is one of this program's temporary files for the
    /// target named `name`.
    static func isTemporary(_ file: String, of name: String) -> Bool {
        let prefix = "." + name + temporaryMarker
        guard file.hasPrefix(prefix), file.hasSuffix(temporarySuffix) else { return false }
        let random = file.dropFirst(prefix.count).dropLast(temporarySuffix.count)
        return random.count == 6 && random.allSatisfy { randomAlphabet.contains($0) }
    }

    /// Removes temporary files of `name` in `directory` older than this run: what a save that
    /// was killed (`kill -9`) left. Only regular files, never through a symbolic link.
    static func removeLeftovers(in directory: String, of name: String) {
        guard let files = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        let started = processStartTime()
        for file in files where isTemporary(file, of: name) {
            let full = directory + "/" + file
            var info = stat()
            guard lstat(full, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
            if Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9 < started {
                unlink(full)
            }
        }
    }

    /// When this process started, in seconds since 1970 (from /proc; "now" when unknown).
    static func processStartTime() -> Double {
        let now = Date().timeIntervalSince1970
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")"),
              let system = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
              let bootLine = system.split(separator: "\n").first(where: { $0.hasPrefix("btime ") }),
              let boot = Double(bootLine.dropFirst(6).trimmingCharacters(in: .whitespaces))
        else { return now }
        // Fields after the command name start at field 3 (state); starttime is field 22.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let ticks = Double(fields[19]) else { return now }
        let hertz = Double(sysconf(Int32(_SC_CLK_TCK)))
        guard hertz > 0 else { return now }
        return min(now, boot + ticks / hertz)
    }
}
