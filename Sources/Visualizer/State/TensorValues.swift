/// One tensor's values inside a parameter-sized buffer (the gradient, Adam's moments), read in
/// place: the optimizer view shows W_hh of an H=1024 LSTM (16 MB) in six heatmaps, and copies
/// of each would add tens of MB while the worker trains beside it. Indices start at 0.
struct TensorValues: RandomAccessCollection {
    private let storage: [Float]
    private let start: Int
    let count: Int

    /// `storage[range]`, without a copy.
    init(_ storage: [Float], _ range: Range<Int>) {
        self.storage = storage
        start = range.lowerBound
        count = range.count
    }

    /// Values computed for the view (a preview's moments): the whole array.
    init(_ values: [Float]) { self.init(values, 0..<values.count) }

    var startIndex: Int { 0 }
    var endIndex: Int { count }
    subscript(position: Int) -> Float { storage[start + position] }
}
