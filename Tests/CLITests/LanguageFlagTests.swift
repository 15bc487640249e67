import Foundation
import Testing

/// `--lang` and the locale choose the interface's language; `--help` stays English.
@Suite struct LanguageFlagTests {
    @Test("--lang zh, or LANG=zh_CN.UTF-8, gives a Chinese screen; --lang en wins over LANG; a bad value is one line")
    func languageFlag() throws {
        let zh = try BinaryRunner.run(["snapshot", "--lang", "zh", "--size", "120x40", "--keys", "<tab><tab>"])
        #expect(zh.status == 0 && zh.stdout.contains("视图 3/9：训练") && zh.stdout.contains("每轮的损失"), "\(zh.stdout)")
        let locale = try BinaryRunner.run(["snapshot", "--size", "80x24"], environment: ["LANG": "zh_CN.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""])
        #expect(locale.status == 0 && locale.stdout.contains("帮助"), "\(locale.stdout)")
        let english = try BinaryRunner.run(["snapshot", "--lang", "en", "--size", "80x24"], environment: ["LANG": "zh_CN.UTF-8"])
        #expect(english.status == 0 && english.stdout.contains("? help") && !english.stdout.contains("帮助"))
        let bad = try BinaryRunner.run(["snapshot", "--lang", "fr"])
        #expect(bad.status != 0 && bad.stderr.contains("--lang"), "\(bad.stderr)")
        let help = try BinaryRunner.run(["snapshot", "--help"], environment: ["LANG": "zh_CN.UTF-8"])
        #expect(help.stdout.contains("--lang <en|zh>") && !help.stdout.contains("帮助"))
    }

    @Test("A Chinese lesson file shows a Chinese interface; --lang en shows the same lesson with English chrome")
    func lessonLanguage() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("lessons/zh/01-recurrent-unit.md").path
        let zh = try BinaryRunner.run(["snapshot", "--lesson", file, "--step", "1", "--size", "120x40"],
                                      environment: ["LANG": "C.UTF-8", "LC_ALL": ""])
        #expect(zh.status == 0 && zh.stdout.contains("第 1/") && zh.stdout.contains("下一步"), "\(zh.stdout)")
        let en = try BinaryRunner.run(["snapshot", "--lesson", file, "--lang", "en", "--step", "1", "--size", "120x40"])
        #expect(en.status == 0 && en.stdout.contains("step 1/") && en.stdout.contains("next"), "\(en.stdout)")
    }
}
