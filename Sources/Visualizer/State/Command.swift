import ScopeNames
/// Everything a key can ask the explorer to do. `KeyMap` binds keys to these; `Explorer.perform`
/// carries them out.
public enum Command: Hashable, Sendable {
    case nextStep, previousStep
    /// t = 1 and t = T.
    case firstStep, lastStep
    case nextSubStep, previousSubStep
    case forwardPhase, backwardPhase
    case unitUp, unitDown, unitPageUp, unitPageDown
    case trainEpoch, toggleTraining
    /// The pace of training (or of auto-play while it runs): one rung faster or slower.
    case faster, slower
    case toggleAutoplay
    case nextWindow, previousWindow
    case editText
    /// Type a path, then write the weights and the optimizer's state there (asks before overwriting).
    case saveWeights
    /// Type a path, then open that weight file in place of the model.
    case openWeights
    case reinitialise
    case cycleCell, toggleActivation
    case shorter, longer
    case nextPreset
    case switchPartner
    case toggleLogScale
    /// Progressive reveal on or off: values not computed yet at this sub-step are dimmed.
    case toggleReveal
    case cycleTheme
    /// The interface's language: English ↔ Chinese.
    case toggleLanguage
    /// The generate view: τ one preset lower / higher (0, 0.5, 1, 1.5, 2).
    case cooler, hotter
    /// The generate view: append the most likely next character.
    case greedyStep
    /// Rewinding: the previous / next snapshot of training (`.` past the last one: the present).
    case rewindBack, rewindForward
    /// The generate view: open the prompt and the generated text as the walk-through's sequence.
    case openGenerated
    /// Export the screen as SVG plus plain text (the terminal loop writes the files).
    case export
    /// The optimizer view: the next / previous tensor (W_hh, its gate blocks, W_ih, …, E).
    case nextTensor, previousTensor
    case nextView, previousView
    case toggleHelp
    case quit
    /// Esc: nothing (it closes the help or cancels typing).
    case cancel
}

extension Command {
    /// Whether it changes the model: in the past it first asks to drop the later epochs.
    var changesModel: Bool {
        switch self {
        case .trainEpoch, .toggleTraining, .reinitialise, .cycleCell, .toggleActivation, .shorter, .longer, .nextPreset: return true
        default: return false
        }
    }

    /// Whether it needs the model a rebuild in flight is making (`Lab.rebuildJob`, the terminal
    /// only): refused until the new model is on screen. It would act on the model about to
    /// go (training it, moving through its history, generating from it, saving it) and be
    /// lost. Stepping, units, views and display keys act on the old model, which stays on
    /// screen meanwhile (the cursor carries over, as through a rebuild in place); `r`, `c`
    /// and `O` replace the rebuild in flight; Esc cancels it.
    func waitsForRebuild(in view: ScreenView) -> Bool {
        switch self {
        case .trainEpoch, .toggleTraining, .toggleActivation, .shorter, .longer, .nextPreset, .nextWindow, .previousWindow,
             .editText, .saveWeights, .switchPartner, .rewindBack, .rewindForward, .greedyStep, .openGenerated:
            return true
        case .nextSubStep, .previousSubStep, .toggleAutoplay:
            return view == .generate
        default:
            return false
        }
    }
}
