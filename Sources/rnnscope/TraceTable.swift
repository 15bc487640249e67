import CellGrid
import Foundation
import Localization
import RNNCore

/// The readable form of a trace: one row per step, then the gradients' norms.
struct TraceTable {
    let trace: Trace
    /// The words of the title line, the header and the totals; symbols and numbers are the same in both languages.
    let strings: Strings

    init(_ trace: Trace, strings: Strings = Strings(.en)) {
        self.trace = trace
        self.strings = strings
    }

    func render() -> String {
        let vocabulary = trace.config.vocabulary
        func show(_ token: Int) -> String { quoted(vocabulary.symbol(at: token)) }
        var out = strings("trace.title", [
            "input": vocabulary.decode(trace.input).debugDescription, "target": vocabulary.decode(trace.target).debugDescription,
            "hidden": String(trace.config.hidden), "vocabulary": String(vocabulary.count),
            "cell": trace.config.cell.isGated ? trace.config.cell.rawValue : "rnn " + trace.config.activation.rawValue,
            "loss_mode": trace.config.lossMode.rawValue,
        ]) + "\n"
        let cell = trace.config.cell
        // The last column follows the cell: what scales the gradient on its way back.
        let lastColumn: String
        switch cell {
        case .rnn: lastColumn = "‖dL/da_t‖"
        case .gru: lastColumn = strings["trace.column.mean_z"].rightAligned(9)
        case .lstm: lastColumn = "‖dL/dc_t‖"
        }
        // Padded as the rows are, so the header lines up in either language (CJK is two columns).
        out += "   t  x_t    ‖x_t‖  ‖h_t‖   " + strings["trace.column.top"].padding(12) + strings["trace.column.target"].padding(8)
        out += strings["trace.column.p_target"].rightAligned(9) + strings["trace.column.step_loss"].rightAligned(11)
        out += "   ‖dL/dh_t‖  \(lastColumn)\n"
        for s in trace.steps {
            let probs = s.probs  // a new array on every access: read once
            let top = TopK.argmax(probs) ?? 0
            let targetText = s.target.map(show) ?? "-"
            let p = s.target.map { format(probs[$0], 4) } ?? "-"
            let stepLoss = s.stepLoss.map { format($0, 4) } ?? "-"
            out += String(s.t).leftPadded(to: 4, with: " ") + "  " + show(s.token).padding(5)
            out += format(norm(s.x), 3).leftPadded(to: 7, with: " ") + format(norm(s.h), 3).leftPadded(to: 7, with: " ")
            out += "   " + (show(top) + " " + format(probs[top], 2)).padding(12)
            out += targetText.padding(8) + p.leftPadded(to: 9, with: " ") + stepLoss.leftPadded(to: 11, with: " ")
            let last: String
            switch cell {
            case .rnn: last = scientific(norm(s.da))
            case .gru: last = format(mean(s.gate("z")?.values ?? []), 4)
            case .lstm: last = scientific(norm(s.dc ?? []))
            }
            out += scientific(norm(s.dh)).leftPadded(to: 12, with: " ") + last.leftPadded(to: 11, with: " ") + "\n"
        }
        out += strings("trace.loss", ["loss": format(trace.loss, 6)]) + "\n"
        out += strings["trace.gradient_norms"]
        for name in ParameterName.allCases {
            out += "  \(name.rawValue) \(scientific(norm(trace.gradients[name])))"
        }
        return out + "\n"
    }

    private func quoted(_ scalar: Unicode.Scalar) -> String {
        scalar == " " ? "' '" : scalar.properties.generalCategory == .control ? Vocabulary.describe(scalar) : "'\(scalar)'"
    }
}

func norm(_ v: [Float]) -> Float { Float(l2Norm(v)) }

func mean(_ v: [Float]) -> Float { v.isEmpty ? 0 : v.reduce(0, +) / Float(v.count) }

func format(_ value: Float, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }

func scientific(_ value: Float) -> String { String(format: "%.3e", value) }

extension String {
    /// Pads on the left to `width` terminal columns (CJK characters count as two).
    func rightAligned(_ width: Int) -> String {
        let columns = DisplayWidth.of(self)
        return columns >= width ? self : String(repeating: " ", count: width - columns) + self
    }

    /// Pads on the right to `width` terminal columns (CJK characters count as two).
    func padding(_ width: Int) -> String {
        let columns = DisplayWidth.of(self)
        return columns >= width ? self + " " : self + String(repeating: " ", count: width - columns)
    }
}
