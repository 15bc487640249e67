import Localization
import RNNCore
import ScopeNames

/// The generate view's text: a prompt, the characters generated after it, τ and the seeded
/// generator the space key draws with. The model's state is replayed from h_0 = 0 over the
/// prompt and the generated text whenever it is needed, so it always follows the current
/// weights (train, then generate again from the same text).
struct GenerationSession: Sendable {
    /// Characters the view generates after one prompt.
    static let maxGenerated = 1000

    /// The prompt typed after `e` in this view; nil: the sequence on screen.
    var prompt: String?
    var generated: [Int] = []
    /// Into `Sampling.presetTemperatures`; τ = 1 at start.
    var temperatureIndex = 2
    var generator: SeededGenerator
    /// How the last character was chosen.
    var last: GenerationFrame.Choice?
    /// n / space pressed while the text was read on a thread (`ReadingJob`), each with the
    /// temperature at the key (a `>` pressed later does not change it). They are drawn, in
    /// order, once the reading lands.
    var queuedDraws: [QueuedDraw] = []

    /// One character asked for while the text was read: the most likely one, or drawn at τ.
    struct QueuedDraw {
        var greedy: Bool
        var temperature: Double
    }

    init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

    var temperature: Double { Sampling.presetTemperatures[temperatureIndex] }
}

/// What the generate view draws.
public struct GenerationFrame: Sendable {
    /// The last generated character: its token, p under the distribution it was drawn from,
    /// plain softmax p, and whether it was greedy.
    public struct Choice: Sendable, Equatable {
        public let token: Int
        public let probability: Double
        public let plainProbability: Double
        public let greedy: Bool
        public let temperature: Double
    }
    public let prompt: String
    public let generated: String
    public let temperature: Double
    /// The next character's distribution at τ, and the plain softmax; empty when the prompt is.
    public let next: [Double]
    public let plain: [Double]
    /// The 10 most likely next characters, best first.
    public let ranked: [Int]
    /// H(next) in nats.
    public let entropy: Double
    public let last: Choice?
    /// The training windows' length: text beyond it runs past what training saw from h_0 = 0.
    public let window: Int
    public let running: Bool
    public let vocabulary: Vocabulary
    /// The text is being read on a thread (`next` is empty meanwhile), and the characters
    /// asked for meanwhile.
    public var reading = false
    public var queued = 0
    public var atLimit: Bool { generated.unicodeScalars.count >= GenerationSession.maxGenerated }
}

extension Explorer {
    /// The prompt the view generates after.
    var generationPrompt: String { generation.prompt ?? lab.spec.vocabulary.decode(lab.input) }

    /// The generate view's text as the model reads it: the prompt, then the generated
    /// characters; nil when the prompt no longer fits the vocabulary.
    func generationTokens() -> [Int]? {
        let vocabulary = lab.spec.vocabulary
        guard let prompt = try? vocabulary.encode(generationPrompt), !prompt.isEmpty else { return nil }
        return prompt + generation.generated.filter { $0 < vocabulary.count }
    }

    /// The model after reading the prompt and the generated text from h_0 = 0 (continuing the
    /// kept reading, `reading(of:)`); nil when the prompt no longer fits the vocabulary.
    private func generationState() -> GenerationState? {
        generationTokens().map { reading(of: $0).state }
    }

    /// Appends one character: drawn at τ with the seeded generator, or the most likely (greedy).
    /// While the text is read on a thread, the key waits in `queuedDraws`.
    func generateStep(greedy: Bool) {
        guard generation.generated.count + generation.queuedDraws.count < GenerationSession.maxGenerated else {
            ui.autoplay = false
            ui.message = ui.strings("msg.generate.limit", ["count": "\(GenerationSession.maxGenerated)"])
            return
        }
        let shown = generationTokens().map { shownReading(of: $0) }
        if shown?.pending == true || !generation.queuedDraws.isEmpty {
            generation.queuedDraws.append(.init(greedy: greedy, temperature: generation.temperature))
            ui.message = ui.strings("gen.msg.queued", ["count": "\(generation.queuedDraws.count)"])
            return
        }
        draw(greedy: greedy, temperature: generation.temperature, from: shown?.reading?.state.logits)
    }

    /// One character drawn from `logits` at `temperature` (or the most likely) and appended,
    /// and the message saying how.
    private func draw(greedy: Bool, temperature: Double, from logits: [Float]?) {
        guard let logits, logits.allSatisfy({ $0.isFinite }) else {
            ui.autoplay = false
            ui.message = ui.strings["msg.generate.nothing"]
            return
        }
        let tau = greedy ? 0 : temperature
        let p = Sampling(temperature: tau).distribution(logits)
        let plain = Sampling.softmax(logits)
        let token = Sampling.draw(p, using: &generation.generator)
        generation.generated.append(token)
        generation.last = GenerationFrame.Choice(
            token: token, probability: p[token], plainProbability: plain[token], greedy: greedy, temperature: tau)
        let shown = StepExplanation.quote(lab.spec.vocabulary.symbol(at: token)).terminalSafe
        let plainText = NumberText.precise(Float(plain[token]))
        ui.message = greedy
            ? ui.strings("msg.generate.greedy", ["character": shown, "plain": plainText])
            : ui.strings("msg.generate.sampled", ["character": shown, "p": NumberText.precise(Float(p[token])), "tau": Self.tauText(tau), "plain": plainText])
    }

    /// Appends `count` characters, each the most likely (a lesson's `generate`), one step of
    /// the kept reading each; stops at the view's limit.
    public func generateGreedy(_ count: Int) {
        for _ in 0..<min(count, GenerationSession.maxGenerated - generation.generated.count) {
            guard let logits = generationState()?.logits, logits.allSatisfy({ $0.isFinite }) else { break }
            let token = TopK.indices(logits, count: 1).first ?? 0
            let plain = Sampling.softmax(logits)
            generation.generated.append(token)
            generation.last = GenerationFrame.Choice(
                token: token, probability: plain[token], plainProbability: plain[token], greedy: true, temperature: 0)
        }
    }

    /// The characters asked for while the text was read, drawn now that it is read (each one
    /// step on); stops when the text is being read again. Returns whether any was drawn.
    func drawQueued() -> Bool {
        var drew = false
        while let queued = generation.queuedDraws.first {
            guard let tokens = generationTokens() else {
                generation.queuedDraws = []  // the prompt no longer fits: nothing to draw from
                break
            }
            let shown = shownReading(of: tokens)
            if shown.pending { break }
            generation.queuedDraws.removeFirst()
            draw(greedy: queued.greedy, temperature: queued.temperature, from: shown.reading?.state.logits)
            drew = true
        }
        return drew
    }

    /// Takes the last generated character back (one asked for while reading first).
    func ungenerate() {
        if !generation.queuedDraws.isEmpty {
            generation.queuedDraws.removeLast()
            return
        }
        guard !generation.generated.isEmpty else {
            ui.message = ui.strings["msg.generate.only_prompt"]
            return
        }
        generation.generated.removeLast()
        generation.last = nil
    }

    func changeTemperature(hotter: Bool) {
        let presets = Sampling.presetTemperatures
        let index = min(presets.count - 1, max(0, generation.temperatureIndex + (hotter ? 1 : -1)))
        generation.temperatureIndex = index
        let tau = presets[index]
        let strings = ui.strings
        let what = tau == 0 ? strings["msg.tau.greedy"] : tau < 1 ? strings["msg.tau.sharper"]
            : tau == 1 ? strings["msg.tau.model"] : strings["msg.tau.flatter"]
        ui.message = strings(ui.view == .generate ? "msg.tau" : "msg.tau.elsewhere", ["tau": Self.tauText(tau), "what": what])
    }

    /// A new prompt: the generated text and the generator start again from the seed.
    func setGenerationPrompt(_ text: String) throws {
        guard !text.isEmpty else { throw RNNScopeError(Message("error.lab.prompt_empty")) }
        _ = try lab.spec.vocabulary.encode(text)
        generation.prompt = text
        generation.generated = []
        generation.queuedDraws = []
        generation.last = nil
        generation.generator = SeededGenerator(seed: lab.spec.seed)
        ui.message = ui.strings("msg.generate.prompt", ["prompt": text.debugDescription.terminalSafe])
    }

    /// Enter in the generate view: the prompt and the generated text become the sequence on
    /// screen, every character but the last the input and each next one the target, so the step
    /// view, the through-time view and BPTT run over what the model wrote. A text longer than
    /// the spec allows (`maxInputLength`) keeps its end; the message line says what happened.
    func openGeneratedInWalkthrough() {
        let strings = ui.strings
        let vocabulary = lab.spec.vocabulary
        let generated = generation.generated.filter { $0 < vocabulary.count }
        guard !generated.isEmpty else {
            ui.message = strings["gen.msg.nothing_generated"]
            return
        }
        let promptText = generationPrompt
        guard let prompt = try? vocabulary.encode(promptText) else {
            ui.message = strings["gen.not_in_vocabulary"]
            return
        }
        var tokens = prompt + generated
        let limit = lab.spec.maxInputLength + 1
        let dropped = max(0, tokens.count - limit)
        tokens.removeFirst(dropped)
        let keptPrompt = max(0, prompt.count - dropped)
        let keptGenerated = generated.count - max(0, dropped - prompt.count)
        // The prompt stays the view's own: the sequence on screen is about to change.
        generation.prompt = promptText
        do {
            _ = try lab.showTyped(vocabulary.decode(tokens))
        } catch {
            ui.message = ui.strings.errorText(error)
            return
        }
        ui.autoplay = false
        setView(.step)
        cursor = cursor.at(t: 1, length: lab.trace.length).starting(.forward, cell: lab.cell)
        let generatedCount = EventText.count(keptGenerated, "gen.msg.count.generated", strings)
        let what = keptPrompt == 0 ? strings("gen.msg.over.generated", ["generated": generatedCount])
            : dropped > 0 ? strings("gen.msg.over.prompt_cut", ["kept": "\(keptPrompt)", "generated": generatedCount])
            : strings("gen.msg.over.prompt", ["generated": generatedCount])
        let cut = dropped > 0 ? strings("gen.msg.cut", ["dropped": "\(dropped)", "limit": "\(limit)"]) : ""
        let scored = lab.spec.lossMode == .last ? strings["gen.msg.scored_last"] : ""
        ui.message = strings("gen.msg.opened", ["what": what, "cut": cut, "scored": scored])
    }

    /// Auto-generation on or off (p in the generate view).
    func toggleRunOn() {
        ui.autoplay.toggle()
        guard ui.autoplay else {
            ui.message = ui.strings["msg.generate.stopped"]
            return
        }
        running.nextAutoplay = clock() &+ UInt64(ui.pace.autoplayMilliseconds) * 1_000_000
        ui.message = ui.strings("msg.generate.running", ["seconds": String(format: "%g", Double(ui.pace.autoplayMilliseconds) / 1000)])
    }

    static func tauText(_ tau: Double) -> String { String(format: "%g", tau) }

    /// The generate view's frame (built only for that view).
    func generationFrame() -> GenerationFrame {
        let vocabulary = lab.spec.vocabulary
        let shown = generationTokens().map { shownReading(of: $0) }
        let logits = shown?.reading?.state.logits ?? []
        let next = Sampling(temperature: generation.temperature).distribution(logits)
        let generated = vocabulary.decode(generation.generated.filter { $0 < vocabulary.count })
        var frame = GenerationFrame(
            prompt: generationPrompt, generated: generated, temperature: generation.temperature, next: next,
            plain: Sampling.softmax(logits), ranked: TopK.indices(logits, count: 10), entropy: Sampling.entropy(next),
            last: generation.last, window: lab.spec.window, running: ui.autoplay, vocabulary: vocabulary)
        frame.reading = shown?.pending == true
        frame.queued = generation.queuedDraws.count
        return frame
    }
}
