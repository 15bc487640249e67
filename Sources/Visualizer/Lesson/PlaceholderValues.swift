import Foundation
import Localization
import Lessons
import RNNCore
import ScopeNames

/// The value a `{{placeholder}}` stands for, read from the frame: the trace at the current
/// step and unit, the lab's numbers, the analysis. One case per name, so every name the
/// lesson parser accepts is drawn.
enum PlaceholderValues {
    static func text(for placeholder: Placeholder, in frame: Frame) -> String {
        let trace = frame.trace
        let step = frame.step
        let vocabulary = trace.config.vocabulary
        func quote(_ token: Int) -> String { StepExplanation.quote(vocabulary.symbol(at: token)) }
        let top = TopK.argmax(step.probs) ?? 0
        let unit: Int
        if case .number(let n)? = placeholder.index { unit = n } else { unit = frame.unit }
        let inRange = (0..<trace.config.hidden).contains(unit)
        // Gated cells have no a_t, input or recurrent term: those read "?".
        func component(_ vector: [Float]) -> String { inRange && unit < vector.count ? NumberText.value(vector[unit]) : "?" }
        let options = frame.spec.training
        switch placeholder.name {
        case .loss: return NumberText.precise(trace.loss)
        case .epoch: return String(frame.epoch)
        case .t: return String(frame.t)
        case .T: return String(trace.length)
        case .unit: return String(frame.unit)
        case .hidden: return String(trace.config.hidden)
        case .vocabSize: return String(vocabulary.count)
        case .char: return quote(step.token)
        case .target: return step.target.map(quote) ?? "-"
        case .top1: return quote(top)
        // From the scores in double precision, as the formula panel computes them: a
        // probability that underflows a Float still reads as the number it is (4.40e-39).
        case .pTop1: return NumberText.value(Scores(step.logits).probability(top))
        case .pTarget: return step.target.map { NumberText.value(Scores(step.logits).probability($0)) } ?? "-"
        case .fade: return fade(trace)
        case .cell: return trace.config.cell.title
        case .neuronUnit: return frame.neurons?.best.map { String($0.match.unit) } ?? "-"
        case .neuronR: return frame.neurons?.best.map { Explorer.rText($0.match.r) } ?? "-"
        case .neuronFeature: return frame.neurons?.best.map { NeuronView.name($0.feature, strings: frame.strings) } ?? "-"
        case .generated:
            guard let text = frame.generation?.generated, !text.isEmpty else { return "-" }
            return "\"" + String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\n" ? " " : $0 })) + "\""
        case .partner: return frame.partnerCell.title
        case .partnerFade: return frame.partner?.trace.map(fade) ?? "-"
        case .partnerLoss: return frame.partner?.trace.map { NumberText.precise($0.loss) } ?? "-"
        case .partnerEpoch: return frame.partner.map { String($0.epoch) } ?? "-"
        case .partnerKeep: return frame.partner?.trace.flatMap(CompareView.keepGate).map { NumberText.value($0.mean) } ?? "-"
        case .partnerKeepBest: return frame.partner?.trace.flatMap(CompareView.keepGate).map { NumberText.value($0.bestUnit) } ?? "-"
        case .lastLoss: return frame.losses.last.map(NumberText.precise) ?? "-"
        case .valLoss: return frame.validationLosses.last.map(NumberText.precise) ?? "-"
        case .bitsPerChar: return frame.losses.last.map(bitsPerCharacter(frame)) ?? "-"
        case .valBitsPerChar: return frame.validationLosses.last.map(bitsPerCharacter(frame)) ?? "-"
        case .perplexity: return frame.losses.last.map(perplexity(frame)) ?? "-"
        case .valPerplexity: return frame.validationLosses.last.map(perplexity(frame)) ?? "-"
        case .baselineLoss: return NumberText.value(scoredPerWindow(frame) * log(Double(max(1, vocabulary.count))))
        case .windows: return String(frame.spec.trainingWindowCount)
        case .holdout: return String(frame.spec.holdout)
        case .sigmaMax: return frame.analysis.map { NumberText.value($0.sigmaMax) } ?? "?"
        case .rho: return frame.analysis.map { NumberText.value($0.spectralRadius) } ?? "?"
        case .clip: return options.clipNorm.map(NumberText.setting) ?? "off"
        case .clipValue: return options.clipValue.map(NumberText.setting) ?? "off"
        case .lr: return NumberText.setting(options.learningRate)
        case .optimizer: return options.optimizer == .adam ? "Adam" : "SGD"
        case .optEntry: return frame.optimizer.map { $0.isVector ? "\($0.tensorName)[\($0.row)]" : "\($0.tensorName)[\($0.row),\($0.column)]" } ?? "-"
        case .optG: return optimizer(frame) { NumberText.value($0.g) }
        case .optStep: return optimizer(frame) { NumberText.value($0.step) }
        case .optSGDStep: return optimizer(frame) { NumberText.value(-$0.learningRate * $0.g) }
        case .optRatio: return optimizer(frame) { $0.g == 0 ? "-" : NumberText.ratio(Double(abs($0.step)) / Double(abs($0.learningRate * $0.g))) }
        case .optBusyStep: return optimizer(frame) { o in o.summary.map { NumberText.value($0.busyStep) } ?? "-" }
        case .optQuietStep: return optimizer(frame) { o in o.summary.map { NumberText.value($0.quietStep) } ?? "-" }
        case .xT: return component(step.x)
        case .hPrev: return component(step.hPrev)
        case .aT: return component(step.a)
        case .hT: return component(step.h)
        case .dhT: return component(step.dh)
        case .daT: return component(step.da)
        case .input: return component(step.inputTerm)
        case .recurrent: return component(step.recurrentTerm)
        case .normDH:
            let k: Int
            if case .number(let n)? = placeholder.index { k = n } else { k = trace.length }
            return (1...trace.length).contains(k) ? NumberText.value(Float(l2Norm(trace.step(k).dh))) : "?"
        case .prediction:
            guard case .number(let n)? = placeholder.index, n >= 1, n <= frame.predictions.count else { return "-" }
            return "'\(frame.predictions[n - 1].next)'"
        }
    }

    /// A number from the optimizer view's update ("-" off that view, or before there is one).
    static func optimizer(_ frame: Frame, _ value: (OptimizerFrame) -> String) -> String {
        guard let o = frame.optimizer else { return "-" }
        if case .unavailable = o.status { return "-" }
        return value(o)
    }

    /// Characters scored per window: every step in `every` mode, the last one in `last`.
    static func scoredPerWindow(_ frame: Frame) -> Double {
        frame.spec.lossMode == .every ? Double(frame.spec.window) : 1
    }

    /// A loss (summed over a window's scored steps, mean over windows) in bits per scored
    /// character: loss / (scored steps · ln 2).
    static func bitsPerCharacter(_ frame: Frame) -> (Float) -> String {
        { NumberText.value(Double($0) / (scoredPerWindow(frame) * log(2))) }
    }

    /// e^(loss per scored character): the number of equally likely characters the model is as
    /// unsure as.
    static func perplexity(_ frame: Frame) -> (Float) -> String {
        { NumberText.value(exp(Double($0) / scoredPerWindow(frame))) }
    }

    /// ‖dL/dh_T‖ / ‖dL/dh_1‖: how many times weaker the gradient reaching step 1 is, in the
    /// same format as the gradient bars' `t=1 gets 1/… of t=T`.
    static func fade(_ trace: Trace) -> String {
        let norms = trace.steps.map { Double(l2Norm($0.dh)) }
        guard let first = norms.first, let last = norms.last, first > 0 else { return "∞" }
        let ratio = last / first
        return NumberText.ratio(ratio)
    }
}
