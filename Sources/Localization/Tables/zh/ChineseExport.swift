/// 离开终端的画面：SVG、HTML 导出带的标题，以及 x 键导出失败的原因。
enum ChineseExport {
    static let table: [String: String] = [
        "export.title": "rnnscope {cell}：{view}视图，t={t}/{length}，{phase}，子步骤 {index}/{count} {name}，单元 {unit}，第 {epoch} 轮",
        "error.export.too_many": "无法导出：{folder} 里已有 1000 个名为 {base}… 的文件",
        "error.export.cannot": "无法导出到 {path}：{reason}",
    ]
}
