/// One table per area and language; add an area to both lists.
extension StringTable {
    static let englishAreas: [[String: String]] = [EnglishViews.table, EnglishWalk.table, EnglishStepPanels.table, EnglishFormula.table, EnglishGates.table]
    static let chineseAreas: [[String: String]] = [ChineseViews.table, ChineseWalk.table, ChineseStepPanels.table, ChineseFormula.table, ChineseGates.table]
}
