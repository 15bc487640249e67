import CellGrid

/// A matrix (a weight matrix, the hidden states of every time step…) as half-block pixels:
/// each cell is `▀` with matrix row 2k in the foreground (upper half) and row 2k+1 in the
/// background (lower half), one column per matrix column. An odd last row leaves the lower
/// half on the terminal's default background.
///
/// **Compression.** With more columns than `rect.width`, columns are split into `rect.width`
/// nearly equal contiguous groups and each pixel shows its group's mean; rows likewise when
/// there are more than `2 × rect.height`. A group holding a NaN or ±Inf shows that mark (so a
/// bad value is never averaged away), and rows shorter than the longest are treated as
/// missing entries, not zeros.
///
/// **Highlights.** `highlightRow` reserves the first column of `rect` for a bold yellow `▶`
/// beside the cell row holding that matrix row; `highlightColumn` reserves a row for a `▲`
/// just under that column (the last row of `rect` at the latest). Both are text, so they survive the monochrome pass.
///
/// Each cell carries the mean intensity of its two pixels; a cell with a non-finite pixel
/// shows `×` (NaN) or `!` (Inf) on magenta instead of its two colours.
public enum MatrixHeatmap {
    public static func draw(
        _ rows: [[Float]], scale: ColorScale, in rect: Rect, on grid: inout CellGrid,
        highlightRow: Int? = nil, highlightColumn: Int? = nil
    ) {
        draw(rowCount: rows.count, columnCount: rows.map(\.count).max() ?? 0, scale: scale, in: rect, on: &grid,
             highlightRow: highlightRow, highlightColumn: highlightColumn) { block, groups in
            groups.map { mean(rows, rows: block, columns: $0) }
        }
    }

    /// `draw` for a matrix of `rowCount` × `columnCount` entries read through `means`: for a
    /// block of rows, the mean of each group of columns (nil where a block has none).
    static func draw(
        rowCount: Int, columnCount: Int, scale: ColorScale, in rect: Rect, on grid: inout CellGrid,
        highlightRow: Int?, highlightColumn: Int?, means: (Range<Int>, [Range<Int>]) -> [Float?]
    ) {
        let rect = rect.sanitized
        var area = rect
        let rowMarker = highlightRow != nil && rect.width >= 2
        let columnMarker = highlightColumn != nil && rect.height >= 2
        if rowMarker { area.x += 1; area.width -= 1 }
        if columnMarker { area.height -= 1 }
        guard !area.isEmpty, rowCount > 0, columnCount > 0 else { return }

        let outColumns = min(columnCount, area.width)
        let outPixels = min(rowCount, 2 * area.height)
        let groups = (0..<outColumns).map { Grouping.range($0, count: columnCount, groups: outColumns) }
        let pixels = (0..<outPixels).map { p in means(Grouping.range(p, count: rowCount, groups: outPixels), groups) }
        for k in 0..<(outPixels + 1) / 2 {
            for j in 0..<outColumns {
                let top = pixels[2 * k][j]
                let bottom = 2 * k + 1 < outPixels ? pixels[2 * k + 1][j] : nil
                if let cell = cell(top: top, bottom: bottom, scale: scale) {
                    grid.drawCell(cell, x: area.x + j, y: area.y + k, clip: rect)
                }
            }
        }
        let marker = Style(foreground: WidgetPalette.highlight, bold: true)
        if rowMarker, let r = highlightRow, (0..<rowCount).contains(r) {
            let p = Grouping.group(of: r, count: rowCount, groups: outPixels)
            grid.drawCell(Cell("▶", style: marker), x: rect.x, y: area.y + p / 2, clip: rect)
        }
        if columnMarker, let c = highlightColumn, (0..<columnCount).contains(c) {
            let j = Grouping.group(of: c, count: columnCount, groups: outColumns)
            grid.drawCell(Cell("▲", style: marker), x: area.x + j, y: area.y + (outPixels + 1) / 2, clip: rect)
        }
    }

    /// The matrix rows `draw` puts in the same screen row as `row` (with the same `rect` and
    /// highlights): two, one per half-block, or more when the rows are grouped to fit.
    public static func rowsSharingScreenRow(with row: Int, rowCount: Int, in rect: Rect,
                                            highlightRow: Bool, highlightColumn: Bool) -> Range<Int> {
        let rect = rect.sanitized
        let height = rect.height - (highlightColumn && rect.height >= 2 ? 1 : 0)
        guard height > 0, rowCount > 0, (0..<rowCount).contains(row) else { return row..<(row + 1) }
        let outPixels = min(rowCount, 2 * height)
        let k = Grouping.group(of: row, count: rowCount, groups: outPixels) / 2
        let upper = Grouping.range(2 * k, count: rowCount, groups: outPixels)
        let lower = 2 * k + 1 < outPixels ? Grouping.range(2 * k + 1, count: rowCount, groups: outPixels) : upper
        return upper.lowerBound..<lower.upperBound
    }

    /// The cells `draw` uses for a matrix of this size: (width, height) before clipping,
    /// including the margin a highlight reserves.
    public static func size(rowCount: Int, columnCount: Int, highlightRow: Bool = false,
                            highlightColumn: Bool = false) -> (width: Int, height: Int) {
        guard rowCount > 0, columnCount > 0 else { return (0, 0) }
        return (columnCount + (highlightRow ? 1 : 0), (rowCount + 1) / 2 + (highlightColumn ? 1 : 0))
    }

    /// Mean of the entries in a block (nil when the block has none; NaN/Inf propagate).
    private static func mean(_ m: [[Float]], rows: Range<Int>, columns: Range<Int>) -> Float? {
        var sum = 0.0, count = 0
        for r in rows {
            let row = m[r]
            for c in columns where c < row.count {
                sum += Double(row[c])
                count += 1
            }
        }
        guard count > 0 else { return nil }
        if sum.isNaN { return .nan }
        return Float(sum / Double(count))  // ±Inf, or a finite mean
    }

    /// One half-block cell from its two pixels (nil = no data).
    private static func cell(top: Float?, bottom: Float?, scale: ColorScale) -> Cell? {
        for v in [top, bottom] { if let v, !v.isFinite { return WidgetPalette.nonFiniteCell(v) } }
        switch (top, bottom) {
        case (nil, nil):
            return nil
        case (let t?, nil):
            return Cell("▀", style: Style(foreground: scale.color(for: t)), intensity: scale.intensity(for: t))
        case (nil, let b?):
            return Cell("▄", style: Style(foreground: scale.color(for: b)), intensity: scale.intensity(for: b))
        case (let t?, let b?):
            return Cell("▀", style: Style(foreground: scale.color(for: t), background: scale.color(for: b)),
                        intensity: ColorScale.monochromeSafe((scale.rawIntensity(for: t) + scale.rawIntensity(for: b)) / 2))
        }
    }
}
