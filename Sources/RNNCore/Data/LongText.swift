/// A longer training text written for rnnscope, for windows of 200 steps and more. Each
/// paragraph names a keeper at its start and again at its end, a long-range dependency: to
/// predict the last name the model must carry the first one across the whole paragraph,
/// which a plain RNN's fading gradient makes hard to learn and a GRU or LSTM can learn.
public enum LongText {
    public static let text = """
        Ada kept the lamp on the north rock. Every night she climbed the ninety steps, wound the \
        clockwork, trimmed the wick and wrote the weather in the log: wind from the west, sea \
        rising, two ships passing before midnight, one fishing boat home late. In the morning the \
        log was signed by Ada.
        Ben kept the lamp on the south rock. Every night he climbed the ninety steps, wound the \
        clockwork, trimmed the wick and wrote the weather in the log: wind from the east, sea \
        calm, no ships passing before midnight, three fishing boats home early. In the morning the \
        log was signed by Ben.
        Cleo kept the lamp on the west rock. Every night she climbed the ninety steps, wound the \
        clockwork, trimmed the wick and wrote the weather in the log: fog from the south, sea \
        heavy, one ship waiting outside the harbour until dawn. In the morning the log was signed \
        by Cleo.
        Dev kept the lamp on the east rock. Every night he climbed the ninety steps, wound the \
        clockwork, trimmed the wick and wrote the weather in the log: rain from the north, sea \
        rough, four ships passing after midnight, every boat safe at anchor. In the morning the \
        log was signed by Dev.
        Each keeper read the log of the night before, so what one rock saw at dusk the next rock \
        knew by morning, and the lamps were never dark at once.
        """
}
