import Localization
import RNNCore
import ScopeNames

/// What the explorer does between keys (training, auto-play), what lessons set directly, and
/// the frame it builds for the views.
extension Explorer {
    public func setView(_ view: ScreenView) {
        // Auto-play means generating in the generate view and sub-steps elsewhere: a view change stops it.
        if ui.autoplay, (ui.view == .generate) != (view == .generate) {
            ui.autoplay = false
        }
        ui.view = view
        lab.setUpdatesWanted(view == .optimizer)
        if view != .optimizer { optimizerCache = nil }
        report(lab.setPartnerWanted(view == .compare))
    }

    /// Puts the walk-through at a step, sub-step and unit (a lesson's directives); values out
    /// of range are clamped, a sub-step the cell lacks becomes the nearest it has.
    public func place(t: Int? = nil, subStep: SubStep? = nil, unit: Int? = nil) {
        var placed = cursor
        if let t { placed.t = t }
        if let subStep { placed.subStep = subStep }
        if let unit { placed.unit = unit }
        cursor = placed.fitted(cell: lab.cell, length: lab.trace.length, hidden: lab.spec.hidden)
    }

    /// Sets the theme (`--theme`) and what `auto` stands for on this terminal (dark or light).
    public func setTheme(_ theme: ThemeName, auto: ThemeName = .dark) {
        ui.theme = theme
        ui.autoTheme = auto
    }

    public func setMessage(_ message: String?) { ui.message = message }
    /// The interface's language (`--lang`, a lesson's language; `L` toggles it).
    public func setLanguage(_ language: Language) { ui.language = language }
    /// A lesson's pending question hides every computed value until it is answered.
    public func setConcealed(_ on: Bool) { ui.concealed = on }
    public func setLogScale(_ on: Bool) { ui.logScale = on }
    public func setAutoplay(_ on: Bool) { ui.autoplay = on }
    public func stopTraining() { ui.training = false }

    /// Runs a change to the lab from outside the key map (a lesson's actions), keeping the
    /// cursor valid for the model it leaves.
    /// A lesson's change happens in place, never on the rebuild's thread: its next action (and
    /// its narration) needs the new model.
    public func changeLab<T>(_ change: (Lab) throws -> T) rethrows -> T {
        let background = lab.rebuildsInBackground
        lab.rebuildInBackground(false)
        defer { lab.rebuildInBackground(background) }
        let result = try change(lab)
        cursor = cursor.fitted(cell: lab.cell, length: lab.trace.length, hidden: lab.spec.hidden)
        return result
    }

    /// What the current view needs derived from the trace.
    var needs: Derived.Needs {
        // The formula panel's weight-gradient sub-step quotes the check too.
        let check: Derived.Needs
        switch cursor.subStep {
        case .backward(.weightGradients): check = [.gradientCheck, .partialGradients]
        // The output layer's and the embedding's sums so far fill the accumulator panel.
        case .backward(.outputGradients), .backward(.embeddingGradient): check = [.partialGradients]
        default: check = []
        }
        switch ui.view {
        case .gradients: return check.union([.analysis, .connectivity])
        case .weights: return [.gradientCheck]
        default: return check
        }
    }

    /// Everything the views may read now (`now`: the clock, read here when not given).
    /// `needingAnalysis`: a lesson's narration quotes σ_max or ρ.
    public func frame(needingAnalysis: Bool = false, now: UInt64? = nil) -> Frame {
        let now = now ?? Derived.now()
        let wanted = needs.union(needingAnalysis ? .analysis : [])
        let trace = lab.trace
        let checked = Frame.checkedWeight(cell: trace.config.cell, hidden: trace.config.hidden, unit: cursor.unit)
        derived.refresh(wanted, trace: trace, version: lab.traceVersion, checked: checked, training: ui.training, now: now, from: cursor.t)
        let check = wanted.contains(.gradientCheck) ? derived.gradientCheck : nil
        let partner = lab.partner.map { Frame.PartnerFrame(cell: $0.cell, epoch: $0.epoch, trace: $0.trace, losses: $0.losses) }
        var frame = Frame(
            trace: trace, cursor: cursor, ui: ui,
            explanation: StepExplanation(subStep: cursor.subStep, trace: trace, t: cursor.t, unit: cursor.unit, check: check, strings: ui.strings),
            spec: lab.spec, epoch: lab.epoch, losses: lab.losses, validationLosses: lab.validationLosses, predictions: lab.predictions, windowIndex: lab.windowIndex,
            windowCount: lab.data.count, lastGradientNorms: lab.lastGradientNorms, partner: partner, partnerCell: lab.partnerCell,
            steps: lab.trainer.isMiniBatch ? (lab.trainer.step, lab.trainer.stepInEpoch, lab.trainer.stepsPerEpoch) : nil,
            sample: lab.sample,
            analysis: wanted.contains(.analysis) ? derived.analysis : nil,
            connectivity: wanted.contains(.connectivity) ? derived.connectivity : nil,
            gradientCheck: check,
            partialGradients: wanted.contains(.partialGradients) ? derived.partialGradients : nil,
            analysisPending: wanted.contains(.analysis) && derived.analysisPending,
            gradientCheckPending: wanted.contains(.gradientCheck) && derived.checkPending,
            generation: ui.view == .generate ? generationFrame() : nil,
            history: lab.historyFrame,
            neurons: ui.view == .neurons ? neuronFrame(now: now) : nil,
            optimizer: ui.view == .optimizer ? optimizerFrame() : nil)
        frame.partnerCatchUp = lab.partnerCatchUp
        return frame
    }

    /// Computes a large model's gradient analysis on a thread of its own (the terminal loop):
    /// the gradients view says "computing…" until it is ready, and keys never wait for it.
    public func computeAnalysisInBackground(_ on: Bool) { derived.analysisInBackground = on }

    /// A background analysis finished since the last frame: the screen should be drawn again.
    var analysisArrived: Bool {
        (derived.analysisPending && derived.background.hasResult) || (derived.checkPending && derived.checkJob.hasResult)
    }
}
