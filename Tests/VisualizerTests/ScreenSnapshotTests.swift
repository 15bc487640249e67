import CellGrid
import ScopeNames
import Testing
@testable import Visualizer
import RNNCore

/// Whole screens as plain text, stored in __Snapshots__/screens. The grid is first passed
/// through the monochrome fallback, so heatmap values show as shading (░▒▓█ for positive,
/// -=≡■ for negative values) and the snapshot records the data as well as the layout.
/// Re-record with RNNSCOPE_RECORD_SNAPSHOTS=1 swift test.
@Suite("Screen snapshots")
struct ScreenSnapshotTests {
    func screen(_ keys: String, epochs: Int = 0, width: Int = 120, height: Int = 40, loss: LossMode = .last) throws -> String {
        var spec = ModelSpec.notes
        spec.lossMode = loss
        let explorer = try Explorer(spec: spec)
        if epochs > 0 { explorer.lab.train(epochs: epochs) }
        for key in try UserKey.parse(keys) { explorer.handle(key) }
        return ExplorerScreen.render(explorer, width: width, height: height).degraded(to: .monochrome).plainText()
    }

    static let forwardSteps = SubStep.sequence(.forward, cell: .rnn).enumerated().map { ($0.offset, "\($0.element.caseName)") }
    static let backwardSteps = SubStep.sequence(.backward, cell: .rnn).enumerated().map { ($0.offset, "\($0.element.caseName)") }

    @Test("Each forward sub-step at t=3", arguments: forwardSteps)
    func forward(index: Int, name: String) throws {
        let keys = "ll" + String(repeating: "<space>", count: index)
        assertSnapshot(try screen(keys), named: "screens/forward-\(index + 1)-\(name)")
    }

    @Test("Each backward sub-step at t=3", arguments: backwardSteps)
    func backward(index: Int, name: String) throws {
        let keys = "bhhhhhhh" + String(repeating: "<space>", count: index)
        assertSnapshot(try screen(keys), named: "screens/backward-\(index + 1)-\(name)")
    }

    @Test("The other views: through time, training after 40 epochs, W_hh")
    func views() throws {
        assertSnapshot(try screen("lll<tab>"), named: "screens/view-through-time")
        assertSnapshot(try screen("<tab><tab>", epochs: 40), named: "screens/view-training")
        assertSnapshot(try screen("<tab><tab>y", epochs: 40), named: "screens/view-training-log")
        assertSnapshot(try screen("jjj<tab><tab><tab>"), named: "screens/view-w-hh")
        assertSnapshot(try screen("<btab><btab><btab><btab>", epochs: 100), named: "screens/view-gradients")
        assertSnapshot(try screen("<btab><btab><btab><btab>", width: 80, height: 24), named: "screens/compact-gradients")
        assertSnapshot(try screen("<btab><btab><btab><btab>", loss: .every), named: "screens/view-gradients-every")
    }

    @Test("The reduced 80×24 layout, forward and backward")
    func compact() throws {
        assertSnapshot(try screen("ll<space><space><space>", width: 80, height: 24), named: "screens/compact-forward")
        assertSnapshot(try screen("bhhhhhhh<space><space>", width: 80, height: 24), named: "screens/compact-backward")
        assertSnapshot(try screen("<tab>", width: 80, height: 24), named: "screens/compact-through-time")
    }

    @Test("Help, typing a sequence, a trained model's step view, a too-small terminal")
    func overlays() throws {
        assertSnapshot(try screen("?"), named: "screens/help")
        assertSnapshot(try screen("eRNN ar"), named: "screens/editing")
        assertSnapshot(try screen("lllllllll", epochs: 100), named: "screens/trained-t10")
        assertSnapshot(try screen("", width: 30, height: 8), named: "screens/too-small")
    }
}
