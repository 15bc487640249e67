/// One table per area and language; add an area to both lists.
extension StringTable {
    static let englishAreas: [[String: String]] = [EnglishViews.table]
    static let chineseAreas: [[String: String]] = [ChineseViews.table]
}
