/// The k largest entries of a row without sorting (or copying) it: O(V log k) with a bounded
/// heap, where sorting indices by a row read through a computed property copied the whole row
/// on every comparison (V=28k took seconds per key). Order: larger value first, equal values
/// by smaller index, NaN after every number: what a stable sort by descending value gives.
public enum TopK {
    /// Whether entry (a, i) ranks before entry (b, j).
    @inlinable
    public static func ranksBefore(_ a: Float, _ i: Int, _ b: Float, _ j: Int) -> Bool {
        if a.isNaN || b.isNaN { return a.isNaN == b.isNaN ? i < j : !a.isNaN }
        return a > b || (a == b && i < j)
    }

    /// The indices of the `count` highest-ranked entries, best first.
    public static func indices(_ values: [Float], count: Int) -> [Int] {
        let k = min(max(0, count), values.count)
        guard k > 0 else { return [] }
        // A min-heap (by rank) of the best k seen so far: its root is the worst of them.
        var heap: [Int] = []
        heap.reserveCapacity(k)
        func worse(_ x: Int, _ y: Int) -> Bool { ranksBefore(values[y], y, values[x], x) }
        func siftDown(_ start: Int) {
            var parent = start
            while true {
                let left = 2 * parent + 1, right = left + 1
                var worst = parent
                if left < heap.count, worse(heap[left], heap[worst]) { worst = left }
                if right < heap.count, worse(heap[right], heap[worst]) { worst = right }
                if worst == parent { return }
                heap.swapAt(parent, worst)
                parent = worst
            }
        }
        for index in values.indices {
            if heap.count < k {
                heap.append(index)
                var child = heap.count - 1
                while child > 0 {
                    let parent = (child - 1) / 2
                    guard worse(heap[child], heap[parent]) else { break }
                    heap.swapAt(child, parent)
                    child = parent
                }
            } else if ranksBefore(values[index], index, values[heap[0]], heap[0]) {
                heap[0] = index
                siftDown(0)
            }
        }
        return heap.sorted { ranksBefore(values[$0], $0, values[$1], $1) }
    }

    /// The index of the highest-ranked entry, nil for an empty row.
    public static func argmax(_ values: [Float]) -> Int? {
        guard !values.isEmpty else { return nil }
        var best = 0
        for index in values.indices.dropFirst() where ranksBefore(values[index], index, values[best], best) { best = index }
        return best
    }

    /// The 0-based rank of entry `index`: how many entries rank before it. O(V).
    public static func rank(of index: Int, in values: [Float]) -> Int {
        let value = values[index]
        var rank = 0
        for other in values.indices where ranksBefore(values[other], other, value, index) { rank += 1 }
        return rank
    }
}
