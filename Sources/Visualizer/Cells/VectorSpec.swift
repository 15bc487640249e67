import Localization
import RNNCore

/// One vector slot of the step view: its titles, values, colour scale, the marked entry and
/// whether the current sub-step uses it.
struct VectorSpec {
    let title: String
    let shortTitle: String
    let values: [Float]
    let scale: ColorScale
    let selected: Int?
    let lit: Bool
    /// False while progressive reveal hides it: the walk-through has not computed it yet.
    var computed = true

    /// This slot, marked computed or not yet.
    func computed(_ isComputed: Bool) -> VectorSpec {
        var spec = self
        spec.computed = isComputed
        return spec
    }
}

/// Slots every cell draws the same way.
extension VectorSpec {
    static func embedding(_ context: StepContext, lit: Set<Panel>) -> VectorSpec {
        let strings = context.strings
        let title = strings("step.panel.embedding", ["char": context.quoted(context.step.token)])
        return VectorSpec(title: title, shortTitle: title, values: context.step.x,
                          scale: .diverging(fitting: context.trace.steps.flatMap(\.x)), selected: context.unit, lit: lit.contains(.x))
            .computed(context.computed(.forward(.embed)))
    }

    static func hiddenIn(_ context: StepContext, lit: Set<Panel>) -> VectorSpec {
        let strings = context.strings
        return VectorSpec(title: strings["step.panel.memory_in"], shortTitle: strings["step.panel.memory_in"], values: context.step.hPrev,
                   scale: Scales.hidden(context.trace), selected: context.unit, lit: lit.contains(.hPrev))
            .computed(context.reveal?.hidden(at: context.t - 1) ?? true)
    }

    static func gradientAtHidden(_ context: StepContext, lit: Set<Panel>) -> VectorSpec {
        let strings = context.strings
        return VectorSpec(title: strings["step.panel.gradient_at_h"], shortTitle: "dL/dh_t", values: context.step.dh,
                   scale: Scales.gradient(context.trace.steps.map(\.dh)), selected: context.unit, lit: lit.contains(.dh))
            .computed(context.computed(.backward(.dHidden)))
    }

    /// The output scores, marking the character the output panels talk about.
    static func scores(_ context: StepContext, name: String) -> VectorSpec {
        let computed = context.computed(.forward(.logits))
        // Before the scores exist the title must not name the top guess either.
        let c = computed ? context.quoted(context.focus) : "…"
        // The scores have no panel id of their own: they are what the logits and softmax sub-steps work on.
        let scoring = context.subStep == .forward(.logits) || context.subStep == .forward(.softmax)
        let strings = context.strings
        return VectorSpec(title: strings("step.panel.scores", ["name": name, "char": c]),
                          shortTitle: name == "z_t" ? strings("step.panel.scores.short", ["char": c]) : "\(name), ◆ \(c)",
                          values: context.step.logits, scale: .diverging(fitting: context.trace.steps.flatMap(\.logits)),
                          selected: context.focus, lit: scoring)
            .computed(computed)
    }
}

/// Colour scales shared by the views, fixed over the whole sequence so steps compare.
enum Scales {
    /// tanh (and gated) states live in [-1, 1]; relu states are scaled to their largest value.
    static func hidden(_ trace: Trace) -> ColorScale {
        trace.config.activation == .tanh || trace.config.cell.isGated
            ? .diverging(limit: 1) : .diverging(fitting: trace.steps.flatMap(\.h))
    }

    /// One scale for a gradient at every step, so fading shows as paler colour.
    static func gradient(_ perStep: [[Float]]) -> ColorScale {
        .diverging(fitting: perStep.flatMap { $0 })
    }
}
