import RNNCore
import ScopeNames
import Testing
@testable import Visualizer

/// Progressive reveal: the walk-through never shows a value before it has computed it.
@Suite("Progressive reveal")
struct RevealTests {
    func screen(_ e: Explorer, _ width: Int = 120, _ height: Int = 40) -> String {
        ExplorerScreen.render(e, width: width, height: height).plainText()
    }

    @Test("Forward: h_t, the scores and the softmax appear at their sub-steps; no gradient before BPTT")
    func forward() throws {
        let e = try Explorer(spec: .notes)
        e.handle(.right)  // t=2, embed
        var s = screen(e)
        #expect(s.contains("h_t = tanh(a_t)  memory out") && s.contains("· not computed yet"))
        #expect(s.contains("· computed at the softmax sub-step"))
        #expect(s.contains("BPTT computes these"))
        for _ in 0..<4 { e.handle(.character(" ")) }  // activation: h_t exists, the scores do not
        let reveal = e.frame().reveal
        #expect(reveal.hidden(at: 2) && !reveal.hidden(at: 3) && !reveal.computed(.forward(.logits), at: 2))
        for _ in 0..<2 { e.handle(.character(" ")) }  // softmax
        s = screen(e)
        #expect(!s.contains("· computed at the softmax sub-step") && s.contains("1. '"))
        #expect(!e.frame().reveal.hiddenGradient(at: 10), "no gradient exists going forward")
    }

    @Test("Backward: gradients of steps after t exist, step t's appear sub-step by sub-step, earlier ones not yet")
    func backward() throws {
        let e = try Explorer(spec: .notes)
        e.handle(.character("b"))
        e.handle(.left)  // t=9, dL/dlogits
        let reveal = e.frame().reveal
        #expect(reveal.hiddenGradient(at: 10) && !reveal.hiddenGradient(at: 9) && !reveal.hiddenGradient(at: 8))
        #expect(reveal.hidden(at: 1) && reveal.hidden(at: 10), "every forward value exists going backward")
        e.handle(.character(" "))  // dW_hy, db_y: dL/dh_t is not computed yet
        #expect(!e.frame().reveal.hiddenGradient(at: 9))
        e.handle(.character(" "))  // dL/dh_t
        #expect(e.frame().reveal.hiddenGradient(at: 9))
    }

    @Test("R shows everything; R again dims what is not computed")
    func revealAll() throws {
        let e = try Explorer(spec: .notes)
        e.handle(.character("R"))
        #expect(!screen(e).contains("not computed yet") && e.frame().reveal.hiddenGradient(at: 1))
        e.handle(.character("R"))
        #expect(screen(e).contains("not computed yet"))
    }

    @Test("BPTT's error at the output is a whole-vocabulary heatmap; the weight gradients fill in as BPTT steps back",
          arguments: CellKind.allCases)
    func backwardPanels(cell: CellKind) throws {
        var spec = ModelSpec.notes
        spec.cell = cell
        spec.hidden = 16
        let e = try Explorer(spec: spec)
        e.handle(.character("b"))
        #expect(screen(e).contains("dL/dz_t = ŷ_t − onehot(y_t)"))
        let toWeights = e.lab.cell.walkthrough.sequence(.backward).firstIndex(of: .backward(.weightGradients)) ?? 0
        for _ in 0..<toWeights { e.handle(.character(" ")) }
        let last = try #require(e.frame().partialGradients)
        #expect(last.from == 10 && screen(e).contains("dW_hh"))
        #expect(screen(e, 80, 24).contains("dW_hh"), "the compact layout shows them too")
        e.handle(.character("g"))  // t=1, still the weight-gradient sub-step
        let all = try #require(e.frame().partialGradients)
        #expect(all.from == 1 && screen(e).contains("t=10…1"))
        let whh = e.trace.gradients.matrix(.weightHH).values
        let scale = whh.map(abs).max() ?? 1
        #expect(zip(all.recurrent.values, whh).allSatisfy { abs($0 - $1) <= 1e-4 * scale }, "at t=1 the sum is the sequence's dW_hh")
    }
}
