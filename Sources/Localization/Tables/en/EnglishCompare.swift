/// The comparison view: the plain RNN and a gated cell on the same sequence, and the verdict.
enum EnglishCompare {
    static let table: [String: String] = [
        "compare.no_partner": "the comparison model could not run on this sequence",
        "compare.not_comparable": "Not comparable yet: the {main} is at epoch {main_epoch}, the {partner} at epoch {partner_epoch}. r starts both again from the seed; t/T train both.",
        "compare.making": "Making the {cell} to compare with the {main}… (keys keep working meanwhile)",
        "compare.catching_up": "The {cell} is catching up with the {main}: epoch {reached} of {target}… (keys keep working meanwhile)",
        "compare.numbers.title": "same text, length and seed; t/T train both",
        "compare.plot.title": "‖dL/dh_k‖, k = 1…{length}, log scale: how much gradient reaches each step",
        "compare.loss.title": "loss per epoch, both models",
        "compare.loss.untrained": "untrained: t trains one epoch of both, T trains them continuously",
        "compare.summary": "{cell} epoch {epoch}  loss {loss}  ‖dL/dh_1‖ {first}  ‖dL/dh_T‖ {last}",
        "compare.fading": "t=1 gets 1/{ratio} of t={length}",
        "compare.fading.none": "nothing reaches t=1",
        "compare.keep": "mean {gate} {mean}, best unit {best}",
        "compare.count.decade.one": "{n} decade",
        "compare.count.decade.many": "{n} decades",
        "compare.reading.both_underflow": "Both gradients underflow to 0 before t=1 (Float32 stops near 1e-45). Train both (T) and watch which one learns to carry it back.",
        "compare.reading.rnn_underflow": "The RNN's gradient underflows to 0 before t=1; the {name}'s still arrives, {decades} down, through its {gate} gate.",
        "compare.reading.gated_underflow": "The {name}'s gradient underflows before t=1 while the RNN's arrives {decades} down: its {gate} gate has not learned to stay open yet.",
        "compare.reading.gated_better": "From t=T back to t=1 the RNN's gradient falls {rnn}, the {name}'s {gated}: its {gate} gate passes the gradient along without W_hh and tanh' shrinking it at every step.",
        "compare.reading.similar": "Both gradients fall about as fast here (RNN {rnn}, {name} {gated}); training teaches the gate {gate} to stay near 1 where memory matters, and then the gated curve flattens.",
    ]
}
