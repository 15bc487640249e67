/// The mean of the last `count` values.
struct MovingAverage {
    let count: Int
    private var values: [Float] = []
    private var next = 0
    private var sum = 0.0

    init(count: Int) { self.count = count }

    var filled: Int { values.count }

    mutating func add(_ value: Float) {
        if values.count < count {
            values.append(value)
        } else {
            sum -= Double(values[next])
            values[next] = value
            next = (next + 1) % count
        }
        sum += Double(value)
    }

    var value: Float { values.isEmpty ? .nan : Float(sum / Double(values.count)) }
}
