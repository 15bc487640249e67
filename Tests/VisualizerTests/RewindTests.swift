import CellGrid
import Foundation
import Lessons
import RNNCore
import Testing
@testable import Visualizer

/// Issue 16 §3: rewinding across epochs in the lab, on the keys, on screen and in lessons.
@Suite("Rewinding to earlier epochs")
struct RewindTests {
    /// A small model whose epochs are quick: H=8 over the notes' windows of 5.
    static let spec = ModelSpec(text: SeedNotes.text, window: 5, hidden: 8).withInteractiveStride()
    static let epochs = [0, 1, 2, 4, 8, 16, 32, 50, 64, 100, 128, 150]

    @Test("Training here keeps snapshots at 0, 1, 2, 4, … and 50, 100, …; rewinding to 64 and training on gives the same losses bit for bit")
    func replayInPlace() throws {
        let lab = try Lab(spec: Self.spec)
        lab.train(epochs: 150)
        let original = lab.losses, weights = lab.model.parameters
        #expect(lab.historyEpochs == Self.epochs)
        #expect(lab.rewind(to: 70) == .rewound(epoch: 64, presentEpoch: 150))
        #expect(lab.isInPast && lab.epoch == 64 && lab.presentEpoch == 150)
        #expect(lab.losses.map(\.bitPattern) == original.prefix(64).map(\.bitPattern))
        #expect(lab.presentLosses.count == 150)
        // Every view reads the lab: the pass on screen is the past model's.
        #expect(lab.trace.parameters.storage != weights.storage)
        lab.train(epochs: 86)
        #expect(!lab.isInPast && lab.epoch == 150)
        #expect(lab.losses.map(\.bitPattern) == original.map(\.bitPattern))
        #expect(lab.model.parameters.storage.map(\.bitPattern) == weights.storage.map(\.bitPattern))
        #expect(lab.historyEpochs == Self.epochs)
    }

    @Test("Continuous training on the worker thread keeps the same snapshots, and a branch from 100 replays it exactly")
    func replayOnWorker() throws {
        let direct = try Lab(spec: Self.spec)
        direct.train(epochs: 150)
        let lab = try Lab(spec: Self.spec)
        lab.grantBackgroundEpochs(150)
        lab.finishBackgroundTraining()
        #expect(lab.historyEpochs == Self.epochs)
        #expect(lab.losses.map(\.bitPattern) == direct.losses.map(\.bitPattern))
        #expect(lab.rewind(to: 100) == .rewound(epoch: 100, presentEpoch: 150))
        lab.grantBackgroundEpochs(50)
        lab.finishBackgroundTraining()
        #expect(!lab.isInPast && lab.epoch == 150)
        #expect(lab.losses.map(\.bitPattern) == direct.losses.map(\.bitPattern))
    }

    @Test(", and . move through the snapshots; . past the last and Esc return to the present")
    func keys() throws {
        let explorer = try Explorer(spec: Self.spec)
        explorer.lab.train(epochs: 150)
        let present = explorer.lab.model.parameters
        explorer.handle(.character(","))
        #expect(explorer.lab.epoch == 128 && explorer.lab.isInPast)
        #expect(explorer.ui.message?.hasPrefix("epoch 128 of 150: every view shows the model as it was then") == true)
        explorer.handle(.character(","))
        #expect(explorer.lab.epoch == 100)
        explorer.handle(.character("."))
        #expect(explorer.lab.epoch == 128)
        explorer.handle(.character("."))
        #expect(!explorer.lab.isInPast && explorer.lab.epoch == 150)
        #expect(explorer.lab.model.parameters.storage.map(\.bitPattern) == present.storage.map(\.bitPattern))
        #expect(explorer.ui.message == "back to the present: epoch 150")
        explorer.handle(.character(","))
        explorer.handle(.escape)
        #expect(!explorer.lab.isInPast && explorer.lab.epoch == 150)
        // Nothing trained: nothing to rewind to.
        let fresh = try Explorer(spec: Self.spec)
        fresh.handle(.character(","))
        #expect(!fresh.lab.isInPast && fresh.ui.message?.hasPrefix("nothing to rewind to yet") == true)
    }

    @Test("T or t in the past asks; n keeps the future, y drops it and continues from there")
    func branching() throws {
        let explorer = try Explorer(spec: Self.spec)
        explorer.lab.train(epochs: 150)
        let original = explorer.lab.losses
        explorer.handle(.character(","))
        explorer.handle(.character(","))
        #expect(explorer.lab.epoch == 100)
        explorer.handle(.character("T"))
        #expect(explorer.ui.message == "continue training from epoch 100 and drop epochs 101…150? y/n")
        #expect(!explorer.ui.training)
        explorer.handle(.character("n"))
        #expect(explorer.lab.isInPast && explorer.lab.presentEpoch == 150 && explorer.lab.historyEpochs.last == 150)
        explorer.handle(.character("t"))
        explorer.handle(.character("y"))
        #expect(!explorer.lab.isInPast && explorer.lab.epoch == 101)
        #expect(explorer.lab.historyEpochs.last == 100)
        #expect(explorer.lab.losses.map(\.bitPattern) == original.prefix(101).map(\.bitPattern))
        #expect(explorer.ui.message?.hasPrefix("continuing from epoch 100: epochs 101…150 dropped") == true)
        // Another change to the model asks the same way; y applies it to the past's model.
        explorer.handle(.character(","))
        let past = explorer.lab.model.parameters
        explorer.handle(.character("a"))
        #expect(explorer.ui.message?.hasSuffix("? y/n") == true && explorer.lab.isInPast)
        explorer.handle(.character("y"))
        #expect(!explorer.lab.isInPast && explorer.lab.spec.activation == .relu)
        #expect(explorer.lab.model.parameters.storage == past.storage)
    }

    @Test("The training view in the past: the marker on the curve and the header, at 120×40 and 80×24")
    func screens() throws {
        let explorer = try Explorer(spec: Self.spec)
        explorer.lab.train(epochs: 150)
        explorer.setView(.training)
        explorer.handle(.character(","))
        explorer.handle(.character(","))
        let wide = ExplorerScreen.render(explorer, width: 120, height: 40).degraded(to: .monochrome).plainText()
        #expect(wide.contains("epoch 100 of 150 — the past"))
        #expect(wide.contains("▲"))
        assertSnapshot(wide, named: "rewind/training-past-120x40")
        let compact = ExplorerScreen.render(explorer, width: 80, height: 24).degraded(to: .monochrome).plainText()
        #expect(compact.contains("epoch 100/150: the past"))
        assertSnapshot(compact, named: "rewind/training-past-80x24")
        // One key further back, the marker moves left.
        func column(_ screen: String) -> Int? {
            guard let line = screen.split(separator: "\n").last(where: { $0.contains("▲") }), let index = line.firstIndex(of: "▲") else { return nil }
            return line.distance(from: line.startIndex, to: index)
        }
        explorer.handle(.character(","))
        let earlier = ExplorerScreen.render(explorer, width: 120, height: 40).degraded(to: .monochrome).plainText()
        #expect(try #require(column(earlier)) < (try #require(column(wide))))
    }

    @Test("rewind: N in a lesson goes to the snapshot at or before N; with no history it names the line")
    func lessonDirective() throws {
        let good = "---\nid: 1\ntitle: x\nlang: en\nhidden: 8\nwindow: 5\n---\n## s\n```rnnscope\ntrain: 120\nrewind: 70\n```\nText.\n"
        let session = try LessonSession(lesson: LessonParser.parse(good, path: "r.md"))
        #expect(session.explorer.lab.isInPast && session.explorer.lab.epoch == 64 && session.explorer.lab.presentEpoch == 120)
        let bad = "---\nid: 1\ntitle: x\nlang: en\nhidden: 8\n---\n## s\n```rnnscope\nrewind: 70\n```\nText.\n"
        do {
            _ = try LessonSession(lesson: LessonParser.parse(bad, path: "r.md"))
            Issue.record("rewind with no history accepted")
        } catch let error as RNNScopeError {
            #expect(error.location == .file("r.md", line: 9), "\(error)")
            #expect(error.message.contains("nothing was trained yet"), "\(error)")
        }
    }
}
