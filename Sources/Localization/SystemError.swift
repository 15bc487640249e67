import Foundation

/// Why the system refused (an `errno`), in the reader's language: the common causes have a
/// sentence of their own (in English the system's own words); any other is named by its
/// number and the system's English text.
public enum SystemError {
    static let names: [Int32: String] = [
        ENOENT: "no_such_file", EACCES: "permission", EPERM: "not_permitted", ENOSPC: "disk_full", EDQUOT: "quota",
        EROFS: "read_only", EISDIR: "is_folder", ENOTDIR: "not_folder", EEXIST: "exists", EPIPE: "broken_pipe", EBADF: "bad_descriptor",
        EIO: "io", ENAMETOOLONG: "name_too_long", ELOOP: "loop",
    ]

    /// The sentence for `code` (`errno` right after the call that failed).
    public static func message(_ code: Int32) -> Message {
        if let name = names[code] { return Message("error.system.\(name)") }
        return Message("error.system.other", ["code": String(code), "text": String(cString: strerror(code))])
    }
}
