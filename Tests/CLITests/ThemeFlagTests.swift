import Testing

/// `--theme` on `snapshot` (the same option group serves `explore` and `lesson`).
@Suite("--theme")
struct ThemeFlagTests {
    static let keys = ["--keys", "lll<space><space><space>", "--ansi"]

    @Test("light draws the light palette, dark the dark one, mono no colour")
    func themes() throws {
        let dark = try BinaryRunner.run(["snapshot", "--theme", "dark"] + Self.keys)
        let light = try BinaryRunner.run(["snapshot", "--theme", "light"] + Self.keys)
        let mono = try BinaryRunner.run(["snapshot", "--theme", "mono"] + Self.keys)
        #expect(dark.status == 0 && light.status == 0 && mono.status == 0)
        // The formula line: pale blue 153 on dark, dark blue 25 on light.
        #expect(dark.stdout.contains("1;38;5;153m") && !dark.stdout.contains("1;38;5;25m"))
        #expect(light.stdout.contains("1;38;5;25m") && !light.stdout.contains("1;38;5;153m"))
        #expect(!mono.stdout.contains("38;5;") && !mono.stdout.contains("48;5;"))
    }

    @Test("snapshot's auto follows COLORFGBG, else dark")
    func auto() throws {
        let plain = try BinaryRunner.run(["snapshot"] + Self.keys, environment: ["COLORFGBG": ""])
        let lightTerminal = try BinaryRunner.run(["snapshot"] + Self.keys, environment: ["COLORFGBG": "0;15"])
        #expect(plain.stdout.contains("1;38;5;153m"))
        #expect(lightTerminal.stdout.contains("1;38;5;25m"))
    }

    @Test func badTheme() throws {
        let result = try BinaryRunner.run(["snapshot", "--theme", "pink"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--theme"))
    }
}
