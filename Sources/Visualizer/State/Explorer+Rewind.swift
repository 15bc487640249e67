import Localization
import RNNCore

/// `,` and `.`: moving through the snapshots of training (the lab's history), and asking
/// before a change in the past drops the epochs after it.
extension Explorer {
    func rewind(back: Bool) {
        ui.training = false
        running.singleEpochInFlight = false
        let event = lab.rewindStep(back: back)
        report(event)
        cursor = cursor.fitted(cell: lab.cell, length: lab.trace.length, hidden: lab.spec.hidden)
    }

    func rewindToPresent() {
        lab.returnToPresent()
        report(.returnedToPresent(epoch: lab.epoch))
    }

    /// "Continue from epoch k and drop epochs k+1…N? y/n" for a command that changes the model.
    func askToBranch(_ command: Command) {
        ui.confirmingBranch = command
        ui.training = false
        let strings = ui.strings
        let values = ["epoch": "\(lab.epoch)", "first": "\(lab.epoch + 1)", "last": "\(lab.presentEpoch)"]
        ui.message = command == .trainEpoch || command == .toggleTraining
            ? strings("rewind.ask.train", values) : strings("rewind.ask.change", values)
    }

    /// The answer: only y (or Y) branches and carries the command out; any other key stays in the past.
    func confirmBranch(_ command: Command, _ key: UserKey) -> Bool {
        ui.confirmingBranch = nil
        guard key == .character("y") || key == .character("Y") else {
            ui.message = ui.strings("rewind.msg.kept", ["epoch": "\(lab.epoch)", "present": "\(lab.presentEpoch)"])
            return true
        }
        let strings = ui.strings
        let branched = lab.branch().map { EventText.describe($0, strings: strings) }
        perform(command)
        if let branched { ui.message = branched + (ui.message.map { "; " + $0 } ?? "") }
        return true
    }
}
