import CellGrid
import Foundation
import ScopeNames
import Testing
@testable import RNNCore
@testable import Visualizer

/// GRU and LSTM steps walk through their gates, with the trace's own numbers on screen; the
/// cell, activation and length keys rebuild the model as they say.
@Suite("Gated walk-through and lab controls")
struct GatedWalkthroughTests {
    func explorer(_ cell: CellKind, hidden: Int = 16) throws -> Explorer {
        var spec = ModelSpec.notes
        spec.hidden = hidden
        spec.cell = cell
        return try Explorer(spec: spec)
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
        // The first gate worked out: the GRU's candidate n (r's gradient needs n's), the LSTM's i.
        case .backward(.dGates): return NumberText.value(s.gates[trace.config.cell == .gru ? 2 : 0].gradient[u])
        case .backward(.weightGradients): return NumberText.value(trace.gradients.value(.weightHH, [trace.config.hidden + u, u]))
        default: return nil  // embedding, output and loss: worded as for the RNN
        }
    }

    @Test("space walks every gate forward and every gradient back, showing the trace's numbers",
          arguments: [(CellKind.gru, 8, 7), (.lstm, 10, 8)])
    func fullWalk(cell: CellKind, forward: Int, backward: Int) throws {
        let e = try explorer(cell)
        for _ in 0..<3 { e.handle(.down) }
        #expect(SubStep.sequence(.forward, cell: cell).count == forward)
        #expect(SubStep.sequence(.backward, cell: cell).count == backward)
        var visited: [(Int, SubStep)] = []
        for _ in 0..<(10 * (forward + backward)) {
            visited.append((e.t, e.subStep))
            let screen = ExplorerScreen.render(e, width: 120, height: 40).plainText()
            #expect(screen.contains("\(SubStepNames.position(e.subStep, cell: cell).index + 1)/\(e.phase == .forward ? forward : backward)"))
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
        let e = try Explorer(spec: .notes)
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
        let e = try Explorer(spec: ModelSpec(text: LongText.text, hidden: 16))
        e.handle(.character("]"))
        #expect(e.trace.length == 20)
        for _ in 0..<5 { e.handle(.character("]")) }
        #expect(e.trace.length == 200)
        #expect(e.lab.data.count * e.lab.data.window <= TrainingSet.interactiveStepBudget + e.lab.data.window)
        #expect(e.lab.data.stride > 1 && e.message?.contains("one every \(e.lab.data.stride) characters") == true)
        for _ in 0..<20 { e.handle(.character("]")) }
        #expect(e.trace.length == LongText.text.unicodeScalars.count - 1)
        #expect(e.message?.contains("already the whole text") == true)
        for _ in 0..<30 { e.handle(.character("[")) }
        #expect(e.trace.length == 2)
        #expect(throws: RNNScopeError.self) { try e.lab.setLength(0) }
    }

    @Test("The comparison view trains its partner in step; g switches GRU/LSTM; a gated main model is compared with the RNN")
    func comparison() throws {
        let e = try Explorer(spec: .notes)
        #expect(e.lab.partner == nil)
        e.setView(.compare)
        #expect(e.lab.partner?.cell == .lstm && e.lab.partner?.trace != nil)
        e.handle(.character("t"))
        #expect(e.lab.partner?.epoch == 1 && e.lab.partner?.losses.count == 1)
        e.handle(.character("P"))
        // A new partner is trained to the main model's epoch, so the two stay comparable.
        #expect(e.lab.partnerCell == .gru && e.lab.partner?.cell == .gru && e.lab.partner?.epoch == 1)
        let screen = ExplorerScreen.render(e, width: 120, height: 40).plainText()
        #expect(screen.contains("━ RNN") && screen.contains("━ GRU"))
        e.handle(.character("c"))
        #expect(e.cell == .gru && e.lab.partnerCell == .rnn && e.lab.partner?.cell == .rnn)
    }

    @Test("The W_hh view's gradient check shows BPTT beside a finite difference that agrees")
    func gradientCheck() throws {
        for cell in CellKind.allCases {
            let e = try explorer(cell)
            e.setView(.weights)
            for _ in 0..<5 { e.handle(.down) }
            let check = try #require(e.frame().gradientCheck)
            #expect(check.index == [cell.isGated ? 16 + 5 : 5, 5])
            #expect(abs(check.numeric - Double(check.bptt)) <= 1e-4 + 1e-2 * abs(Double(check.bptt)))
            let screen = ExplorerScreen.render(e, width: 120, height: 40).plainText()
            #expect(screen.contains(String(format: "%.4e", check.bptt)) && screen.contains("→ agree"), "\(cell)")
        }
    }

    @Test("While training continuously the gradients view reuses a fresh-enough analysis; stopped, it is exact")
    func analysisWhileTraining() throws {
        let e = try explorer(.lstm)
        e.setView(.gradients)
        // The clock is passed in, so nothing depends on the test's speed.
        let before = try #require(e.frame(now: 0).analysis)
        e.handle(.character("T"))
        e.trainFor(nanoseconds: 1_000_000)
        let during = try #require(e.frame(now: 1_000).analysis)
        #expect(during.dhNorms == before.dhNorms, "within the refresh interval the previous analysis is shown")
        let later = try #require(e.frame(now: 1_000_000_000).analysis)
        #expect(later.dhNorms == e.trace.steps.map { l2Norm($0.dh) }, "after it, a fresh one")
        e.trainFor(nanoseconds: 1_000_000)
        e.handle(.character("T"))
        #expect(!e.training)
        #expect(try #require(e.frame(now: 1_000_001_000).analysis).dhNorms == e.trace.steps.map { l2Norm($0.dh) })
    }
}
