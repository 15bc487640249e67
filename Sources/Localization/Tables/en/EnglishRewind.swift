/// Rewinding across epochs: the header's marker, the loss panel, the messages.
enum EnglishRewind {
    static let table: [String: String] = [
        "rewind.header.full": " epoch {epoch} of {present} — the past: , . move, Esc returns, T branches from here ",
        "rewind.header.compact": " epoch {epoch}/{present}: the past (, . Esc T) ",
        "rewind.compact.past": " (the past)",
        "rewind.loss.title": "loss per epoch  ▲ epoch {epoch} of {present}: the past · {count} snapshots kept",
        "rewind.summary.state": ", . move  Esc: the present  T: branch from here",
        "rewind.summary.past": " (the past)",
        "rewind.axis.none": "epoch · no snapshots for rewinding: a model this big keeps none ({size} each)",
        "rewind.axis.few": "epoch · {count} of at most {capacity} snapshots ({size} each in a {budget} budget)",
        "rewind.msg.rewound": "epoch {epoch} of {present}: every view shows the model as it was then (, . Esc T)",
        "rewind.msg.present": "back to the present: epoch {epoch}",
        "rewind.msg.rewinding": "epoch {epoch}: computing its pass… (the model on screen until then; Esc cancels)",
        "rewind.msg.returning": "back to the present: computing its pass… (the model on screen until then; Esc cancels)",
        "rewind.msg.cancelled": "rewind cancelled: epoch {epoch} stays on screen",
        "rewind.msg.wait": "this key waits for the pass of the epoch being rewound to; stepping works",
        "rewind.msg.branched": "continuing from epoch {epoch}: epochs {first}…{last} dropped",
        "rewind.msg.none": "nothing to rewind to yet: train first (t or T); snapshots are kept at epochs 0, 1, 2, 4, 8, … and every 50th",
        "rewind.ask.train": "continue training from epoch {epoch} and drop epochs {first}…{last}? y/n",
        "rewind.ask.change": "change the model at epoch {epoch} and drop epochs {first}…{last}? y/n",
        "rewind.msg.kept": "nothing dropped: still at epoch {epoch} of {present} (Esc returns to the present)",
    ]
}
