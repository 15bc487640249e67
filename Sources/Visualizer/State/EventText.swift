import Foundation
import RNNCore

/// The one-line messages the explorer shows for what the lab did.
enum EventText {
    static func describe(_ event: LabEvent) -> String {
        switch event {
        case .trainingStopped(let epoch, let loss):
            return "training stopped at epoch \(epoch): the loss became \(loss)"
        case .trainingInterrupted(let epoch):
            return "training stopped at epoch \(epoch)"
        case .reinitialised(let seed):
            return "re-initialised with seed \(seed)"
        case .showingWindow(let index, let count):
            return "window \(index + 1)/\(count)"
        case .showingTyped(let input):
            return "showing your text: input \"\(input)\""
        case .cellChanged(let cell, let seed):
            return "cell: \(cell.title), fresh weights from seed \(seed)" + (cell.isGated ? "; space walks through its gates" : "")
        case .activationChanged(let activation):
            return "activation \(activation.rawValue), same weights (training history cleared)"
        case .noActivation(let cell):
            return "a \(cell.title) has no activation to choose: its gates use σ and tanh"
        case .lengthChanged(let steps, let windows, let stride):
            return "sequence length \(steps): \(count(windows, "training window"))"
                + (stride > 1 ? ", one every \(stride) characters to keep an epoch small" : "")
        case .holdoutChanged(let heldOut, let windows):
            return heldOut == 0
                ? "no window held out: training on all \(windows), same weights (training history cleared)"
                : "the last \(count(heldOut, "window")) of \(windows) held out for validation, never trained on (training history cleared)"
        case .lengthAtLimit(let longer, let steps):
            return longer ? "the window is already the whole text (\(steps) steps)" : "the window is already at its shortest"
        case .presetApplied(let preset, let matrix, let sigmaMax, let rho):
            return "\(matrix) set to \(preset) from its initial value: σ_max \(NumberText.value(sigmaMax)), ρ \(NumberText.value(rho))"
        case .partnerChanged(let cell, let seed):
            return "comparing the RNN with a fresh \(cell.title) (seed \(seed))"
        case .partnerFixed(let main):
            return "the \(main.title) is compared with the plain RNN; c changes the main cell"
        case .partnerBehind(let partnerEpoch, let mainEpoch):
            return "the partner is at epoch \(partnerEpoch), the main model at \(mainEpoch): too far to catch up here; t/T train both"
        case .refused(let message):
            return message
        case .saved(let path, let epoch):
            return "saved \(path.terminalSafe) (epoch \(epoch), with the optimizer's state)"
        case .rewound(let epoch, let presentEpoch):
            return "epoch \(epoch) of \(presentEpoch): every view shows the model as it was then (, . Esc T)"
        case .returnedToPresent(let epoch):
            return "back to the present: epoch \(epoch)"
        case .branched(let epoch, let dropped):
            return "continuing from epoch \(epoch): epochs \(epoch + 1)…\(dropped) dropped"
        case .noHistory:
            return "nothing to rewind to yet: train first (t or T); snapshots are kept at epochs 0, 1, 2, 4, 8, … and every 50th"
        case .opened(let path, let epoch, let cell, let hidden, let optimizer):
            return "opened \(path.terminalSafe): \(cell.title), H=\(hidden), epoch \(epoch); \(optimizer)"
        }
    }

    /// "1 training window", "3 training windows".
    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}
