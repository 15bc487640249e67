/// 错误：出了什么问题、在哪里（标准错误输出、消息行、课程的错误画面）。
enum ChineseErrors {
    static let table: [String: String] = [
        "error.untranslated": "{text}",
        "error.at_flag": "{flag}：{message}",
        "error.at_line": "{path}:{line}：{message}",
        "error.at_file": "{path}：{message}",
        "error.at_tensor": "{path}：张量 '{name}'：{message}",
    ]
}
