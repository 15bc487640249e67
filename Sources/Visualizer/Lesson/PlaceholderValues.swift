import Lessons
import RNNCore

/// The value a `{{placeholder}}` stands for, read from the explorer's current trace at its
/// current step and unit.
enum PlaceholderValues {
    static func text(for placeholder: Placeholder, in explorer: Explorer) -> String {
        let trace = explorer.trace
        let t = explorer.t
        let step = trace.step(t)
        let vocabulary = trace.config.vocabulary
        func quote(_ token: Int) -> String { StepExplanation.quote(vocabulary.symbol(at: token)) }
        let top = step.probs.indices.max { step.probs[$0] < step.probs[$1] } ?? 0
        let unit: Int = {
            switch placeholder.index {
            case .number(let n)?: return n
            default: return explorer.unit
            }
        }()
        let inRange = (0..<trace.config.hidden).contains(unit)
        // Gated cells have no a_t, input or recurrent term: those read "?".
        func component(_ vector: [Float]) -> String { inRange && unit < vector.count ? NumberText.value(vector[unit]) : "?" }
        switch placeholder.name {
        case "loss": return NumberText.precise(trace.loss)
        case "epoch": return String(explorer.epoch)
        case "t": return String(t)
        case "T": return String(trace.length)
        case "unit": return String(explorer.unit)
        case "hidden": return String(trace.config.hidden)
        case "vocab_size": return String(vocabulary.count)
        case "char": return quote(step.token)
        case "target": return step.target.map(quote) ?? "-"
        case "top1": return quote(top)
        case "p_top1": return NumberText.precise(step.probs[top])
        case "p_target": return step.target.map { NumberText.precise(step.probs[$0]) } ?? "-"
        case "fade": return fade(trace)
        case "cell": return trace.config.cell.title
        case "partner": return explorer.partnerCell.title
        case "partner_fade": return explorer.comparison?.trace.map(fade) ?? "-"
        case "partner_loss": return explorer.comparison?.trace.map { NumberText.precise($0.loss) } ?? "-"
        case "last_loss": return explorer.losses.last.map(NumberText.precise) ?? "-"
        case "sigma_max": return String(format: "%.3f", explorer.analysis.sigmaMax)
        case "rho": return String(format: "%.3f", explorer.analysis.spectralRadius)
        case "clip": return explorer.trainingOptions.clipNorm.map { NumberText.value($0) } ?? "off"
        case "lr": return NumberText.value(explorer.trainingOptions.learningRate)
        case "x_t": return component(step.x)
        case "h_prev": return component(step.hPrev)
        case "a_t": return component(step.a)
        case "h_t": return component(step.h)
        case "dh_t": return component(step.dh)
        case "da_t": return component(step.da)
        case "input": return component(step.inputTerm)
        case "recurrent": return component(step.recurrentTerm)
        case "norm_dh":
            let k: Int
            switch placeholder.index {
            case .number(let n)?: k = n
            default: k = trace.length
            }
            return (1...trace.length).contains(k) ? NumberText.value(Float(l2Norm(trace.step(k).dh))) : "?"
        case "prediction":
            guard case .number(let n)? = placeholder.index, n >= 1, n <= explorer.predictions.count else { return "-" }
            return "'\(explorer.predictions[n - 1].next)'"
        default:
            return placeholder.source
        }
    }

    /// ‖dL/dh_T‖ / ‖dL/dh_1‖: how many times weaker the gradient reaching step 1 is.
    static func fade(_ trace: Trace) -> String {
        let norms = trace.steps.map { Double(l2Norm($0.dh)) }
        guard let first = norms.first, let last = norms.last, first > 0 else { return "∞" }
        let ratio = last / first
        return ratio >= 10_000 || ratio < 0.01 ? String(format: "%.1e", ratio) : String(format: ratio >= 10 ? "%.0f" : "%.2f", ratio)
    }
}

import Foundation
