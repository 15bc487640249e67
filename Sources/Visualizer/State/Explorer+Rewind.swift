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
        let what = command == .trainEpoch || command == .toggleTraining ? "continue training from" : "change the model at"
        ui.message = "\(what) epoch \(lab.epoch) and drop epochs \(lab.epoch + 1)…\(lab.presentEpoch)? y/n"
    }

    /// The answer: only y (or Y) branches and carries the command out; any other key stays in the past.
    func confirmBranch(_ command: Command, _ key: UserKey) -> Bool {
        ui.confirmingBranch = nil
        guard key == .character("y") || key == .character("Y") else {
            ui.message = "nothing dropped: still at epoch \(lab.epoch) of \(lab.presentEpoch) (Esc returns to the present)"
            return true
        }
        let branched = lab.branch().map(EventText.describe)
        perform(command)
        if let branched { ui.message = branched + (ui.message.map { "; " + $0 } ?? "") }
        return true
    }
}
