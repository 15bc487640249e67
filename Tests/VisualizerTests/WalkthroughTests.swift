import CellGrid
import ScopeNames
import Testing
@testable import RNNCore
@testable import Visualizer

/// The walk-through visits every sub-step in order and shows the trace's own numbers.
@Suite("Walk-through state machine")
struct WalkthroughTests {
    func explorer() throws -> Explorer { try Explorer(spec: .notes) }

    /// The number the inspector must show for a sub-step, computed here from the trace.
    func expectedNumber(_ subStep: SubStep, trace: Trace, t: Int, unit u: Int) -> String {
        let s = trace.step(t)
        let p = trace.parameters
        let focus = s.target ?? s.probs.indices.max { s.probs[$0] < s.probs[$1] }!
        switch subStep {
        case .forward(.embed): return NumberText.value(s.x[u])
        case .forward(.inputTerm): return NumberText.value(s.inputTerm[u] + p.value(.biasIH, [u]))
        case .forward(.recurrentTerm): return NumberText.value(s.recurrentTerm[u] + p.value(.biasHH, [u]))
        case .forward(.preactivation): return NumberText.value(s.a[u])
        case .forward(.activation): return NumberText.precise(s.h[u])
        case .forward(.logits): return NumberText.value(s.logits[focus])
        case .forward(.softmax): return NumberText.precise(s.probs[focus])
        case .forward(.loss): return NumberText.precise(trace.loss)
        case .backward(.dLogits): return s.target.map { NumberText.precise(s.dLogits[$0]) } ?? "dL/dz_t = 0"
        case .backward(.outputGradients): return NumberText.value(s.dLogits[focus] * s.h[u])
        case .backward(.dHidden): return NumberText.value(s.dh[u])
        case .backward(.dPreactivation): return NumberText.value(s.da[u])
        case .backward(.weightGradients): return NumberText.value(trace.gradients.value(.weightHH, [u, u]))
        case .backward(.embeddingGradient):
            return NumberText.value(PartialGradients.embeddingContribution(s, weightIH: p.matrix(.weightIH))[u])
        case .backward(.dHiddenPrevious):
            // W_hhᵀ dL/da_t: for t > 1 it is exactly what step t-1 recorded as coming from step t.
            let passed = t > 1 ? trace.step(t - 1).dhFromNext[u]
                : (0..<trace.config.hidden).reduce(Float(0)) { $0 + p.value(.weightHH, [$1, u]) * s.da[$1] }
            return NumberText.value(passed)
        default:
            Issue.record("\(subStep) is not a plain RNN sub-step")
            return ""
        }
    }

    @Test("space walks forward through 10 steps × 8 sub-steps, then BPTT (7 sub-steps) from t=10 to 1", arguments: [0, 12])
    func fullWalk(unit: Int) throws {
        let e = try explorer()
        for _ in 0..<unit { e.handle(.character("j")) }
        #expect(e.unit == unit)
        var visited: [(Int, SubStep)] = []
        for _ in 0..<(10 * 8 + 10 * 7) {
            visited.append((e.t, e.subStep))
            let screen = ExplorerScreen.render(e, width: 120, height: 40).plainText()
            let expected = expectedNumber(e.subStep, trace: e.trace, t: e.t, unit: unit)
            #expect(screen.contains("t=\(e.t)/10"), "status line at t=\(e.t)")
            #expect(screen.contains(e.phase.rawValue))
            #expect(screen.contains(expected), "t=\(e.t) \(e.subStep): the screen should show \(expected)")
            e.handle(.character(" "))
        }
        #expect(visited.prefix(8).map(\.1) == SubStep.sequence(.forward, cell: .rnn))
        #expect(visited[79].0 == 10 && visited[79].1 == .forward(.loss))
        #expect(visited[80].0 == 10 && visited[80].1 == .backward(.dLogits))
        #expect(visited.last?.0 == 1 && visited.last?.1 == .backward(.dHiddenPrevious))
        // backspace retraces the same path in reverse.
        for expected in visited.reversed().dropFirst() {
            e.handle(.backspace)
            #expect(e.t == expected.0 && e.subStep == expected.1)
        }
    }

    @Test("The inspector's sums add up: a_t[i] = its four terms, h_t[i] = tanh(a_t[i])")
    func inspectorArithmetic() throws {
        let e = try explorer()
        for _ in 0..<3 { e.handle(.right) }
        for _ in 0..<5 { e.handle(.down) }
        let s = e.trace.step(4)
        let a = StepExplanation(subStep: .forward(.preactivation), trace: e.trace, t: 4, unit: 5)
        #expect(a.inspector[0].hasPrefix("a_t[5] = \(NumberText.value(s.inputTerm[5])) + "))
        #expect(a.inspector[0].hasSuffix("= \(NumberText.value(s.a[5]))"))
        let h = StepExplanation(subStep: .forward(.activation), trace: e.trace, t: 4, unit: 5)
        #expect(h.inspector == ["h_t[5] = tanh(\(NumberText.value(s.a[5]))) = \(NumberText.precise(s.h[5]))"])
    }

    @Test("Keys: arrows and vim keys move, f/b switch phase, s picks windows, e refuses unknown characters")
    func keys() throws {
        let e = try explorer()
        for _ in 0..<3 { e.handle(.right) }
        #expect(e.t == 4)
        e.handle(.character("h"))
        #expect(e.t == 3)
        e.handle(.character("l"))
        e.handle(.character("b"))
        #expect(e.phase == .backward && e.t == 10, "BPTT starts at t=T")
        e.handle(.character("f"))
        #expect(e.phase == .forward && e.t == 1, "the forward pass starts at t=1")
        for _ in 0..<20 { e.handle(.right) }
        #expect(e.t == 10)
        e.handle(.up)
        #expect(e.unit == 0)
        e.handle(.character("s"))
        #expect(e.lab.windowIndex == 1)
        #expect(e.lab.spec.vocabulary.decode(e.lab.input) == "ello, RNN!")
        e.handle(.character("S"))
        e.handle(.character("S"))
        #expect(e.lab.windowIndex == 91)
        e.handle(.character("e"))
        for c in "Hello?" { e.handle(.character(c)) }
        #expect(e.message?.contains("'?' is not in the vocabulary") == true)
        #expect(e.message?.contains("HLNRabcdefiklmnopqrstuw") == true, "the message lists the characters that are allowed")
        e.handle(.character("\u{1B}"))
        #expect(e.message?.contains("'\\u{1B}' is not in the vocabulary") == true, "a control character is named, escaped: \(e.message ?? "")")
        e.handle(.enter)
        #expect(e.editing == nil)
        #expect(e.lab.spec.vocabulary.decode(e.lab.input) == "Hell" && e.lab.target.count == 1)
        #expect(e.handle(.character("q")) == false)
    }

    @Test("p auto-plays: each tick is the next sub-step, and it stops at the end of BPTT")
    func autoplay() throws {
        let e = try explorer()
        e.handle(.character("p"))
        #expect(e.autoplay)
        e.autoplayTick()
        #expect(e.subStep == .forward(.inputTerm))
        for _ in 0..<(10 * 8 + 10 * 7 - 2) { e.autoplayTick() }
        #expect(e.t == 1 && e.subStep == .backward(.dHiddenPrevious))
        e.autoplayTick()
        #expect(e.t == 1 && e.subStep == .backward(.dHiddenPrevious) && !e.autoplay)
    }

    @Test("w cycles W_hh presets and says what σ_max and ρ became")
    func presets() throws {
        let e = try explorer()
        e.handle(.character("w"))
        #expect(abs(e.analysis.sigmaMax - 0.5) < 1e-5)
        #expect(e.message?.hasPrefix("W_hh set to σ_max = 0.5") == true)
        for _ in 0..<6 { e.handle(.character("w")) }
        #expect(e.trace.parameters.value(.weightHH, [3, 3]) == 1 && e.trace.parameters.value(.weightHH, [3, 4]) == 0)
    }

    @Test("t trains one epoch: the loss falls and the curve gets a point")
    func training() throws {
        let e = try explorer()
        let before = e.trace.loss
        e.handle(.character("t"))
        #expect(e.epoch == 1 && e.losses.count == 1)
        for _ in 0..<20 { e.handle(.character("t")) }
        #expect(e.trace.loss < before)
        e.handle(.character("r"))
        #expect(e.epoch == 0 && e.losses.isEmpty && e.seed == 1)
    }

    @Test("Every screen renders at every size without trapping, down to 1×1")
    func sizes() throws {
        let e = try explorer()
        for view in ScreenView.allCases {
            e.setView(view)
            for (w, h) in [(1, 1), (20, 6), (30, 8), (79, 23), (80, 24), (100, 30), (119, 39), (120, 40), (200, 60)] {
                let grid = ExplorerScreen.render(e, width: w, height: h)
                #expect(grid.width == w && grid.height == h)
            }
        }
        let small = ExplorerScreen.render(e, width: 30, height: 8).plainText()
        #expect(small.contains("need at least 80×24"))
    }
}

@Suite("Non-finite numbers")
struct NonFiniteTests {
    @Test("Weights holding NaN and Inf render with marks and an explanation, never a trap")
    func nanWeights() throws {
        var parameters = Parameters.initialized(shape: ModelShape(vocabSize: 28, hidden: 64), seed: 0)
        parameters.storage[parameters.shape.offset(of: .weightHH) + 5] = .nan
        parameters.storage[parameters.shape.offset(of: .embedding) + 3] = .infinity
        let explorer = try Explorer(spec: .notes, parameters: parameters)
        #expect(explorer.trace.loss.isNaN)
        for view in ScreenView.allCases {
            explorer.setView(view)
            for (w, h) in [(120, 40), (80, 24)] {
                let screen = ExplorerScreen.render(explorer, width: w, height: h).plainText()
                #expect(screen.contains("× marks NaN"), "\(view) at \(w)×\(h)")
            }
        }
        explorer.setView(.step)
        #expect(ExplorerScreen.render(explorer, width: 120, height: 40).plainText().contains("×"))
        explorer.handle(.character("t"))
        #expect(explorer.message?.contains("training stopped at epoch 1") == true)
    }

    /// The check is made once, when the pass is recorded (`Trace.isFinite`), not per frame: a
    /// NaN the pass never reads (the embedding of a character not in the sequence) leaves the
    /// loss and every state finite, and the explanation must still appear, in every view.
    @Test("A NaN in a weight the pass does not read still gets the explanation; finite weights get none")
    func nanInUnreadWeight() throws {
        let clean = try Explorer(spec: .notes)
        #expect(!ExplorerScreen.render(clean, width: 120, height: 40).plainText().contains("× marks NaN"))
        var parameters = clean.lab.model.parameters
        let H = parameters.shape.hidden
        let unread = try #require((0..<parameters.shape.vocabSize).first { !clean.lab.input.contains($0) })
        parameters.storage[parameters.shape.offset(of: .embedding) + unread * H + 1] = .nan
        let explorer = try Explorer(spec: .notes, parameters: parameters)
        #expect(explorer.trace.loss.isFinite)
        #expect(explorer.trace.steps.allSatisfy { $0.h.allSatisfy(\.isFinite) && $0.dh.allSatisfy(\.isFinite) })
        for view in ScreenView.allCases {
            explorer.setView(view)
            #expect(ExplorerScreen.render(explorer, width: 120, height: 40).plainText().contains("× marks NaN"), "\(view)")
        }
    }
}
