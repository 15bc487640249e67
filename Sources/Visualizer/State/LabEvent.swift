import RNNCore
import Localization

/// What a change to the lab did, for the explorer to put into words (`EventText`). The lab
/// knows nothing of keys or screens; it reports facts.
public enum LabEvent: Equatable, Sendable {
    /// Training stopped by itself: the loss of `epoch` was not finite.
    case trainingStopped(epoch: Int, loss: Float)
    /// Long training was stopped by the user (q or Ctrl-C while its progress showed).
    case trainingInterrupted(epoch: Int)
    case reinitialised(seed: UInt64)
    /// A new model (of `seed`, `cell`, `hidden`) is being made on a thread of its own; the old
    /// one stays on screen until it lands.
    case rebuilding(seed: UInt64, cell: CellKind, hidden: Int)
    /// Esc threw the rebuild in flight away: the model of `seed` stays.
    case rebuildCancelled(seed: UInt64)
    /// `w`'s preset is being applied on a thread of its own; the old W_hh stays until it lands.
    case applyingPreset(RecurrentPreset, matrix: String)
    /// `s`/`S`: the pass over training window `index` (0-based) of `count` is being made on a
    /// thread of its own; the old window stays on screen until it lands.
    case tracingWindow(index: Int, count: Int)
    /// The same for typed text (`e`).
    case tracingTyped
    /// `O`'s file at `path` is being read and its model made on a thread of its own; the old
    /// model stays on screen until it lands.
    case opening(path: String)
    /// Esc threw the file being opened away: the model stays.
    case openCancelled(path: String)
    /// `,`/`.`: the pass of the model at epoch `epoch` (nil: the present) is being made on a
    /// thread of its own; the model on screen stays until it lands.
    case rewinding(epoch: Int?)
    /// Esc threw the rewind in flight away: epoch `epoch` stays on screen.
    case rewindCancelled(epoch: Int)
    /// Esc threw the preset in flight away: W_hh stays as it was.
    case presetCancelled(matrix: String)
    /// Training window `index` (0-based) of `count` is on screen.
    case showingWindow(index: Int, count: Int)
    /// The typed text is on screen; `input` is what the model reads.
    case showingTyped(input: String)
    case cellChanged(CellKind, seed: UInt64)
    case activationChanged(Activation)
    /// A gated cell has no activation to choose.
    case noActivation(CellKind)
    case lengthChanged(steps: Int, windows: Int, stride: Int)
    /// The last `heldOut` of `windows` windows are now a validation set (never trained on).
    case holdoutChanged(heldOut: Int, windows: Int)
    /// The sequence length is already at the end `longer` asks to pass.
    case lengthAtLimit(longer: Bool, steps: Int)
    /// W_hh (or a gated cell's candidate block) was set from its initial value.
    case presetApplied(RecurrentPreset, matrix: String, sigmaMax: Double, rho: Double)
    case partnerChanged(CellKind, seed: UInt64)
    /// `g` asks for another partner, but a gated main model is always compared with the RNN.
    case partnerFixed(main: CellKind)
    /// The partner was made but could not be trained to the main model's epoch.
    case partnerBehind(partnerEpoch: Int, mainEpoch: Int)
    /// A change was refused; the message says why.
    case refused(Message)
    /// `W` is writing the model to `path` on a thread of its own.
    case saving(path: String)
    /// `W` wrote the model (trained for `epoch` epochs) and the optimizer's state to `path`.
    case saved(path: String, epoch: Int)
    /// The model on screen is the snapshot taken at `epoch`; training had reached `presentEpoch`.
    case rewound(epoch: Int, presentEpoch: Int)
    /// Back from the past to the present, at `epoch`.
    case returnedToPresent(epoch: Int)
    /// The past at `epoch` became the present: the history after it, up to `dropped`, is gone.
    case branched(epoch: Int, dropped: Int)
    /// Nothing to rewind to: nothing was trained yet (or a snapshot is too big to keep).
    case noHistory
    /// `O` opened `path`; `optimizer` says whether Adam resumes from the file's state, and why not.
    case opened(path: String, epoch: Int, cell: CellKind, hidden: Int, optimizer: Message)
}
