import CellGrid
import ScopeNames
import Testing
@testable import Visualizer
import Localization
import RNNCore

/// Snapshots of the gradient-flow lab: gated cells in every view, long sequences, the
/// comparison view and the gradient check, at 120×40 and 80×24 (monochrome plain text, as in
/// ScreenSnapshotTests). Re-record with RNNSCOPE_RECORD_SNAPSHOTS=1 swift test.
@Suite("Lab snapshots")
struct LabSnapshotTests {
    func screen(
        _ keys: String, cell: CellKind = .rnn, text: String = SeedNotes.text, window: Int = SeedNotes.window,
        hidden: Int = SeedNotes.hidden, loss: LossMode = .last, width: Int = 120, height: Int = 40
    ) throws -> String {
        let spec = ModelSpec(text: text, window: window, cell: cell, hidden: hidden, lossMode: loss).withInteractiveStride()
        let explorer = try Explorer(spec: spec)
        for key in try UserKey.parse(keys) { explorer.handle(key) }
        return ExplorerScreen.render(explorer, width: width, height: height).degraded(to: .monochrome).plainText()
    }

    @Test("Each GRU and LSTM sub-step at t=3, forward and backward", arguments: [CellKind.gru, .lstm])
    func gatedSubSteps(cell: CellKind) throws {
        for phase in [Phase.forward, .backward] {
            for (index, subStep) in SubStep.sequence(phase, cell: cell).enumerated() {
                let keys = (phase == .backward ? "bhhhhhhh" : "ll") + String(repeating: "<space>", count: index)
                let name = SubStepNames.name(subStep, cell: cell).filter { $0.isLetter || $0.isNumber }
                assertSnapshot(try screen(keys, cell: cell), named: "lab/\(cell.rawValue)-\(phase.rawValue)-\(index + 1)-\(name)")
            }
        }
        assertSnapshot(try screen("ll<space><space>", cell: cell, width: 80, height: 24), named: "lab/\(cell.rawValue)-compact-forward")
        // The same sub-step as before the output layer's gradients got their own (dL/dh_t's next).
        assertSnapshot(try screen("bhhhhhhh<space><space><space>", cell: cell, width: 80, height: 24), named: "lab/\(cell.rawValue)-compact-backward")
    }

    @Test("Gated cells in the other views: through time, W_hh with its gradient check, gradients", arguments: [CellKind.gru, .lstm])
    func gatedViews(cell: CellKind) throws {
        let name = cell.rawValue
        assertSnapshot(try screen("lll<tab>", cell: cell, hidden: 32), named: "lab/\(name)-through-time")
        assertSnapshot(try screen("jjj<tab><tab><tab>", cell: cell, hidden: 32), named: "lab/\(name)-w-hh")
        assertSnapshot(try screen("<tab><tab><tab><tab>", cell: cell, hidden: 32, loss: .every), named: "lab/\(name)-gradients-every")
        assertSnapshot(try screen("<tab><tab><tab>", cell: cell, hidden: 32, width: 80, height: 24), named: "lab/\(name)-compact-w-hh")
    }

    @Test("200-step sequences of the long text: through time, gradients with the bound, the comparison after training")
    func longSequences() throws {
        let long = LongText.text
        assertSnapshot(try screen("<tab>b<home>", text: long, window: 200, hidden: 32), named: "lab/long-through-time")
        assertSnapshot(try screen("<tab><tab><tab><tab>", text: long, window: 200, hidden: 32), named: "lab/long-gradients")
        assertSnapshot(try screen("<tab><tab><tab><tab>", text: long, window: 200, hidden: 32, width: 80, height: 24), named: "lab/long-compact-gradients")
        assertSnapshot(try screen("<tab><tab><tab><tab><tab>tttttttttt", text: long, window: 50, hidden: 16), named: "lab/long-compare-trained")
        assertSnapshot(try screen("<tab><tab><tab><tab><tab>P", text: long, window: 200, hidden: 16, width: 80, height: 24), named: "lab/long-compact-compare-gru")
    }

    @Test("Presets and controls: W_hh at σ_max 1.5 on the gradients view, relu, a shorter sequence, a GRU compared with the RNN")
    func controls() throws {
        assertSnapshot(try screen("wwwww<tab><tab><tab><tab>"), named: "lab/preset-sigma-1.5-gradients")
        assertSnapshot(try screen("a[<tab>"), named: "lab/relu-length-5-through-time")
        assertSnapshot(try screen("c<tab><tab><tab><tab><tab>"), named: "lab/gru-compare-with-rnn")
        assertSnapshot(try screen("?", width: 80, height: 24), named: "lab/compact-help")
    }

    @Test("The help lists every key at 80×24, 120×40 and 200×60")
    func helpListsEveryKey() throws {
        for (width, height) in [(80, 24), (120, 40), (200, 60)] {
            let help = try screen("?", width: width, height: height)
            for row in KeyMap.rows {
                #expect(help.contains(row.label + " ") && help.contains(String(row.help(Strings(.en)).prefix(20))),
                        "\(width)×\(height): '\(row.label)' is not in the help")
            }
        }
    }
}
