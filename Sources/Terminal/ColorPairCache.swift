/// Hands out ncurses colour-pair numbers for (foreground, background) combinations on demand.
///
/// Colours are ncurses colour numbers: 0…255 for palette entries, −1 for the terminal's
/// default. Pair 0 is ncurses' fixed default pair (−1, −1 once `use_default_colors` ran).
/// Pure bookkeeping: the caller calls `init_pair` for each pair reported as new.
public struct ColorPairCache: Sendable {
    /// The answer for one combination.
    public struct Lookup: Equatable, Sendable {
        public var pair: Int16
        /// True the first time a pair number is handed out: it must be initialised.
        public var isNew: Bool

        public init(pair: Int16, isNew: Bool) {
            self.pair = pair
            self.isNew = isNew
        }
    }

    private var pairs: [Int32: Int16] = [:]
    /// Pair numbers 1…capacity may be used.
    public let capacity: Int

    /// `capacity` is the number of pairs usable besides pair 0 (`COLOR_PAIRS − 1`, at most
    /// `Int16.max` since `init_pair` takes a `short`).
    public init(capacity: Int) {
        self.capacity = max(0, min(capacity, Int(Int16.max)))
    }

    /// Pairs handed out so far.
    public var count: Int { pairs.count }

    /// The pair for `foreground` on `background`: 0 for (−1, −1); the same number every time
    /// for the same combination; pair 0 (default colours) once every pair is taken, so
    /// running out degrades colours instead of failing.
    public mutating func lookup(foreground: Int16, background: Int16) -> Lookup {
        if foreground == -1 && background == -1 { return Lookup(pair: 0, isNew: false) }
        let key = Int32(foreground) << 16 | Int32(UInt16(bitPattern: background))
        if let pair = pairs[key] { return Lookup(pair: pair, isNew: false) }
        guard pairs.count < capacity else { return Lookup(pair: 0, isNew: false) }
        let pair = Int16(pairs.count + 1)
        pairs[key] = pair
        return Lookup(pair: pair, isNew: true)
    }

    /// Forgets every pair (for a new screen).
    public mutating func removeAll() { pairs.removeAll() }
}
