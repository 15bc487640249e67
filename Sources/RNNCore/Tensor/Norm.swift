/// ‖v‖₂, summed in double precision so long vectors and tiny gradients stay exact.
public func l2Norm(_ v: [Float]) -> Double {
    var sum: Double = 0
    for x in v { sum += Double(x) * Double(x) }
    return sum.squareRoot()
}
