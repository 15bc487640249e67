import Foundation

/// Finds English left in text shown in Chinese: ASCII letter runs of two or more letters, less
/// what stays the same in every language (formula symbols, parameter names, key names, cell
/// names, flag names, file paths, `rnnscope`, tanh/relu/softmax, units) and less the model's own
/// text (quoted). The tests of the Chinese screens and of the Chinese errors use it.
public enum EnglishWords {
    /// Words that are the same in a Chinese interface: names of cells, functions, optimizers,
    /// keys, themes (the `--theme` values), units, file kinds, the program and its commands.
    public static let allowed: Set<String> = [
        "RNN", "GRU", "LSTM", "rnnscope", "lessons", "char", "rnn", "tanh", "relu", "softmax", "diag", "BPTT", "Adam", "SGD",
        "NaN", "Inf", "Float", "dL", "dW", "grad", "ms", "nats", "SVG", "txt",
        "Enter", "Esc", "Ctrl", "PgUp", "PgDn", "Home", "End", "space", "backspace", "tab", "shift",
        "auto", "dark", "light", "mono", "English",
        // The optimizer view's formulas (−lr·g) and the library its arithmetic is compared with.
        "lr", "PyTorch",
        // File formats and signals, named as the files and the system name them.
        "safetensors", "JSON", "SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT",
    ]

    /// The English words in `text` (each once, sorted), outside `allowed` and `also`. Flags
    /// (`--lang`), file paths (`/…`, `./…`, `~/…`, or `a/b.ext`), text in double quotes and one
    /// quoted character ('H') are not words.
    public static func find(in text: String, also: Set<String> = []) -> [String] {
        let path = #"(?:~|\.{1,2})?/[^\s'"：，。；（）]+|[^\s'"：，。；（）/]+/[^\s'"：，。；（）]*\.[A-Za-z]+"#
        let pattern = try? NSRegularExpression(pattern: #"--[a-z-]+|"[^"\n]*"|'[^'\n]'|"# + path + #"|[A-Za-z0-9_]+"#)
        var words = Set<String>()
        for match in pattern?.matches(in: text, range: NSRange(text.startIndex..., in: text)) ?? [] {
            guard let range = Range(match.range, in: text) else { continue }
            let token = String(text[range])
            // Symbols with an index or a number (h_t, W_hh, dh_k, 1e-3, Float32) are formulas.
            guard token.allSatisfy({ $0.isASCII && $0.isLetter }), token.count >= 2 else { continue }
            if !allowed.contains(token), !also.contains(token) { words.insert(token) }
        }
        return words.sorted()
    }
}
