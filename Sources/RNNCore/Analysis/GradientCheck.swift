/// BPTT's gradient for one weight beside a central finite difference of the loss, the check a
/// student can do by hand: nudge the weight both ways, rerun the forward pass, compare.
public struct GradientCheck: Sendable, Equatable {
    public let name: ParameterName
    /// PyTorch's index, e.g. [row, column] for W_hh.
    public let index: [Int]
    /// dL/dθ from the recorded backward pass.
    public let bptt: Float
    /// (L(θ + ε) − L(θ − ε)) / 2ε, each loss a fresh forward pass over the same sequence.
    public let numeric: Double
    public let epsilon: Float

    /// ε = 5e-3 balances Float32 rounding of the loss (≈ 1e-7 · L / ε) against the O(ε²)
    /// error of the central difference.
    public init(trace: Trace, _ name: ParameterName, _ index: [Int], epsilon: Float = 5e-3) {
        self.name = name
        self.index = index
        self.epsilon = epsilon
        bptt = trace.gradients.value(name, index)
        let dims = trace.parameters.shape.shape(of: name)
        let flat = dims.count == 2 ? index[0] * dims[1] + index[1] : index[0]
        let position = trace.parameters.shape.offset(of: name) + flat
        // One copy of the weights, nudged one way then the other; forward passes only (at
        // H=1024 LSTM a gradient buffer and a backward pass per loss cost 34 MB and two thirds
        // of the time, while training runs beside the check).
        var model = CharRNN(config: trace.config, parameters: trace.parameters)
        let weight = trace.parameters.storage[position]
        func loss(_ shift: Float) -> Double {
            model.parameters.storage[position] = weight + shift
            return Double(model.loss(input: trace.input, target: trace.target))
        }
        numeric = (loss(epsilon) - loss(-epsilon)) / (2 * Double(epsilon))
    }

    /// The smallest |gradient| a Float32 finite difference can resolve for a loss of `loss`.
    public static func resolution(loss: Float, epsilon: Float = 5e-3) -> Double {
        Double(max(abs(loss), 1)) * Double(Float.ulpOfOne) / Double(epsilon)
    }
}
