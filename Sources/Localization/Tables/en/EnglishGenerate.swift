/// The generate view: the prompt, the generated text, τ and the next character's distribution.
enum EnglishGenerate {
    static let table: [String: String] = [
        "gen.title": "generate: the model reads the prompt from h₀ = 0, then writes one character at a time",
        "gen.title.short": "generate: prompt from h₀ = 0, then one character at a time",
        "gen.entropy": "entropy {entropy} nats",
        "gen.window.beyond": "beyond T={window}: training never ran this far from h₀ = 0; h is carried on (as char-rnn does)",
        "gen.window.beyond.short": "beyond T={window}: past the training windows; h is carried on",
        "gen.window.within": "within T={window}, the length of the training windows",
        "gen.last.greedy": "greedy (n)",
        "gen.last.sampled": "sampled at τ = {tau}",
        "gen.last": "last: {character} {how}, p = {p}  (softmax p = {plain})",
        "gen.keys.limit": "{count} characters: e new prompt, backspace takes one back",
        "gen.keys": "space sample  n greedy  p generate on  backspace undo  e prompt  < > τ",
        "gen.keys.running": "space sample  n greedy  p stop  backspace undo  e prompt  < > τ",
        "gen.not_in_vocabulary": "the prompt has characters this model's vocabulary lacks: e types another",
        "gen.bars.next": "next",
        "gen.bars.p": "p at τ={tau}",
        "gen.bars.most_likely": "◀ most likely (n)",
    ]
}
