import CellGrid
import Foundation
import Localization
import ScopeNames
import Testing
@testable import Lessons
@testable import Visualizer

/// Every step of every shipped lesson, in both languages, renders at 120×40 and 80×24 with
/// all its live values filled in.
@Suite("Shipped lessons")
struct LessonRenderingTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("lessons").path

    static func files(_ lang: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder + "/" + lang)) ?? []
        return names.filter { $0.hasSuffix(".md") }.sorted().map { folder + "/" + lang + "/" + $0 }
    }

    static let allFiles = files("en") + files("zh")

    @Test("Eight lessons in each language, 6–15 steps, the same steps in English and Chinese")
    func catalogue() throws {
        let english = try Self.files("en").map(LessonParser.load)
        let chinese = try Self.files("zh").map(LessonParser.load)
        #expect(english.map(\.id) == [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(chinese.map(\.id) == [1, 2, 3, 4, 5, 6, 7, 8])
        for (en, zh) in zip(english, chinese) {
            #expect((6...15).contains(en.steps.count), "\(en.path): \(en.steps.count) steps")
            #expect(en.lang == "en" && zh.lang == "zh")
            #expect(en.settings == zh.settings, "\(zh.path) sets up a different model")
            #expect(en.steps.map(\.position) == zh.steps.map(\.position), "\(zh.path) goes elsewhere than \(en.path)")
            #expect(en.steps.map(\.actions) == zh.steps.map(\.actions), "\(zh.path) acts differently from \(en.path)")
        }
    }

    /// (Issue 12's narration-marker check, once ClassroomGlitchTests' own walk through every
    /// lesson, rides along on this walk: walking and training each lesson is most of the cost
    /// of both, issue 17.)
    @Test("Every step renders with every value filled in, and shows more ↓ exactly where its narration does not fit",
          arguments: allFiles)
    func everyStep(path: String) throws {
        let lesson = try LessonParser.load(path)
        let session = try LessonSession(lesson: lesson)
        // A presentation-mode twin walks beside it, so each step is replayed once (linear),
        // not from the start at every step.
        let present = try LessonSession(lesson: lesson, present: true)
        for index in 0..<session.stepCount {
            if index > 0 { session.next(); present.next() }
            #expect(session.stepIndex == index)
            #expect(session.explorer.message == nil || session.explorer.message?.hasPrefix("training stopped") == true,
                    "\(path) step \(index + 1): \(session.explorer.message ?? "")")
            for block in session.step.narration {
                for case .value(let placeholder, _) in block.spans {
                    let value = PlaceholderValues.text(for: placeholder, in: session.frame())
                    #expect(value != "?" && value != placeholder.source, "\(path) step \(index + 1): \(placeholder.source) has no value")
                }
            }
            for (width, height) in [(120, 40), (80, 24)] {
                session.narrationScroll = 0
                let screen = LessonScreen.render(session, width: width, height: height).plainText()
                #expect(screen.contains(stepTitle(session, index)), "\(path) step \(index + 1) at \(width)×\(height)")
                #expect(!screen.contains("{{"))
                expectNarrationMarker(session, top: screen, width: width, height: height, "\(path) step \(index + 1)")
            }
            #expect(present.stepIndex == index)
            let presented = LessonScreen.render(present, width: 120, height: 40).plainText()
            #expect(presented.contains(stepTitle(session, index)))
        }
    }

    /// `more ↓` in the narration's footer exactly when scrolling to the end changes the screen
    /// (there is more narration below), and never once scrolled to the end. `top` is the
    /// screen at scroll 0. The keys and marker are in the interface's language (the lesson's).
    func expectNarrationMarker(_ session: LessonSession, top: String, width: Int, height: Int, _ place: String,
                               sourceLocation: SourceLocation = #_sourceLocation) {
        let strings = Strings(session.language)
        let moreMarker = strings["lesson.narration.more"], next = session.language == .zh ? "下一步" : "next"
        let scroll = session.narrationScroll
        session.narrationScroll = 10_000
        let bottom = LessonScreen.render(session, width: width, height: height).plainText()
        session.narrationScroll = scroll
        let overflows = top != bottom
        let footer = top.components(separatedBy: "\n").last { $0.contains(next) && $0.contains("╯") } ?? ""
        #expect(footer.contains(moreMarker) == overflows,
                "\(place) at \(width)×\(height): \(overflows ? "cut narration without" : "marker without more"): \(footer)",
                sourceLocation: sourceLocation)
        let end = bottom.components(separatedBy: "\n").last { $0.contains(next) && $0.contains("╯") } ?? ""
        #expect(!end.contains(moreMarker), "\(place): scrolled to the end, nothing is below: \(end)", sourceLocation: sourceLocation)
    }

    /// "step 3/12" in an English lesson, "第 3/12 步" in a Chinese one (the interface follows the lesson).
    func stepTitle(_ session: LessonSession, _ index: Int) -> String {
        session.language == .zh ? "第 \(index + 1)/\(session.stepCount) 步" : "step \(index + 1)/\(session.stepCount)"
    }
}

@Suite("Lesson keys")
struct LessonKeyTests {
    static let source = """
        ---
        id: 1
        title: Keys
        lang: en
        hidden: 8
        ---
        ## One
        ```rnnscope
        t: 2
        substep: preactivation
        unit: 3
        ```
        Unit {{unit}} at step {{t}}.
        ## Two
        ```rnnscope
        clip: 1
        lr: 0.02
        train: 5
        phase: backward
        t: last
        ```
        Loss {{loss}} after {{epoch}} epochs.
        """

    @Test("Enter and ] advance, [ goes back, = undoes free exploration")
    func keys() throws {
        let session = try LessonSession(lesson: LessonParser.parse(Self.source, path: "keys.md"))
        #expect(session.explorer.t == 2 && session.explorer.unit == 3 && session.explorer.subStep == .forward(.preactivation))
        session.handle(.enter)
        #expect(session.stepIndex == 1 && session.explorer.epoch == 5 && session.explorer.t == 10 && session.explorer.phase == .backward)
        #expect(session.explorer.lab.spec.training.clipNorm == 1 && session.explorer.lab.spec.training.learningRate == 0.02)
        // Free exploration: train more, move around.
        session.handle(.character("t"))
        session.handle(.left)
        #expect(session.explorer.epoch == 6 && session.explorer.t == 9)
        session.handle(.character("="))
        #expect(session.explorer.epoch == 5 && session.explorer.t == 10)
        session.handle(.character("["))
        #expect(session.stepIndex == 0 && session.explorer.epoch == 0 && session.explorer.t == 2)
        session.handle(.character("]"))
        #expect(session.stepIndex == 1)
        #expect(session.handle(.character("q")) == false)
    }
}
