import Localization
import RNNCore

/// Errors as the reader sees them on the message line and the lesson's screens: keyed errors
/// in the explorer's language, location first.
extension Strings {
    public func errorText(_ error: any Error) -> String {
        Message.describing(error).text(self)
    }
}

extension Message {
    /// What `error` says, location included, as one sentence to render later.
    public static func describing(_ error: any Error) -> Message {
        switch error {
        case let error as RNNScopeError: return error.whole
        case let error as SpecError: return error.sentence
        case let error as ScreenExport.ExportError: return error.sentence
        case let error as KeyScriptError: return error.sentence
        default: return Message("error.untranslated", ["text": "\(error)"])
        }
    }
}

extension RNNScopeError {
    /// The error's sentence with its location (`--flag: …`, `file:line: …`) as one `Message`.
    public var whole: Message {
        switch location {
        case .none: return sentence
        case .flag(let flag): return Message("error.at_flag", ["flag": flag], nested: ["message": sentence])
        case .file(let path, let line?): return Message("error.at_line", ["path": path, "line": String(line)], nested: ["message": sentence])
        case .file(let path, nil): return Message("error.at_file", ["path": path], nested: ["message": sentence])
        case .tensor(let file, let name): return Message("error.at_tensor", ["path": file, "name": name], nested: ["message": sentence])
        }
    }
}
