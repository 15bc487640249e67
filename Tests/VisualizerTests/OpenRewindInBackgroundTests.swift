import CellGrid
import Foundation
import RNNCore
import Testing
@testable import Visualizer

/// In the terminal `O`'s file is read and `,`/`.`'s pass made on the rebuild's thread (issue
/// 13): the old model stays on screen until they land, and what lands is bit for bit what the
/// same keys make in place (snapshots, lessons, tests).
@Suite("O and rewinding on the rebuild's thread")
struct OpenRewindInBackgroundTests {
    func spec(_ cell: CellKind) -> ModelSpec {
        var spec = ModelSpec.notes
        spec.hidden = 8
        spec.cell = cell
        return spec
    }

    /// An explorer as the terminal runs it, every slow job sent to the thread (H=8 is quick).
    func terminal(_ cell: CellKind, gate: EpochGate? = nil) throws -> Explorer {
        let e = try Explorer(spec: spec(cell))
        e.trainInBackground(true)
        e.lab.rebuildWorkBetweenKeys = 0
        if let gate { e.lab.rebuildGate = { gate.pass() } }
        return e
    }

    func land(_ e: Explorer) {
        var rounds = 0
        while e.lab.pendingRebuild != nil, rounds < 10_000 {
            usleep(1000)
            e.tick(now: 0, slice: 0)
            rounds += 1
        }
    }

    func type(_ text: String, into e: Explorer) {
        for c in text { e.handle(.character(c)) }
    }

    func screen(_ e: Explorer) -> String { ExplorerScreen.render(e, width: 120, height: 40).plainText() }

    func expectSame(_ a: Explorer, _ b: Explorer, _ note: String) {
        #expect(b.lab.spec.hidden == a.lab.spec.hidden && b.lab.cell == a.lab.cell && b.lab.epoch == a.lab.epoch, "\(note)")
        #expect(b.lab.model.parameters.storage.map(\.bitPattern) == a.lab.model.parameters.storage.map(\.bitPattern), "\(note)")
        #expect(b.lab.trace.loss.bitPattern == a.lab.trace.loss.bitPattern && b.lab.trace.steps.map(\.h) == a.lab.trace.steps.map(\.h), "\(note)")
        #expect(b.lab.predictions.map(\.next) == a.lab.predictions.map(\.next) && !b.lab.predictions.isEmpty, "\(note)")
        #expect(b.lab.losses == a.lab.losses && b.lab.trainer.optimizerState.stepCount == a.lab.trainer.optimizerState.stepCount, "\(note)")
        #expect(b.ui.message == a.ui.message, "\(note)")
        #expect(screen(b) == screen(a), "screen \(note)")
    }

    @Test("O on the thread: the old model and 'opening…' meanwhile, r waits; then the in-place O's model, pass, Adam, message and screen, and w from its W_hh", arguments: [CellKind.rnn, .lstm])
    func open(_ cell: CellKind) throws {
        let path = NSTemporaryDirectory() + "rnnscope-open-\(UUID().uuidString).safetensors"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let source = try Explorer(spec: spec(cell))
        source.lab.train(epochs: 3)
        try WeightFile.save(source.lab.model, epoch: 3, optimizer: source.lab.trainer.optimizerState, to: path)

        let direct = try Explorer(spec: spec(.gru))
        let gate = EpochGate()
        let e = try terminal(.gru, gate: gate)
        let old = e.lab.model.parameters
        for explorer in [direct, e] {
            explorer.handle(.character("O"))
            type(path, into: explorer)
            explorer.handle(.enter)
        }
        gate.waitForEpochInFlight()
        #expect(e.lab.pendingRebuild != nil && e.lab.model.parameters == old && e.lab.cell == .gru)
        #expect(e.ui.message == "opening \(path)… (the old model until then; Esc cancels)")
        // The file's model is not known yet: r would start from the wrong one.
        e.handle(.character("r"))
        #expect(e.ui.message == "this key waits for the model being opened from \(path); stepping works")
        gate.open(10)
        land(e)
        #expect(direct.ui.message?.contains("Adam resumes at step 3") == true, "\(direct.ui.message ?? "")")
        expectSame(direct, e, "after O")
        // The opened W_hh is the one presets start from.
        direct.handle(.character("w"))
        e.handle(.character("w"))
        land(e)
        expectSame(direct, e, "after w")
    }

    @Test("O on the thread refuses a bad or missing file in the in-place words; the model stays; Esc drops a file being read")
    func openErrors() throws {
        let directory = NSTemporaryDirectory() + "rnnscope-open-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let bad = directory + "/bad.safetensors"
        try Data("not a weight file".utf8).write(to: URL(fileURLWithPath: bad))
        let direct = try Explorer(spec: spec(.rnn))
        let e = try terminal(.rnn)
        let before = e.lab.model.parameters
        for path in [bad, directory + "/missing.safetensors"] {
            for explorer in [direct, e] {
                explorer.handle(.character("O"))
                type(path, into: explorer)
                explorer.handle(.enter)
            }
            land(e)
            #expect(e.ui.message == direct.ui.message && e.ui.message?.contains(path) == true, "\(e.ui.message ?? "")")
            #expect(e.lab.model.parameters == before && e.lab.pendingRebuild == nil)
        }
        let gate = EpochGate()
        e.lab.rebuildGate = { gate.pass() }
        e.handle(.character("O"))
        type(bad, into: e)
        e.handle(.enter)
        gate.waitForEpochInFlight()
        e.handle(.escape)
        #expect(e.ui.message == "not opened: \(bad) was dropped, the model stays" && e.lab.pendingRebuild == nil)
        gate.open()
        usleep(20_000)
        e.tick(now: 0, slice: 0)
        #expect(e.lab.model.parameters == before)
    }

    @Test(", , , then . . on the thread: each lands where the same keys in place do, bit for bit; the past's model meanwhile, t waits", arguments: [CellKind.rnn, .lstm])
    func rewind(_ cell: CellKind) throws {
        let direct = try Explorer(spec: spec(cell))
        let gate = EpochGate()
        let e = try terminal(cell, gate: gate)
        for explorer in [direct, e] { explorer.lab.train(epochs: 9) }
        let present = e.lab.model.parameters
        // Three presses while the first is still being made: they count from the epoch coming.
        e.handle(.character(","))
        gate.waitForEpochInFlight()
        #expect(e.ui.message == "epoch 8: computing its pass… (the model on screen until then; Esc cancels)")
        e.handle(.character(","))
        e.handle(.character(","))
        #expect(e.lab.epoch == 9 && !e.lab.isInPast && e.lab.model.parameters == present)
        e.handle(.character("t"))
        #expect(e.ui.message == "this key waits for the pass of the epoch being rewound to; stepping works" && e.lab.epoch == 9)
        gate.open(100)
        land(e)
        for _ in 0..<3 { direct.handle(.character(",")) }
        #expect(e.lab.epoch == 2 && e.lab.isInPast)
        expectSame(direct, e, "after , , ,")
        for key in [".", ".", "."] {
            direct.handle(.character(Character(key)))
            e.handle(.character(Character(key)))
            land(e)
            expectSame(direct, e, "after \(key)")
        }
        #expect(!e.lab.isInPast && e.lab.model.parameters == present)
    }

    @Test("Back to the present on the thread with the comparison view open: the present's partner and its pass, as in place")
    func rewindWithPartner() throws {
        let direct = try Explorer(spec: spec(.rnn))
        let e = try terminal(.rnn)
        for explorer in [direct, e] {
            explorer.lab.train(epochs: 4)
            explorer.setView(.compare)
            explorer.lab.finishPartnerCatchUp()
        }
        for key in [",", "."] {
            direct.handle(.character(Character(key)))
            e.handle(.character(Character(key)))
            land(e)
            e.lab.finishPartnerCatchUp()
            e.tick(now: 0, slice: 0)
            #expect(e.lab.partner?.trace?.loss == direct.lab.partner?.trace?.loss && e.lab.partner?.trace != nil, "after \(key)")
            expectSame(direct, e, "after \(key)")
        }
    }

    /// Issue 13: back to the present, the partner's pass is the one the rebuild's thread made
    /// (at H=1024 a full pass the input thread used to make again when the rewind landed).
    @Test("Back to the present on the thread, comparison view open: the partner's pass comes from the thread, none on the input thread, and every cell and colour is as in place", arguments: [CellKind.rnn, .lstm])
    func returnToPresentTracesPartnerOnThread(_ cell: CellKind) throws {
        let direct = try Explorer(spec: spec(cell))
        let e = try terminal(cell)
        for explorer in [direct, e] {
            explorer.lab.train(epochs: 4)
            explorer.setView(.compare)
            explorer.lab.finishPartnerCatchUp()
        }
        for explorer in [direct, e] { explorer.handle(.character(",")) }
        land(e)
        e.lab.finishPartnerCatchUp()
        #expect(e.lab.isInPast && direct.lab.isInPast)
        let partner = try #require(e.lab.present?.partner)
        let passes = partner.passesMadeHere
        for explorer in [direct, e] { explorer.handle(.character(".")) }
        land(e)
        #expect(!e.lab.isInPast && e.lab.partner === partner && partner.trace != nil)
        #expect(partner.passesMadeHere == passes, "the input thread traced the partner again")
        expectSame(direct, e, "after .")
        #expect(ExplorerScreen.render(e, width: 120, height: 40) == ExplorerScreen.render(direct, width: 120, height: 40))
    }

    @Test("Esc while rewinding keeps the epoch on screen")
    func rewindCancels() throws {
        let gate = EpochGate()
        let e = try terminal(.gru, gate: gate)
        e.lab.train(epochs: 3)
        let present = e.lab.model.parameters
        e.handle(.character(","))
        gate.waitForEpochInFlight()
        e.handle(.escape)
        #expect(e.ui.message == "rewind cancelled: epoch 3 stays on screen" && e.lab.pendingRebuild == nil)
        gate.open()
        usleep(20_000)
        e.tick(now: 0, slice: 0)
        #expect(e.lab.epoch == 3 && !e.lab.isInPast && e.lab.model.parameters == present)
    }
}

/// The weights view draws W_hh and its gradient from the flat matrix (`MatrixHeatmap.draw(_
/// matrix:zoom:)`): the same cells as the nested rows stretched by the zoom.
@Suite("Heatmaps from a flat matrix")
struct FlatHeatmapTests {
    @Test("Every zoom, size and highlight draws the cells of the stretched nested rows, NaN and Inf included")
    func sameAsNested() {
        var generator = SplitMix(seed: 7)
        for (rows, columns) in [(3, 5), (12, 4), (48, 16), (130, 33)] {
            var values = (0..<rows * columns).map { _ in Float(generator.next() % 2001) / 1000 - 1 }
            values[rows * columns / 2] = .nan
            values[1] = .infinity
            let matrix = Matrix(rows: rows, cols: columns, values: values)
            // Inside a longer buffer, as a tensor lies in `Parameters`.
            let flatMatrix = FlatMatrix(values: [9, -9, 9] + values + [-7], offset: 3, rows: rows, columns: columns)
            for zoom in 1...3 {
                let stretched = matrix.nestedRows.flatMap { Array(repeating: $0.flatMap { Array(repeating: $0, count: zoom) }, count: zoom) }
                for (width, height) in [(6, 3), (40, 12), (80, 30)] {
                    for highlight in [nil, (rows - 1, columns / 2)] as [(Int, Int)?] {
                        var nested = CellGrid(width: width + 2, height: height + 2)
                        var flat = nested
                        let rect = Rect(x: 1, y: 1, width: width, height: height)
                        let scale = ColorScale.diverging(fitting: values)
                        #expect(ColorScale.diverging(fitting: flatMatrix.slice) == scale)
                        MatrixHeatmap.draw(stretched, scale: scale, in: rect, on: &nested,
                                           highlightRow: highlight.map { $0.0 * zoom }, highlightColumn: highlight.map { $0.1 * zoom })
                        MatrixHeatmap.draw(flatMatrix, zoom: zoom, scale: scale, in: rect, on: &flat,
                                           highlightRow: highlight.map { $0.0 * zoom }, highlightColumn: highlight.map { $0.1 * zoom })
                        #expect(cells(flat) == cells(nested), "\(rows)×\(columns) zoom \(zoom) in \(width)×\(height)")
                    }
                }
            }
        }
    }

    @Test("A tensor of Parameters as a FlatMatrix is that tensor, in place; a trace's dropped gradients draw nothing")
    func parameterTensor() {
        let shape = ModelShape(vocabSize: 5, hidden: 3, cell: .lstm)
        let parameters = Parameters.initialized(shape: shape, seed: 1)
        let w = FlatMatrix(parameters, .weightHH)
        #expect(w.rows == 12 && w.columns == 3 && Array(w.slice) == parameters[.weightHH])
        #expect(Array(FlatMatrix(parameters, .biasHH).slice) == parameters[.biasHH])
        var grid = CellGrid(width: 10, height: 10)
        let empty = grid
        MatrixHeatmap.draw(FlatMatrix(values: [], rows: 12, columns: 3), scale: .diverging(limit: 1), in: grid.bounds, on: &grid)
        #expect(grid == empty)
    }

    /// Every cell, its intensity by bits (a non-finite mark's intensity is NaN, never equal to itself).
    func cells(_ grid: CellGrid) -> [String] {
        (0..<grid.height).flatMap { y in
            (0..<grid.width).map { x in "\(grid[x, y].glyph) \(grid[x, y].style) \(grid[x, y].intensity.map(\.bitPattern) ?? 0)" }
        }
    }

    /// A small reproducible generator (the test's values only).
    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
