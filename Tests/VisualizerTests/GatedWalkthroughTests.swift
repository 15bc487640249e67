import CellGrid
import Foundation
import Testing
@testable import RNNCore
@testable import Visualizer

/// GRU and LSTM steps walk through their gates, with the trace's own numbers on screen; the
/// cell, activation and length keys rebuild the model as they say.
@Suite("Gated walk-through and lab controls")
struct GatedWalkthroughTests {
    func explorer(_ cell: CellKind, hidden: Int = 16) throws -> Explorer {
        var setup = try ExplorerSetup.notes()
        setup.config = ModelConfig(vocabulary: setup.config.vocabulary, hidden: hidden, cell: cell)
        return try Explorer(setup: setup)
    }

    /// The number the inspector must show for a gated sub-step, from the trace.
    func expectedNumber(_ subStep: SubStep, trace: Trace, t: Int, unit u: Int) -> String? {
        let s = trace.step(t)
        if let index = subStep.gateIndex { return NumberText.precise(s.gates[index].values[u]) }
        switch subStep {
        case .forward(.cellState): return NumberText.precise(s.c?[u] ?? .nan)
        case .forward(.newHidden): return NumberText.precise(s.h[u])
        case .backward(.dHidden): return NumberText.value(s.dh[u])
        case .backward(.dCell): return NumberText.value(s.dc?[u] ?? .nan)
        case .backward(.dGates): return NumberText.value(s.gates[0].gradient[u])
        case .backward(.weightGradients): return NumberText.value(trace.gradients.value(.weightHH, [trace.config.hidden + u, u]))
        default: return nil  // embedding, output and loss: worded as for the RNN
        }
    }

    @Test("space walks every gate forward and every gradient back, showing the trace's numbers",
          arguments: [(CellKind.gru, 8, 5), (.lstm, 10, 6)])
    func fullWalk(cell: CellKind, forward: Int, backward: Int) throws {
        let e = try explorer(cell)
        for _ in 0..<3 { e.handle(.down) }
        #expect(SubStep.sequence(.forward, cell: cell).count == forward)
        #expect(SubStep.sequence(.backward, cell: cell).count == backward)
        var visited: [(Int, SubStep)] = []
        for _ in 0..<(10 * (forward + backward)) {
            visited.append((e.t, e.subStep))
            let screen = ExplorerScreen.render(e, width: 120, height: 40).plainText()
            #expect(screen.contains("\(e.subStep.position(cell: cell).index + 1)/\(e.phase == .forward ? forward : backward)"))
            if let expected = expectedNumber(e.subStep, trace: e.trace, t: e.t, unit: 3) {
                #expect(screen.contains(expected), "\(cell) t=\(e.t) \(e.subStep): the screen should show \(expected)")
            }
            e.handle(.character(" "))
        }
        #expect(visited.prefix(forward).map(\.1) == SubStep.sequence(.forward, cell: cell))
        #expect(visited.last?.0 == 1 && visited.last?.1 == .backward(.dHiddenPrevious))
        for expected in visited.reversed().dropFirst() {
            e.handle(.backspace)
            #expect(e.t == expected.0 && e.subStep == expected.1)
        }
    }

    @Test("The gate formulas add up: z_t = σ(input + memory), h_t = (1 − z) n + z h_{t-1}, c_t = f c + i g")
    func gateArithmetic() throws {
        let gru = try explorer(.gru)
        let s = gru.trace.step(4)
        let z = StepExplanation(subStep: .gate(1), trace: gru.trace, t: 4, unit: 2)
        let zPre = s.gatedInputTerm[16 + 2] + s.gatedHiddenTerm[16 + 2]
        #expect(abs(1 / (1 + exp(-zPre)) - s.gates[1].values[2]) < 1e-6)
        #expect(z.inspector[0] == "z_t[2] = σ(\(NumberText.value(s.gatedInputTerm[18])) + \(NumberText.term(s.gatedHiddenTerm[18]))) = \(NumberText.precise(s.gates[1].values[2]))")
        let blend = (1 - s.gates[1].values[2]) * s.gates[2].values[2] + s.gates[1].values[2] * s.hPrev[2]
        #expect(abs(blend - s.h[2]) < 1e-6)
        let lstm = try explorer(.lstm)
        let l = lstm.trace.step(4)
        let c = l.gates[1].values[2] * (l.cPrev?[2] ?? 0) + l.gates[0].values[2] * l.gates[2].values[2]
        #expect(abs(c - (l.c?[2] ?? .nan)) < 1e-6)
        #expect(abs(l.gates[3].values[2] * tanhf(c) - l.h[2]) < 1e-6)
    }

    @Test("c cycles RNN → GRU → LSTM → RNN with fresh weights; a toggles tanh/relu on the RNN only")
    func cellAndActivation() throws {
        let e = try Explorer(setup: .notes())
        e.handle(.character("t"))
        e.handle(.character("c"))
        #expect(e.cell == .gru && e.epoch == 0 && e.losses.isEmpty)
        #expect(e.trace.parameters.shape.count(of: .weightHH) == 3 * 64 * 64)
        #expect(e.message?.hasPrefix("cell: GRU") == true)
        e.handle(.character("a"))
        #expect(e.message?.contains("no activation to choose") == true)
        e.handle(.character("c"))
        #expect(e.cell == .lstm)
        e.handle(.character("c"))
        #expect(e.cell == .rnn)
        let weights = e.trace.parameters
        e.handle(.character("a"))
        #expect(e.trace.config.activation == .relu && e.trace.parameters == weights)
    }

    @Test("[ and ] step the sequence length up to the whole text, striding windows to keep an epoch small")
    func length() throws {
        var setup = try ExplorerSetup.notes()
        setup.text = LongText.text
        setup.config = ModelConfig(vocabulary: Vocabulary(text: LongText.text), hidden: 16)
        let e = try Explorer(setup: setup)
        e.handle(.character("]"))
        #expect(e.trace.length == 20)
        for _ in 0..<5 { e.handle(.character("]")) }
        #expect(e.trace.length == 200)
        #expect(e.data.count * e.data.window <= TrainingSet.interactiveStepBudget + e.data.window)
        #expect(e.data.stride > 1 && e.message?.contains("one every \(e.data.stride) characters") == true)
        for _ in 0..<20 { e.handle(.character("]")) }
        #expect(e.trace.length == LongText.text.unicodeScalars.count - 1)
        #expect(e.message?.contains("already the whole text") == true)
        for _ in 0..<30 { e.handle(.character("[")) }
        #expect(e.trace.length == 2)
        #expect(throws: RNNScopeError.self) { try e.setWindow(0) }
    }

    @Test("The comparison view trains its partner in step; g switches GRU/LSTM; a gated main model is compared with the RNN")
    func comparison() throws {
        let e = try Explorer(setup: .notes())
        #expect(e.comparison == nil)
        e.view = .compare
        #expect(e.comparison?.cell == .lstm && e.comparison?.trace != nil)
        e.handle(.character("t"))
        #expect(e.comparison?.epoch == 1 && e.comparison?.losses.count == 1)
        e.handle(.character("g"))
        #expect(e.partnerCell == .gru && e.comparison?.cell == .gru && e.comparison?.epoch == 0)
        let screen = ExplorerScreen.render(e, width: 120, height: 40).plainText()
        #expect(screen.contains("━ RNN") && screen.contains("━ GRU"))
        e.handle(.character("c"))
        #expect(e.cell == .gru && e.partnerCell == .rnn && e.comparison?.cell == .rnn)
    }

    @Test("The W_hh view's gradient check shows BPTT beside a finite difference that agrees")
    func gradientCheck() throws {
        for cell in CellKind.allCases {
            let e = try explorer(cell)
            e.view = .weights
            for _ in 0..<5 { e.handle(.down) }
            let check = e.gradientCheck
            #expect(check.index == [cell.isGated ? 16 + 5 : 5, 5])
            #expect(abs(check.numeric - Double(check.bptt)) <= 1e-4 + 1e-2 * abs(Double(check.bptt)))
            let screen = ExplorerScreen.render(e, width: 120, height: 40).plainText()
            #expect(screen.contains(String(format: "%.4e", check.bptt)) && screen.contains("→ agree"), "\(cell)")
        }
    }

    @Test("While training continuously the gradients view reuses a fresh-enough analysis; stopped, it is exact")
    func analysisWhileTraining() throws {
        let e = try explorer(.lstm)
        e.analysisRefreshNanoseconds = 60_000_000_000  // no dependence on the test's speed
        let before = e.analysis
        e.handle(.character("T"))
        e.trainFor(nanoseconds: 1_000_000)
        #expect(e.analysis.dhNorms == before.dhNorms, "within the refresh interval the previous analysis is shown")
        e.handle(.character("T"))
        #expect(!e.training)
        #expect(e.analysis.dhNorms == e.trace.steps.map { l2Norm($0.dh) })
    }
}
