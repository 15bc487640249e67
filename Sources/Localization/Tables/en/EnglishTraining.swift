/// The training view: the loss curve, the epoch, the notes' predictions.
enum EnglishTraining {
    static let table: [String: String] = [
        "train.loss.title": "loss per epoch  epoch {epoch}",
        "train.loss.scale_log": "log scale (y: linear)",
        "train.loss.scale_linear": "linear scale (y: log)",
        "train.loss.one_window": "the one window",
        "train.loss.all_windows": "all {count} windows",
        "train.loss.epoch": "one epoch ({windows}, {optimizer}, lr {lr})",
        "train.loss.untrained": "Untrained. Press t to train {epoch} or T to train continuously; the curve grows here.",
        "train.loss.pretrained": "Trained for {epochs} epochs before this session (the weight file's). t trains {epoch}, T continuously; this session's curve grows here.",
        "train.axis.epoch": "epoch",
        "train.series.training": "training",
        "train.series.validation": "validation",
        "train.summary.title": "training",
        "train.summary.until": " to epoch {epoch}",
        "train.summary.running": "training {pace}{until}, T stops",
        "train.summary.idle": "T: {pace}{until} (+ -)",
        "train.summary.epoch": "epoch {epoch}{past}   last epoch: loss {loss}",
        "train.summary.with_gradient": "{first}, {gradient}",
        "train.summary.clipped": " → clipped {norm}",
        "train.summary.validation": "validation loss {loss} (the last {held} of {count} windows, never trained on)",
        "train.summary.sequence_loss": "this sequence's loss {loss}",
        "train.summary.prompts": "the notes' prompts → next character:",
        "train.summary.notes_say": "(the notes: {next})",
        "train.summary.skipped": "({count} skipped: not in this text's characters)",
    ]
}
