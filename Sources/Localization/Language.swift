/// The language every string a user reads comes in. `--help` stays English (the convention for
/// command-line tools); everything else follows this.
public enum Language: String, CaseIterable, Sendable {
    case en
    case zh

    /// `LC_ALL`, then `LC_MESSAGES`, then `LANG`, as POSIX orders them: the first one set decides,
    /// and a value starting with `zh` (zh_CN.UTF-8, zh_TW, zh) selects Chinese.
    public static func fromEnvironment(_ environment: [String: String]) -> Language {
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[name], !value.isEmpty else { continue }
            return value.lowercased().hasPrefix("zh") ? .zh : .en
        }
        return .en
    }

    /// The other language: what the live toggle switches to.
    public var other: Language { self == .en ? .zh : .en }
}
