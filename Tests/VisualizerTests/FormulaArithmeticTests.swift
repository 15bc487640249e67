import Foundation
import ScopeNames
import Testing
@testable import RNNCore
@testable import Visualizer

/// Every formula line on screen checks by hand: parse `lhs = expression = result`, evaluate the
/// expression from the numbers as displayed, and compare with the displayed result (within 2%,
/// or one unit in its last digit), for every sub-step of every cell, at the first, a middle and
/// the last step, for units 0, a middle one and the last, untrained and trained, in both loss modes.
@Suite("Formulas check by hand")
struct FormulaArithmeticTests {
    struct Setup: CustomStringConvertible, Sendable {
        let cell: CellKind
        let activation: Activation
        let lossMode: LossMode
        var description: String { "\(cell.rawValue) \(activation.rawValue) \(lossMode.rawValue)" }
    }

    static let setups: [Setup] = [CellKind.rnn, .gru, .lstm].flatMap { cell in
        (cell == .rnn ? [Activation.tanh, .relu] : [.tanh]).flatMap { activation in
            [LossMode.last, .every].map { Setup(cell: cell, activation: activation, lossMode: $0) }
        }
    }

    func explorer(_ setup: Setup, hidden: Int = 64) throws -> Explorer {
        var spec = ModelSpec.notes
        spec.cell = setup.cell
        spec.activation = setup.activation
        spec.lossMode = setup.lossMode
        spec.hidden = hidden
        return try Explorer(spec: spec)
    }

    /// Checks every line of every sub-step at the given steps and units; returns the sub-steps
    /// at which at least one line was recomputed.
    func checkAll(_ trace: Trace, ts: [Int], units: [Int], context: String) -> Set<SubStep> {
        var checked: Set<SubStep> = []
        for t in ts {
            for unit in units {
                for phase in [Phase.forward, .backward] {
                    for subStep in trace.config.cell.walkthrough.sequence(phase) {
                        let explanation = StepExplanation(subStep: subStep, trace: trace, t: t, unit: unit)
                        for line in explanation.inspector {
                            let where_ = "\(context) t=\(t) unit \(unit) \(subStep): \(line)"
                            if trace.loss.isFinite {
                                #expect(!line.contains("Inf") && !line.contains("NaN"), "\(where_)")
                            }
                            switch HandCheck.check(line) {
                            case .checked: checked.insert(subStep)
                            case .notArithmetic: break
                            case .wrong(let expression, let computed, let shown):
                                Issue.record("\(where_)\n  \(expression) gives \(computed), the screen says \(shown)")
                            }
                        }
                    }
                }
            }
        }
        return checked
    }

    @Test("Every sub-step's numbers recompute to its result", arguments: setups)
    func everySubStep(_ setup: Setup) throws {
        let e = try explorer(setup)
        let H = e.trace.config.hidden
        let T = e.trace.length
        let ts = [1, (T + 1) / 2, T], units = [0, H / 2, H - 1]
        var checked = checkAll(e.trace, ts: ts, units: units, context: "\(setup) untrained")
        _ = e.lab.train(epochs: 5)
        checked.formUnion(checkAll(e.trace, ts: ts, units: units, context: "\(setup) trained"))
        // Every sub-step that computes something has a line a student can recompute.
        let cell = setup.cell
        let all = Set(cell.walkthrough.sequence(.forward) + cell.walkthrough.sequence(.backward))
        var prose: Set<SubStep> = [.forward(.embed)]
        if cell == .rnn { prose.insert(.backward(.dHiddenPrevious)) }
        #expect(all.subtracting(prose).subtracting(checked).isEmpty,
                "\(setup): no checkable line at \(all.subtracting(prose).subtracting(checked))")
    }

    @Test("The issue's examples now check: a saturated tanh, a small gradient, the LSTM's cell")
    func walkedOnScreen() throws {
        // Walk the real screen with the keys at the LSTM, as a student would, and read the
        // inspector lines off the frame the screen draws.
        let e = try explorer(Setup(cell: .lstm, activation: .tanh, lossMode: .every), hidden: 16)
        _ = e.lab.train(epochs: 20)
        e.handle(.character("b"))
        var lines = 0
        for _ in 0..<(10 * 6) {
            for line in e.frame().explanation.inspector {
                if case .wrong(let expression, let computed, let shown) = HandCheck.check(line) {
                    Issue.record("t=\(e.t) \(e.subStep): \(expression) gives \(computed), the screen says \(shown)")
                }
                if case .checked = HandCheck.check(line) { lines += 1 }
            }
            e.handle(.character(" "))
        }
        #expect(lines > 60)
    }

    @Test("A trained-to-overflow ReLU network: L_t from logsumexp, no Inf or NaN in any formula")
    func overflow() throws {
        // Lesson 6: ReLU, W_hh scaled by 5, lr 0.1.
        var spec = ModelSpec.notes
        spec.activation = .relu
        spec.training.learningRate = 0.1
        for mode in [LossMode.last, .every] {
            spec.lossMode = mode
            let e = try Explorer(spec: spec)
            e.lab.scaleRecurrentWeights(by: 5)
            let T = e.trace.length
            let step = e.trace.step(T)
            let target = try #require(step.target)
            let loss = StepExplanation(subStep: .forward(.loss), trace: e.trace, t: T, unit: 9)
            // The step's loss is huge, the target's probability underflows a Float…
            #expect(e.trace.loss.isFinite && e.trace.loss > 20)
            #expect(step.probs[target] < 1e-6)
            // …and L_t still reads as a finite number from the scores.
            let last = try #require(loss.inspector.last { $0.hasPrefix("L_t = logsumexp") })
            let shown = try #require(Double(last.components(separatedBy: " = ").last ?? ""))
            #expect(shown.isFinite && shown > 20, "\(last)")
            for epochs in [0, 1, 3] {
                _ = e.lab.train(epochs: epochs)
                let T = e.trace.length
                _ = checkAll(e.trace, ts: [1, T / 2, T], units: [0, 9, 63], context: "overflow \(mode) epoch \(e.epoch)")
            }
        }
    }

    @Test("The checker itself catches a wrong line and reads the screen's notation")
    func checkerCatches() {
        #expect(HandCheck.check("dL/da_t[9] = -0.01 × (1 − (-0.70)²) = -6.3e-03") != .checked)
        #expect(HandCheck.check("dL/da_t[9] = -0.0100 × (1 − (-0.700)²) = -5.10e-03") == .checked)
        #expect(HandCheck.check("dW_hh[0,0] += 4.0e-03 × 0.09 = 3.8e-04") != .checked)
        #expect(HandCheck.check("h_t[1] = tanh(0.500) = 0.462") == .checked)
        #expect(HandCheck.check("z_t[1] = σ(0.300 + (-0.100)) = 0.550") == .checked)
        #expect(HandCheck.check("L_t = −log ŷ_t['!'] = −log(0.0750) = 2.59") == .checked)
        #expect(HandCheck.check("dL/da_t[3] = 0.200 × 1[-0.300 > 0] = 0") == .checked)
        #expect(HandCheck.check("x_t[3] = E[5, 3] = 0.312") == .notArithmetic)
        #expect(HandCheck.check("dL/dh_{t-1}[2] ← 0.500 × (-0.200) + 0.0300 = -0.0700") == .checked)
    }
}

/// A student with a calculator: reads `lhs = … = expression = result` and recomputes.
enum HandCheck {
    enum Outcome: Equatable {
        case checked
        case notArithmetic
        case wrong(String, Double, String)
    }

    static func check(_ line: String) -> Outcome {
        let parts = line.components(separatedBy: " = ").flatMap { $0.components(separatedBy: " += ") }
            .flatMap { $0.components(separatedBy: " ← ") }
        guard parts.count >= 3, let shownText = parts.last, let shown = Double(shownText) else { return .notArithmetic }
        var outcome = Outcome.notArithmetic
        for expression in parts.dropFirst().dropLast() {
            guard let computed = Expression.evaluate(expression) else { continue }
            let unit = lastDigitUnit(shownText)
            if abs(computed - shown) <= max(0.02 * abs(shown), unit) {
                if outcome == .notArithmetic { outcome = .checked }
            } else {
                outcome = .wrong(expression, computed, shownText)
            }
        }
        return outcome
    }

    /// One unit in the last digit of `0.312` (0.001), `-5.10e-03` (1e-05), `1094` (1); a
    /// bare `0` must come out as 0.
    static func lastDigitUnit(_ text: String) -> Double {
        if text == "0" { return 1e-12 }
        let pieces = text.lowercased().split(separator: "e")
        let exponent = pieces.count > 1 ? Int(pieces[1]) ?? 0 : 0
        let mantissa = pieces[0]
        let decimals = mantissa.split(separator: ".").dropFirst().first?.count ?? 0
        return pow(10, Double(exponent - decimals))
    }
}

/// `+ − × /`, parentheses, `²`, `tanh σ exp log relu √`, `1[x > 0]`, numbers like `-6.30e-03`.
struct Expression {
    var chars: [Character]
    var index = 0

    static func evaluate(_ text: String) -> Double? {
        var parser = Expression(chars: Array(text.filter { $0 != " " }))
        guard let value = parser.sum(), parser.index == parser.chars.count else { return nil }
        return value
    }

    var peek: Character? { index < chars.count ? chars[index] : nil }
    mutating func eat(_ c: Character) -> Bool {
        guard peek == c else { return false }
        index += 1
        return true
    }
    mutating func eat(_ word: String) -> Bool {
        let w = Array(word)
        guard index + w.count <= chars.count, Array(chars[index..<index + w.count]) == w else { return false }
        index += w.count
        return true
    }

    mutating func sum() -> Double? {
        guard var value = product() else { return nil }
        while true {
            if eat("+") { guard let v = product() else { return nil }; value += v }
            else if eat("−") || eat("-") { guard let v = product() else { return nil }; value -= v }
            else { return value }
        }
    }

    mutating func product() -> Double? {
        guard var value = unary() else { return nil }
        while true {
            if eat("×") { guard let v = unary() else { return nil }; value *= v }
            else if eat("/") { guard let v = unary() else { return nil }; value /= v }
            else { return value }
        }
    }

    mutating func unary() -> Double? {
        if eat("−") || eat("-") { return unary().map { -$0 } }
        guard var value = primary() else { return nil }
        while eat("²") { value *= value }
        return value
    }

    mutating func primary() -> Double? {
        if eat("1[") {
            guard let v = sum(), eat(">0]") else { return nil }
            return v > 0 ? 1 : 0
        }
        if eat("(") {
            guard let v = sum(), eat(")") else { return nil }
            return v
        }
        for (name, f) in [("tanh", { Foundation.tanh($0) }), ("σ", { 1 / (1 + Foundation.exp(-$0)) }),
                          ("exp", { Foundation.exp($0) }), ("log", { Foundation.log($0) }), ("relu", { max(0, $0) }), ("√", { $0.squareRoot() })]
            as [(String, (Double) -> Double)] {
            if eat(name + "(") {
                guard let v = sum(), eat(")") else { return nil }
                return f(v)
            }
        }
        return number()
    }

    mutating func number() -> Double? {
        let start = index
        while let c = peek, c.isNumber || c == "." { index += 1 }
        guard index > start else { return nil }
        if peek == "e", index + 1 < chars.count {
            let save = index
            index += 1
            if peek == "+" || peek == "-" { index += 1 }
            let digits = index
            while let c = peek, c.isNumber { index += 1 }
            if index == digits { index = save }
        }
        return Double(String(chars[start..<index]))
    }
}
