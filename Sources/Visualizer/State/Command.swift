/// Everything a key can ask the explorer to do. `KeyMap` binds keys to these; `Explorer.perform`
/// carries them out.
public enum Command: Hashable, Sendable {
    case nextStep, previousStep
    case nextSubStep, previousSubStep
    case forwardPhase, backwardPhase
    case unitUp, unitDown, unitPageUp, unitPageDown
    case trainEpoch, toggleTraining
    case toggleAutoplay
    case nextWindow, previousWindow
    case editText
    case reinitialise
    case cycleCell, toggleActivation
    case shorter, longer
    case nextPreset
    case switchPartner
    case toggleLogScale
    case cycleTheme
    case nextView, previousView
    case toggleHelp
    case quit
    /// Esc: nothing (it closes the help or cancels typing).
    case cancel
}
