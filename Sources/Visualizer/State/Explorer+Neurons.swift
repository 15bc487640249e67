import Localization
import Foundation
import RNNCore
import ScopeNames

/// The neuron view's model reading, cached on (weights, passage): recomputed when either
/// changes, and while training continuously at most every `refreshWhileTraining`.
struct NeuronCache {
    let version: Int
    let passage: [Unicode.Scalar]
    let analysis: NeuronAnalysis
    let time: UInt64
}

/// What the neuron view draws.
public struct NeuronFrame: Sendable {
    /// Where the passage comes from.
    public enum Source: Sendable, Equatable {
        case training
        /// The generate view's prompt and generated text.
        case generated
    }
    public let source: Source
    /// The passage read (at most `NeuronFrame.maxPassage` characters).
    public let passage: [Unicode.Scalar]
    /// The source's length before it was cut to `maxPassage`.
    public let sourceLength: Int
    public let unit: Int
    /// h_t[unit] for each character of the passage.
    public let values: [Float]
    /// Every feature's best units, in `TextFeature.allCases` order.
    public let rankings: [NeuronFeatures.Ranking]
    /// The inspected unit's r with each feature (nil: n/a).
    public let unitR: [Double?]
    /// The list entry space/backspace chose, if the inspected unit is still that one.
    public let picked: Int?
    /// The passage is being read on a thread: what is shown is the last one read, if any.
    public var reading = false

    /// Characters the view reads at most: the start of a longer text.
    public static let maxPassage = 2000

    /// The best match over every feature (largest |r|, the first feature on a tie).
    public var best: (feature: TextFeature, match: NeuronFeatures.Match)? {
        entries.reduce(nil) { best, entry in
            guard let b = best else { return entry }
            return abs(entry.match.r) > abs(b.match.r) ? entry : b
        }
    }

    /// The list's entries in order: each feature's best units.
    public var entries: [(feature: TextFeature, match: NeuronFeatures.Match)] {
        rankings.flatMap { ranking in ranking.best.map { (feature: ranking.feature, match: $0) } }
    }
}

extension Explorer {
    /// The passage the neuron view reads: the generated text when the generate view has some,
    /// else the training text; its first `maxPassage` characters, and how long the source is.
    func neuronPassage() -> (source: NeuronFrame.Source, text: [Unicode.Scalar], tokens: [Int], length: Int) {
        let vocabulary = lab.spec.vocabulary
        let generated = generation.generated.filter { $0 < vocabulary.count }
        if !generated.isEmpty, let prompt = try? vocabulary.encode(generationPrompt) {
            let tokens = prompt + generated
            let cut = Array(tokens.prefix(NeuronFrame.maxPassage))
            return (.generated, Array(vocabulary.decode(cut).unicodeScalars), cut, tokens.count)
        }
        let scalars = Array(lab.spec.text.unicodeScalars)
        let cut = Array(scalars.prefix(NeuronFrame.maxPassage))
        let tokens = (try? vocabulary.encode(String(String.UnicodeScalarView(cut)))) ?? []
        return (.training, cut, tokens, scalars.count)
    }

    /// The neuron view's frame, reading the passage again only when the weights or the passage changed.
    func neuronFrame(now: UInt64) -> NeuronFrame {
        let passage = neuronPassage()
        let version = lab.traceVersion
        var reading = false
        if let cache = derived.neurons, cache.passage == passage.text,
            cache.version == version || (ui.training && now &- cache.time < Derived.refreshWhileTraining) {
            // Up to date, or recent enough while training.
        } else {
            // h_t over the passage: the generate view's reading when it reads the same text.
            let n = min(passage.text.count, passage.tokens.count)
            let shown = shownReading(of: Array(passage.tokens.prefix(n)))
            if let read = shown.reading {
                let analysis = NeuronAnalysis(text: passage.text, activations: read.activations, hidden: lab.spec.hidden)
                derived.neurons = NeuronCache(version: version, passage: passage.text, analysis: analysis, time: now)
            }
            // Meanwhile the last passage read stays on screen, saying "reading…".
            reading = shown.pending
        }
        let analysis = derived.neurons?.analysis ?? NeuronAnalysis(text: [], activations: [], hidden: lab.spec.hidden)
        let unit = cursor.unit
        let frame = NeuronFrame(
            source: passage.source, passage: analysis.text, sourceLength: passage.length, unit: unit,
            values: analysis.values(unit: unit), rankings: analysis.rankings,
            unitR: analysis.correlations.map { unit < $0.count ? $0[unit] : nil }, picked: nil)
        let entries = frame.entries
        let picked = neuronPick.flatMap { $0 < entries.count && entries[$0].match.unit == unit ? $0 : nil }
        var shown = NeuronFrame(
            source: frame.source, passage: frame.passage, sourceLength: frame.sourceLength, unit: unit, values: frame.values,
            rankings: frame.rankings, unitR: frame.unitR, picked: picked)
        shown.reading = reading
        return shown
    }

    /// Space / backspace in the neuron view: the next / previous entry of the feature list
    /// becomes the inspected unit.
    func pickNeuron(by offset: Int) {
        let entries = neuronFrame(now: clock()).entries
        guard !entries.isEmpty else {
            ui.message = ui.strings["neurons.msg.constant"]
            return
        }
        let current = neuronPick ?? (offset > 0 ? -1 : 0)
        let index = ((current + offset) % entries.count + entries.count) % entries.count
        neuronPick = index
        let entry = entries[index]
        place(unit: entry.match.unit)
        let strings = ui.strings
        ui.message = strings("neurons.msg.pick", [
            "unit": "\(entry.match.unit)", "r": Self.rText(entry.match.r), "feature": NeuronView.name(entry.feature, strings: strings),
            "index": "\(index + 1)", "count": "\(entries.count)",
        ])
    }

    /// r as the view shows it: sign always, two decimals.
    static func rText(_ r: Double?) -> String {
        guard let r else { return "n/a" }
        let text = String(format: "%+.2f", r)
        return text == "-0.00" ? "+0.00" : text.replacingOccurrences(of: "-", with: "−")
    }
}
