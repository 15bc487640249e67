import Foundation

/// Finds English left in text meant to be Chinese: ASCII letter runs of two or more letters,
/// less what stays the same in every language (formula symbols, parameter names, key and flag
/// names, cell and optimizer names, file formats, signals, `rnnscope`), less file paths and
/// less names in quotes. The tests of every Chinese screen and message use it (issue 18).
public enum EnglishWords {
    /// Words that are the same in a Chinese interface: names of cells, functions, optimizers,
    /// keys, themes (the `--theme` values), units, file formats, the program and its commands.
    public static let allowed: Set<String> = [
        "RNN", "GRU", "LSTM", "rnnscope", "lessons", "char", "rnn", "gru", "lstm", "tanh", "relu", "softmax", "diag", "BPTT",
        "Adam", "SGD", "adam", "sgd",
        "NaN", "Inf", "Float", "dL", "dW", "grad", "ms", "nats", "SVG", "txt",
        "Enter", "Esc", "Ctrl", "PgUp", "PgDn", "Home", "End", "space", "backspace", "tab", "shift",
        "auto", "dark", "light", "mono", "English",
        // The optimizer view's formulas (−lr·g) and the library its arithmetic is compared with.
        "lr", "PyTorch",
        // File formats and encodings named in messages about files, and signals as the system names them.
        "safetensors", "dtype", "JSON", "YAML", "UTF", "FIFO", "MB", "SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT",
        // YAML's booleans (a lesson's `shuffle: true`).
        "true", "false",
    ]

    /// The English words in `text` (each once, sorted), outside `allowed` and `also`.
    /// Not words: flags with their value (`--loss last`), file paths (`/…`, `./…`, `~/…`,
    /// `a/b.ext`), the model's text in double quotes, names in single quotes ('vocab',
    /// 'optimizer.step', 'H') or backquotes (`unit`), and symbols with an index or a number
    /// (h_t, W_hh, F32, 1e-3).
    public static func find(in text: String, also: Set<String> = []) -> [String] {
        var words = Set<String>()
        for match in pattern?.matches(in: text, range: NSRange(text.startIndex..., in: text)) ?? [] {
            guard let range = Range(match.range, in: text) else { continue }
            let token = String(text[range])
            guard token.allSatisfy({ $0.isASCII && $0.isLetter }), token.count >= 2 else { continue }
            if !allowed.contains(token), !also.contains(token) { words.insert(token) }
        }
        return words.sorted()
    }

    private static let path = #"(?:~|\.{1,2})?/[^\s'"：，。；（）]+|[^\s'"：，。；（）/]+/[^\s'"：，。；（）]*\.[A-Za-z]+"#
    private static let pattern = try? NSRegularExpression(
        pattern: #"--[a-z-]+(?: (?:last|every))?|"[^"\n]*"|'[^'\s]+'|`[^`\n]+`|"# + path + #"|[A-Za-z0-9_]+"#)
}
