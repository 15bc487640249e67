import Localization

/// The character set of a text: one token per Unicode scalar, in code-point order,
/// exactly what Python's `sorted(set(text))` gives.
public struct Vocabulary: Equatable, Sendable {
    /// Token index → character.
    public let symbols: [Unicode.Scalar]
    private let indexOf: [Unicode.Scalar: Int]
    /// Tokens of the first 256 code points (−1: not in the vocabulary), so that a long Latin
    /// text is encoded without hashing every character.
    private let latin1: [Int32]

    /// The vocabulary of `text`.
    public init(text: String) {
        var seenLatin1 = [Bool](repeating: false, count: 256)
        var others = Set<Unicode.Scalar>()
        for scalar in text.unicodeScalars {
            if scalar.value < 256 { seenLatin1[Int(scalar.value)] = true } else { others.insert(scalar) }
        }
        let latin1 = (0..<256).compactMap { seenLatin1[$0] ? Unicode.Scalar(UInt8($0)) : nil }
        self.init(uniqueSortedSymbols: latin1 + others.sorted { $0.value < $1.value })
    }

    /// A vocabulary read from a file: each entry must be exactly one Unicode scalar, no repeats.
    public init(strings: [String]) throws {
        var symbols: [Unicode.Scalar] = []
        var seen = Set<Unicode.Scalar>()
        for (i, entry) in strings.enumerated() {
            let scalars = Array(entry.unicodeScalars)
            guard scalars.count == 1 else {
                throw RNNScopeError(Message("error.vocab.entry_length", ["index": String(i), "entry": entry.debugDescription]))
            }
            guard seen.insert(scalars[0]).inserted else {
                throw RNNScopeError(Message("error.vocab.duplicate", ["index": String(i), "entry": entry.debugDescription]))
            }
            symbols.append(scalars[0])
        }
        guard !symbols.isEmpty else { throw RNNScopeError(Message("error.vocab.empty")) }
        self.init(uniqueSortedSymbols: symbols)
    }

    private init(uniqueSortedSymbols symbols: [Unicode.Scalar]) {
        self.symbols = symbols
        var index: [Unicode.Scalar: Int] = [:]
        var latin1 = [Int32](repeating: -1, count: 256)
        for (i, s) in symbols.enumerated() {
            index[s] = i
            if s.value < 256 { latin1[Int(s.value)] = Int32(i) }
        }
        self.indexOf = index
        self.latin1 = latin1
    }

    public static func == (a: Vocabulary, b: Vocabulary) -> Bool { a.symbols == b.symbols }

    private func token(_ scalar: Unicode.Scalar) -> Int32? {
        if scalar.value < 256 {
            let token = latin1[Int(scalar.value)]
            return token < 0 ? nil : token
        }
        return indexOf[scalar].map { Int32($0) }
    }

    public var count: Int { symbols.count }

    /// Entries as strings, the form stored in weight files' `vocab` metadata.
    public var strings: [String] { symbols.map { String($0) } }

    public func index(of symbol: Unicode.Scalar) -> Int? { indexOf[symbol] }

    public func symbol(at index: Int) -> Unicode.Scalar { symbols[index] }

    /// Token indices for `text`, or an error naming the first character outside the vocabulary.
    public func encode(_ text: String) throws -> [Int] {
        var tokens: [Int] = []
        tokens.reserveCapacity(text.unicodeScalars.count)
        for (position, scalar) in text.unicodeScalars.enumerated() {
            guard let index = indexOf[scalar] else {
                throw RNNScopeError(Message("error.vocab.unknown_character", [
                    "character": Vocabulary.describe(scalar), "position": String(position + 1), "excerpt": Self.excerpt(text, around: position),
                    "count": String(count),
                ]))
            }
            tokens.append(index)
        }
        return tokens
    }

    /// `encode` as 32-bit tokens, the form training reads (a 10 MB text is 40 MB of them,
    /// not 80), without an intermediate array of `Int`s.
    public func encode32(_ text: String) throws -> [Int32] {
        var tokens: [Int32] = []
        tokens.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            guard let index = token(scalar) else { _ = try encode(text); return [] }
            tokens.append(index)
        }
        return tokens
    }

    /// Throws `encode`'s error when a character of `text` is outside the vocabulary, without
    /// allocating the tokens.
    public func checkSpelling(_ text: String) throws {
        for scalar in text.unicodeScalars where token(scalar) == nil {
            _ = try encode(text)
        }
    }

    public func decode(_ tokens: [Int]) -> String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: tokens.map { symbols[$0] })
        return String(s)
    }

    /// `text` quoted for a one-line message: whole when short, else ~40 characters around
    /// `position` with … marking what is cut (a 4 MB text must not become the message).
    static func excerpt(_ text: String, around position: Int) -> String {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count > 60 else { return text.debugDescription }
        let start = max(0, position - 20), end = min(scalars.count, position + 20)
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[start..<end])
        let quoted = String(view).debugDescription
        return (start > 0 ? "…" : "") + quoted + (end < scalars.count ? "…" : "")
    }

    /// A character quoted for messages: printable ones as 'x', others by code point.
    public static func describe(_ scalar: Unicode.Scalar) -> String {
        if scalar.properties.generalCategory == .control || scalar == " " {
            return "U+" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4) + (scalar == " " ? " (space)" : "")
        }
        return "'\(scalar)'"
    }
}

extension String {
    /// Pads on the left to `width` characters (numbers in tables, code points in messages).
    public func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
