import Testing
@testable import RNNCore

/// Each cell's maths type agrees with what `CellKind` promises the screens.
@Suite("Cell maths")
struct CellMathTests {
    @Test("CellKind's answers come from each cell's type and are unchanged")
    func publicAnswers() {
        #expect(CellKind.rnn.gateNames == ["a"])
        #expect(CellKind.gru.gateNames == ["r", "z", "n"])
        #expect(CellKind.lstm.gateNames == ["i", "f", "g", "o"])
        #expect(CellKind.allCases.map(\.gateCount) == [1, 3, 4])
        #expect(CellKind.allCases.map(\.isGated) == [false, true, true])
        #expect(CellKind.allCases.map(\.candidateGate) == [0, 2, 2])
        #expect(CellKind.allCases.map(\.keepGate) == [nil, 1, 1])
        #expect(CellKind.allCases.map(\.keepGateName) == ["", "z", "f"])
        #expect(CellKind.allCases.map(\.recurrentMatrixName) == ["W_hh", "W_hn", "W_hg"])
        #expect(CellKind.allCases.map(\.title) == ["RNN", "GRU", "LSTM"])
        #expect(CellKind.allCases.map { StateJacobian.stateSize($0, hidden: 5) } == [5, 5, 10])
    }

    @Test("Gates are consistent: the candidate is squashed by tanh (or f), the keep gate by σ", arguments: CellKind.allCases)
    func gates(cell: CellKind) {
        let gates = cell.math.gates
        #expect(Set(gates.map(\.name)).count == gates.count)
        #expect(gates.indices.contains(cell.candidateGate))
        #expect([Squash.tanh, .activation].contains(gates[cell.candidateGate].squash))
        if let keep = cell.keepGate {
            #expect(gates[keep].squash == .sigmoid)
            #expect(keep != cell.candidateGate)
        }
        #expect(cell.isGated == (cell.keepGate != nil))
    }

    @Test("Each cell's pass records its own vectors and none of another cell's", arguments: CellKind.allCases)
    func recordedVectors(cell: CellKind) throws {
        let config = ModelConfig(vocabulary: Vocabulary(text: SeedNotes.text), hidden: 8, lossMode: .every, cell: cell)
        let trace = try CharRNN(config: config, seed: 1).trace(input: "Hello", target: "ello,")
        let step = trace.step(2)
        #expect(step.a.isEmpty == cell.isGated)
        #expect(step.da.isEmpty == cell.isGated)
        #expect(step.inputTerm.isEmpty == cell.isGated)
        #expect(step.gatedInputTerm.count == (cell.isGated ? config.shape.gateRows : 0))
        #expect(step.gatedHiddenTerm.count == (cell.isGated ? config.shape.gateRows : 0))
        #expect(step.gates.map(\.name) == (cell.isGated ? cell.gateNames : []))
        #expect((step.c != nil) == (cell.math.stateBlocks == 2))
        #expect(step.cPrev == trace.step(1).c)
        // The Jacobian is row-scaled W_hh exactly when the cell has no gates.
        #expect((StateJacobian.rowScale(trace, step: 2) != nil) == !cell.isGated)
        let jacobian = StateJacobian.matrix(trace, step: 2)
        #expect(jacobian.rows == StateJacobian.stateSize(cell, hidden: 8) && jacobian.cols == jacobian.rows)
    }
}
