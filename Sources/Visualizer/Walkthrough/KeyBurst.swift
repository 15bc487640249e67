/// Keys that arrived together (a held arrow, a pasted burst): the terminal loop drains every
/// waiting key, acts on them all and draws once, instead of drawing (and training) between
/// each. Runs of the same key collapse into one entry with a count; different keys keep
/// their order.
public struct KeyBurst: Equatable, Sendable {
    public struct Run: Equatable, Sendable {
        public let key: UserKey
        public let count: Int
    }

    public private(set) var runs: [Run] = []

    public init() {}

    public init(_ keys: [UserKey]) {
        for key in keys { append(key) }
    }

    public var isEmpty: Bool { runs.isEmpty }
    /// How many keys the burst holds.
    public var keyCount: Int { runs.reduce(0) { $0 + $1.count } }

    public mutating func append(_ key: UserKey) {
        if let last = runs.last, last.key == key {
            runs[runs.count - 1] = Run(key: key, count: last.count + 1)
        } else {
            runs.append(Run(key: key, count: 1))
        }
    }
}

extension Explorer {
    /// Acts on every key of `burst` in order (a run of n presses is n presses: T pressed
    /// twice still toggles twice). Returns false as soon as a key asks to quit.
    public func handle(_ burst: KeyBurst) -> Bool {
        for run in burst.runs {
            for _ in 0..<run.count where !handle(run.key) { return false }
        }
        return true
    }
}
