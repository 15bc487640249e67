/// Screens leaving the terminal: the title an SVG or HTML export carries, and why the `x` key's
/// export failed.
enum EnglishExport {
    static let table: [String: String] = [
        "export.title": "rnnscope {cell}: {view} view, t={t}/{length}, {phase}, sub-step {index}/{count} {name}, unit {unit}, epoch {epoch}",
        "error.export.too_many": "cannot export: 1000 files named {base}… already exist in {folder}",
        "error.export.cannot": "cannot export to {path}: {reason}",
    ]
}
