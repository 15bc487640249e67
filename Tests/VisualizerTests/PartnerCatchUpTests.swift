import Foundation
import RNNCore
import Testing
@testable import Visualizer

/// In the terminal the comparison partner is made and caught up on a thread of its own
/// (`PartnerCatchUp`): keys never wait for it, the partner it delivers is the one the
/// synchronous catch-up (snapshots, tests) makes, and a rebuild cancels it cleanly.
@Suite("The partner's catch-up on its own thread")
struct PartnerCatchUpTests {
    func spec(_ cell: CellKind = .rnn) -> ModelSpec {
        var spec = ModelSpec.notes
        spec.hidden = 8
        spec.cell = cell
        return spec
    }

    @Test("The background catch-up ends in the synchronous one's partner, bit for bit (weights, Adam's state, losses, pass), and both train on alike", arguments: [CellKind.rnn, .lstm])
    func bitIdentical(_ cell: CellKind) throws {
        let direct = try Lab(spec: spec(cell))
        let background = try Lab(spec: spec(cell))
        direct.train(epochs: 25)
        background.train(epochs: 25)
        background.catchUpPartnerInBackground(true)
        background.partnerWorkBetweenKeys = 0
        _ = direct.setPartnerWanted(true)
        _ = background.setPartnerWanted(true)
        // Nothing is shown until the lab takes the result between frames.
        #expect(background.partner == nil)
        #expect(background.partnerCatchUp?.target == 25 && background.partnerCatchUp?.cell == direct.partnerCell)
        background.finishPartnerCatchUp()
        #expect(background.partnerCatchUp == nil)
        let a = try #require(direct.partner), b = try #require(background.partner)
        #expect(b.epoch == 25 && a.epoch == 25)
        #expect(b.losses == a.losses && b.losses.count == 25)
        #expect(b.trainer.model.parameters == a.trainer.model.parameters)
        #expect(b.trace?.loss == a.trace?.loss)
        #expect(b.trace?.steps.map(\.dh) == a.trace?.steps.map(\.dh))
        // Adam's moments came along too: the next epochs are alike.
        direct.train(epochs: 2)
        background.catchUpPartnerInBackground(false)
        background.train(epochs: 2)
        #expect(background.partner?.losses == direct.partner?.losses && direct.partner?.losses.count == 27)
        #expect(background.partner?.trainer.model.parameters == direct.partner?.trainer.model.parameters)
    }

    func explorerCatchingUp(gate: EpochGate, epochs: Int = 6) throws -> Explorer {
        let e = try Explorer(spec: spec())
        e.lab.train(epochs: epochs)
        e.trainInBackground(true)
        e.lab.partnerWorkBetweenKeys = 0
        e.lab.catchUpGate = { gate.pass() }
        e.setView(.compare)
        gate.waitForEpochInFlight()
        return e
    }

    @Test("A key while the partner catches up acts at once, and the view says what is happening")
    func keysDuringCatchUp() throws {
        let gate = EpochGate()
        let e = try explorerCatchingUp(gate: gate)
        let t = e.cursor.t
        e.handle(.right)
        #expect(e.cursor.t == t + 1)
        e.tick(now: 0, slice: 0)
        let screen = ExplorerScreen.render(e, width: 120, height: 40).plainText()
        #expect(screen.contains("The LSTM is catching up with the RNN: epoch 0 of 6"))
        #expect(e.frame().partnerCatchUp?.reached == 0)
        gate.open(6)
        e.lab.finishPartnerCatchUp()
        #expect(e.lab.partner?.epoch == 6)
        let after = ExplorerScreen.render(e, width: 120, height: 40).plainText()
        #expect(!after.contains("catching up"))
        #expect(after.contains("LSTM  epoch 6"))
    }

    @Test("r while the partner catches up cancels it: the partner is the new seed's, untrained, never the old job's")
    func rebuildCancels() throws {
        let gate = EpochGate()
        let e = try explorerCatchingUp(gate: gate)
        e.handle(.character("r"))
        // The old job's epoch in flight finishes on its own trainer and is thrown away.
        gate.open(6)
        e.lab.finishPartnerCatchUp()
        let fresh = try Lab(spec: { var s = spec(); s.seed = 1; return s }())
        _ = fresh.setPartnerWanted(true)
        let partner = try #require(e.lab.partner)
        #expect(e.lab.spec.seed == 1 && e.lab.epoch == 0)
        #expect(partner.epoch == 0 && partner.losses.isEmpty)
        #expect(partner.trainer.model.parameters == fresh.partner?.trainer.model.parameters)
        #expect(partner.trace?.loss == fresh.partner?.trace?.loss)
    }

    @Test("The partner behind a main model that trained on meanwhile catches up with it again")
    func chases() throws {
        let gate = EpochGate()
        let e = try explorerCatchingUp(gate: gate, epochs: 3)
        gate.open(3)
        e.lab.finishPartnerCatchUp()
        #expect(e.lab.partner?.epoch == 3)
        // Two more epochs of the main model alone (as while the worker trained without it).
        e.lab.catchUpGate = nil
        let partner = try #require(e.lab.partner)
        e.lab.partner = nil
        e.lab.train(epochs: 2)
        e.lab.partner = partner
        #expect(e.lab.collectPartnerCatchUp())
        #expect(e.lab.partnerCatchUp?.start == 3 && e.lab.partnerCatchUp?.target == 5)
        e.lab.finishPartnerCatchUp()
        let direct = try Lab(spec: spec())
        direct.train(epochs: 5)
        _ = direct.setPartnerWanted(true)
        #expect(e.lab.partner?.epoch == 5)
        #expect(e.lab.partner?.losses == direct.partner?.losses)
    }
}
