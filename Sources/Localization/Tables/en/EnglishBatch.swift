/// Mini-batch training in the training view.
enum EnglishBatch {
    static let table: [String: String] = [
        "batch.loss.title": "loss per step  epoch {epoch}, step {step}/{steps}",
        "batch.loss.untrained": "Untrained. Press t to take one step (a batch of {size} of the {count} windows, in window order) or T to train continuously; the curve grows here, a point per step.",
        "batch.loss.untrained_shuffled": "Untrained. Press t to take one step (a batch of {size} of the {count} windows, shuffled) or T to train continuously; the curve grows here, a point per step.",
        "batch.axis.step": "step",
        "batch.summary.step": "epoch {epoch}, step {step}/{steps} ({total} steps)   last step: loss {loss}",
        "batch.sample": "sample at step {step}: {text}",
        "batch.sample.none": "sample: every {every} steps, from the text's first character",
    ]
}
