import Localization
import Foundation
import RNNCore
import ScopeNames

/// Continuous training and auto-play: started and stopped by keys, paced by `UIState.pace`,
/// advanced by `tick`, which the terminal loop calls between keys.
extension Explorer {
    func toggleTraining() {
        ui.training.toggle()
        guard ui.training else {
            let event = lab.stopBackgroundTraining()
            ui.message = ui.strings("msg.training.paused", ["epoch": "\(lab.epoch)"])
            report(event)
            return
        }
        // Past the target, T continues without one.
        if let until = ui.trainUntil, lab.epoch >= until { ui.trainUntil = nil }
        running.restartTraining(at: clock())
        let strings = ui.strings
        let target = ui.trainUntil.map { strings("msg.training.until", ["epoch": "\($0)"]) } ?? ""
        ui.message = strings("msg.training.started", ["pace": ui.pace.trainingLabel(strings, perStep: lab.trainer.isMiniBatch), "until": target])
    }

    /// `t`: one epoch, here, or on the worker thread when it is too slow for a key (the tick
    /// applies it and says so).
    func trainOneEpoch() {
        guard trainingInBackground, !ui.training, lab.epochIsSlow else {
            report(lab.train(steps: 1))
            return
        }
        guard !running.singleEpochInFlight else {
            ui.message = ui.strings["msg.training.still_one"]
            return
        }
        lab.grantBackgroundEpochs(1)
        running.singleEpochInFlight = true
        ui.message = ui.strings["msg.training.one"]
    }

    func changePace(faster: Bool) {
        let strings = ui.strings
        let limit = faster ? "fastest" : "slowest"
        if ui.autoplay && !ui.training {
            let moved = ui.pace.stepAutoplay(faster: faster)
            if ui.view == .generate {
                let every = strings("msg.pace.every", ["seconds": String(format: "%g", Double(ui.pace.autoplayMilliseconds) / 1000)])
                ui.message = strings(moved ? "msg.pace.generating" : "msg.pace.generating_\(limit)", ["pace": every])
                return
            }
            ui.message = strings(moved ? "msg.pace.autoplay" : "msg.pace.autoplay_\(limit)", ["pace": ui.pace.autoplayLabel(strings)])
            return
        }
        let moved = ui.pace.stepTraining(faster: faster)
        running.restartTraining(at: clock())
        ui.message = strings(moved ? "msg.pace.training" : "msg.pace.training_\(limit)", ["pace": ui.pace.trainingLabel(strings, perStep: lab.trainer.isMiniBatch)])
    }

    /// Whether the walk-through stands at its very end: BPTT's last sub-step at t=1.
    var atEnd: Bool { cursor.t == 1 && cursor.subStep == Cursor.last(.backward, cell: lab.cell) }

    func toggleAutoplay() {
        ui.autoplay.toggle()
        guard ui.autoplay else {
            ui.message = ui.strings["msg.autoplay.off"]
            return
        }
        if atEnd { cursor = Cursor(t: 1, subStep: Cursor.first(.forward, cell: lab.cell), unit: cursor.unit) }
        running.nextAutoplay = clock() &+ UInt64(ui.pace.autoplayMilliseconds) * 1_000_000
        ui.message = ui.strings("msg.autoplay.on", ["pace": ui.pace.autoplayLabel(ui.strings)])
    }

    /// One auto-play step: the next sub-step; at the end of BPTT auto-play stops.
    public func autoplayTick() {
        if ui.view == .generate {
            // While the text is read on its thread, auto-play waits for it.
            if readingJob == nil { generateStep(greedy: false) }
            return
        }
        guard !atEnd else {
            ui.autoplay = false
            ui.message = ui.strings["msg.autoplay.end"]
            return
        }
        perform(.nextSubStep)
    }

    /// Does whatever the running modes owe by `now`: the epochs the pace has made due (at most
    /// `slice` nanoseconds of them, so a key never waits long) and a due auto-play step.
    /// Returns whether anything changed on screen.
    @discardableResult
    public func tick(now: UInt64, slice: UInt64) -> Bool {
        var changed = analysisArrived || readingArrived
        // A reading on its thread landed: the characters asked for meanwhile are drawn now.
        collectReading()
        if !generation.queuedDraws.isEmpty { changed = drawQueued() || changed }
        dropStaleReading()
        // A rebuild on its thread landed: the new model goes on screen.
        if let rebuilt = lab.collectRebuild() {
            report(rebuilt)
            cursor = cursor.fitted(cell: lab.cell, length: lab.trace.length, hidden: lab.spec.hidden)
            changed = true
        }
        if let saved = lab.collectSave() {
            report(saved)
            changed = true
        }
        // The partner's catch-up (on its thread in the terminal): its progress, or the partner.
        if lab.collectPartnerCatchUp() { changed = true }
        if trainingInBackground {
            changed = tickInBackground(now: now) || changed
        } else if ui.training {
            var budget = ui.pace.epochsPerSecond.map { running.epochsDue(at: now, rate: $0) } ?? Int.max
            if let until = ui.trainUntil { budget = min(budget, until - lab.epoch) }
            if budget > 0 {
                var done = 0
                let clock = self.clock
                let event = lab.train { done += 1; return done < budget && clock() &- now < slice }
                running.epochsSinceStart += done
                report(event)
                changed = true
            }
            if ui.training, let until = ui.trainUntil, lab.epoch >= until {
                ui.training = false
                ui.trainUntil = nil
                ui.message = ui.strings(until == SeedNotes.epochs ? "msg.training.stopped_notes" : "msg.training.stopped_at", ["epoch": "\(until)"])
                changed = true
            }
        }
        if ui.autoplay, now >= running.nextAutoplay {
            autoplayTick()
            running.nextAutoplay = now &+ UInt64(ui.pace.autoplayMilliseconds) * 1_000_000
            changed = true
        }
        return changed
    }

    /// Most epochs granted to the worker ahead of time at `rate` epochs per second (nil: max):
    /// about a tenth of a second's worth, so a slow model does not pile up a backlog.
    static func workerQueue(rate: Double?) -> Int {
        guard let rate else { return 1 << 20 }
        return max(2, Int(rate / 10))
    }

    /// `tick` when training runs on the worker thread: applies the epochs it finished, grants
    /// those the pace made due, and stops at the target epoch. Never waits for an epoch.
    private func tickInBackground(now: UInt64) -> Bool {
        var changed = false
        if running.singleEpochInFlight {
            // Continuous training took the epoch over, or a change to the model discarded it.
            if ui.training || !lab.isTrainingInBackground {
                running.singleEpochInFlight = false
            } else {
                let (applied, event) = lab.collectBackgroundTraining()
                guard applied > 0 || event != nil else { return false }
                running.singleEpochInFlight = false
                report(lab.stopBackgroundTraining())
                ui.message = ui.strings("msg.training.one_done", [
                    "epoch": "\(lab.epoch)", "loss": lab.losses.last.map { String(format: "%.4f", $0) } ?? ui.strings["msg.not_finite"]])
                report(event)
                return true
            }
        }
        guard ui.training else {
            if lab.isTrainingInBackground {
                report(lab.stopBackgroundTraining())
                changed = true
            }
            return changed
        }
        let (applied, event) = lab.collectBackgroundTraining()
        if applied > 0 || event != nil { changed = true }
        report(event)
        if ui.training, let until = ui.trainUntil, lab.epoch >= until {
            report(lab.stopBackgroundTraining())
            ui.training = false
            ui.trainUntil = nil
            ui.message = ui.strings(until == SeedNotes.epochs ? "msg.training.stopped_notes" : "msg.training.stopped_at", ["epoch": "\(until)"])
            return true
        }
        guard ui.training else { return changed }
        let rate = ui.pace.epochsPerSecond
        // Epochs posted since the take above count too, or the grant could pass `until`.
        let outstanding = lab.backgroundEpochsOutstanding + lab.backgroundEpochsDelivered
        let due = rate.map { running.epochsDue(at: now, rate: $0) } ?? Int.max
        var grant = min(due, Self.workerQueue(rate: rate) - outstanding)
        if let until = ui.trainUntil { grant = min(grant, until - lab.epoch - outstanding) }
        // Epochs the worker could not keep up with are forgiven, not queued.
        if rate != nil { running.epochsSinceStart += max(0, due) }
        if grant > 0 { lab.grantBackgroundEpochs(grant) }
        return changed
    }

    /// How long the terminal loop may wait for a key before the next `tick` is due.
    public func millisecondsUntilTick(now: UInt64) -> Int {
        var wait = derived.analysisPending || derived.checkPending || lab.partnerJob != nil || lab.rebuildJob != nil || lab.saveJob != nil ? 50 : 250
        // The worker's epochs are looked for about 30 times a second.
        if (ui.training || running.singleEpochInFlight), trainingInBackground { wait = 33 }
        if ui.training {
            guard let rate = ui.pace.epochsPerSecond else { return trainingInBackground ? wait : 0 }
            let next = running.trainingStart &+ UInt64(Double(running.epochsSinceStart + 1) / rate * 1e9)
            wait = min(wait, next > now ? Int((next - now) / 1_000_000) : 0)
        }
        if ui.autoplay {
            wait = min(wait, running.nextAutoplay > now ? Int((running.nextAutoplay - now) / 1_000_000) : 0)
        }
        return wait
    }

    /// Trains whole epochs until `nanoseconds` have passed (at least one), whatever the pace:
    /// the benchmark's worst case of a key arriving during training.
    public func trainFor(nanoseconds: UInt64) {
        let start = clock()
        let clock = self.clock
        report(lab.train { clock() &- start < nanoseconds })
    }

    /// Runs continuous training on a worker thread (the terminal loop): keys never wait for an epoch.
    /// The comparison partner's catch-up, and a slow rebuild (`r`, `c`, …), run on threads of their own too.
    public func trainInBackground(_ on: Bool) {
        if !on { report(lab.stopBackgroundTraining()) }
        trainingInBackground = on
        lab.catchUpPartnerInBackground(on)
        lab.rebuildInBackground(on)
        readsInBackground = on
        if !on {
            readingJob?.cancel()
            readingJob = nil
        }
    }

    /// A lesson's or the command line's settings for the running modes.
    public func setPace(epochsPerSecond: Double?) { ui.pace.setTraining(epochsPerSecond) }
    public func setTrainUntil(_ epoch: Int?) { ui.trainUntil = epoch }
}
