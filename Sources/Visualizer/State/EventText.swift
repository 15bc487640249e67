import Foundation
import Localization
import RNNCore

/// The one-line messages the explorer shows for what the lab did.
enum EventText {
    static func describe(_ event: LabEvent, strings: Strings = Strings(.en)) -> String {
        switch event {
        case .trainingStopped(let epoch, let loss):
            return strings("msg.event.training_diverged", ["epoch": "\(epoch)", "loss": "\(loss)"])
        case .trainingInterrupted(let epoch):
            return strings("msg.event.training_interrupted", ["epoch": "\(epoch)"])
        case .reinitialised(let seed):
            return strings("msg.event.reinitialised", ["seed": "\(seed)"])
        case .rebuilding(let seed, let cell, let hidden):
            return strings("msg.event.rebuilding", ["seed": "\(seed)", "cell": cell.title, "hidden": "\(hidden)"])
        case .rebuildCancelled(let seed):
            return strings("msg.event.rebuild_cancelled", ["seed": "\(seed)"])
        case .applyingPreset(let preset, let matrix):
            return strings("msg.event.applying_preset", ["matrix": matrix, "preset": presetName(preset, strings)])
        case .tracingWindow(let index, let count):
            return strings("msg.event.tracing_window", ["index": "\(index + 1)", "count": "\(count)"])
        case .saving(let path):
            return strings("msg.event.saving", ["path": path.terminalSafe])
        case .tracingTyped:
            return strings["msg.event.tracing_typed"]
        case .opening(let path):
            return strings("msg.event.opening", ["path": path.terminalSafe])
        case .openCancelled(let path):
            return strings("msg.event.open_cancelled", ["path": path.terminalSafe])
        case .rewinding(let epoch?):
            return strings("rewind.msg.rewinding", ["epoch": "\(epoch)"])
        case .rewinding(nil):
            return strings["rewind.msg.returning"]
        case .rewindCancelled(let epoch):
            return strings("rewind.msg.cancelled", ["epoch": "\(epoch)"])
        case .presetCancelled(let matrix):
            return strings("msg.event.preset_cancelled", ["matrix": matrix])
        case .showingWindow(let index, let count):
            return strings("msg.event.window", ["index": "\(index + 1)", "count": "\(count)"])
        case .showingTyped(let input):
            return strings("msg.event.typed", ["input": input])
        case .cellChanged(let cell, let seed):
            return strings(cell.isGated ? "msg.event.cell_gated" : "msg.event.cell", ["cell": cell.title, "seed": "\(seed)"])
        case .activationChanged(let activation):
            return strings("msg.event.activation", ["activation": activation.rawValue])
        case .noActivation(let cell):
            return strings("msg.event.no_activation", ["cell": cell.title])
        case .lengthChanged(let steps, let windows, let stride):
            return strings(stride > 1 ? "msg.event.length_strided" : "msg.event.length", [
                "steps": "\(steps)", "windows": count(windows, "msg.count.training_window", strings), "stride": "\(stride)"])
        case .holdoutChanged(let heldOut, let windows):
            return heldOut == 0
                ? strings("msg.event.holdout_none", ["windows": "\(windows)"])
                : strings("msg.event.holdout", ["held": count(heldOut, "msg.count.window", strings), "windows": "\(windows)"])
        case .lengthAtLimit(let longer, let steps):
            return longer ? strings("msg.event.length_longest", ["steps": "\(steps)"]) : strings["msg.event.length_shortest"]
        case .presetApplied(let preset, let matrix, let sigmaMax, let rho):
            return strings("msg.event.preset", [
                "matrix": matrix, "preset": presetName(preset, strings), "sigma": NumberText.value(sigmaMax), "rho": NumberText.value(rho)])
        case .partnerChanged(let cell, let seed):
            return strings("msg.event.partner", ["cell": cell.title, "seed": "\(seed)"])
        case .partnerFixed(let main):
            return strings("msg.event.partner_fixed", ["cell": main.title])
        case .partnerBehind(let partnerEpoch, let mainEpoch):
            return strings("msg.event.partner_behind", ["partner": "\(partnerEpoch)", "main": "\(mainEpoch)"])
        case .refused(let message):
            return message.text(strings)
        case .saved(let path, let epoch):
            return strings("msg.event.saved", ["path": path.terminalSafe, "epoch": "\(epoch)"])
        case .rewound(let epoch, let presentEpoch):
            return strings("rewind.msg.rewound", ["epoch": "\(epoch)", "present": "\(presentEpoch)"])
        case .returnedToPresent(let epoch):
            return strings("rewind.msg.present", ["epoch": "\(epoch)"])
        case .branched(let epoch, let dropped):
            return strings("rewind.msg.branched", ["epoch": "\(epoch)", "first": "\(epoch + 1)", "last": "\(dropped)"])
        case .noHistory:
            return strings["rewind.msg.none"]
        case .opened(let path, let epoch, let cell, let hidden, let optimizer):
            return strings("msg.event.opened", ["path": path.terminalSafe, "cell": cell.title, "hidden": "\(hidden)", "epoch": "\(epoch)", "optimizer": optimizer.text(strings)])
        }
    }

    /// "1 training window", "3 training windows" (`key.one` and `key.many` in the tables).
    static func count(_ n: Int, _ key: String, _ strings: Strings) -> String {
        strings[n == 1 ? key + ".one" : key + ".many"].replacingOccurrences(of: "{n}", with: "\(n)")
    }

    /// "1 training window", "3 training windows".
    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    /// "σ_max = 0.9", "orthogonal", "identity" in `strings`' language.
    static func presetName(_ preset: RecurrentPreset, _ strings: Strings) -> String {
        switch preset {
        case .sigmaMax: return preset.description
        case .orthogonal: return strings["msg.preset.orthogonal"]
        case .identity: return strings["msg.preset.identity"]
        }
    }
}
