/// Errors: what went wrong and where, on stderr, the message line and lesson error screens.
enum EnglishErrors {
    static let table: [String: String] = [
        // Text that comes from outside rnnscope (an unknown libyaml problem, a system error).
        "error.untranslated": "{text}",
        "error.at_flag": "{flag}: {message}",
        "error.at_line": "{path}:{line}: {message}",
        "error.at_file": "{path}: {message}",
        "error.at_tensor": "{path}: tensor '{name}': {message}",
    ]
}
