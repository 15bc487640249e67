/// One table per area and language; add an area to both lists.
extension StringTable {
    static let englishAreas: [[String: String]] = [
        EnglishViews.table, EnglishChrome.table, EnglishHelp.table, EnglishMessages.table, EnglishLesson.table, EnglishTraining.table,
        EnglishGradients.table, EnglishWeights.table, EnglishCompare.table, EnglishGenerate.table, EnglishThrough.table,
        EnglishWalk.table, EnglishStepPanels.table, EnglishFormula.table, EnglishGates.table, EnglishRewind.table, EnglishBatch.table,
        EnglishNeurons.table, EnglishOptimizer.table, EnglishErrors.table, EnglishCoreErrors.table, EnglishLessonErrors.table,
        EnglishCommandLine.table, EnglishExport.table, EnglishLabErrors.table,
    ]
    static let chineseAreas: [[String: String]] = [
        ChineseViews.table, ChineseChrome.table, ChineseHelp.table, ChineseMessages.table, ChineseLesson.table, ChineseTraining.table,
        ChineseGradients.table, ChineseWeights.table, ChineseCompare.table, ChineseGenerate.table, ChineseThrough.table,
        ChineseWalk.table, ChineseStepPanels.table, ChineseFormula.table, ChineseGates.table, ChineseRewind.table, ChineseBatch.table,
        ChineseNeurons.table, ChineseOptimizer.table, ChineseErrors.table, ChineseCoreErrors.table, ChineseLessonErrors.table,
        ChineseCommandLine.table, ChineseExport.table, ChineseLabErrors.table,
    ]
}
