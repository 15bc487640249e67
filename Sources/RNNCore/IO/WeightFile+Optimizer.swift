import Foundation
import Localization

/// The optimizer's state in a weight file (`train --save`, `--resume`): metadata `optimizer`,
/// `optimizer.step`, `.lr`, `.beta1`, `.beta2`, `.eps`, `.weight_decay` and Adam's moments as
/// tensors `optimizer.<parameter>.exp_avg` / `.exp_avg_sq`, read and written here.
extension WeightFile {
    /// Metadata keys of the optimizer's state.
    enum OptimizerKey {
        static let name = "optimizer"
        static let step = "optimizer.step"
        static let lr = "optimizer.lr"
        static let beta1 = "optimizer.beta1"
        static let beta2 = "optimizer.beta2"
        static let eps = "optimizer.eps"
        static let weightDecay = "optimizer.weight_decay"
    }

    /// The tensor names of Adam's moments for `parameter`.
    public static func expAvgName(_ parameter: ParameterName) -> String { "optimizer.\(parameter.rawValue).exp_avg" }
    public static func expAvgSqName(_ parameter: ParameterName) -> String { "optimizer.\(parameter.rawValue).exp_avg_sq" }

    /// The optimizer's state in `file`, nil when it has none; throws (a message without a place)
    /// when it is there but unreadable or does not fit `shape`.
    static func optimizerState(of file: SafeTensorsFile, shape: ModelShape) throws -> OptimizerState? {
        let momentNames = file.tensors.keys.filter { $0.hasPrefix("optimizer.") }
        guard let name = file.metadata[OptimizerKey.name] else {
            if let first = momentNames.sorted().first {
                throw RNNScopeError(Message("error.optimizer.no_metadata", ["name": first]))
            }
            return nil
        }
        guard let kind = OptimizerKind(rawValue: name) else {
            throw RNNScopeError(Message("error.optimizer.kind", ["value": quoted(name)]))
        }
        func number<T: LosslessStringConvertible>(_ key: String, _ type: T.Type) throws -> T? {
            guard let text = file.metadata[key] else { return nil }
            guard text.utf8.count <= 40, let value = T(text) else {
                throw RNNScopeError(Message("error.optimizer.number", ["key": key, "value": quoted(text)]))
            }
            return value
        }
        var state = OptimizerState(kind: kind, learningRate: try number(OptimizerKey.lr, Float.self) ?? .nan)
        guard kind == .adam else {
            if let first = momentNames.sorted().first { throw RNNScopeError(Message("error.optimizer.sgd_tensor", ["name": first])) }
            return state
        }
        state.beta1 = try number(OptimizerKey.beta1, Double.self) ?? state.beta1
        state.beta2 = try number(OptimizerKey.beta2, Double.self) ?? state.beta2
        state.epsilon = try number(OptimizerKey.eps, Float.self) ?? state.epsilon
        state.weightDecay = try number(OptimizerKey.weightDecay, Float.self) ?? 0
        guard let stepText = file.metadata[OptimizerKey.step] else { throw RNNScopeError(Message("error.optimizer.no_step")) }
        guard let step = parseEpoch(stepText) else {
            throw RNNScopeError(Message("error.optimizer.step", ["value": quoted(stepText), "max": String(maxEpoch)]))
        }
        state.stepCount = step
        let expected = Set(ParameterName.allCases.flatMap { [expAvgName($0), expAvgSqName($0)] })
        if let stray = momentNames.sorted().first(where: { !expected.contains($0) }) {
            throw RNNScopeError(Message("error.optimizer.unexpected_tensor", ["name": stray]))
        }
        guard step > 0 else {
            if let first = momentNames.sorted().first { throw RNNScopeError(Message("error.optimizer.step_zero_tensor", ["name": first])) }
            return state
        }
        var m = [Float](), v = [Float]()
        m.reserveCapacity(shape.totalCount)
        v.reserveCapacity(shape.totalCount)
        for parameter in ParameterName.allCases {
            for (tensorName, isSquare) in [(expAvgName(parameter), false), (expAvgSqName(parameter), true)] {
                guard let tensor = file.tensors[tensorName] else { throw RNNScopeError(Message("error.optimizer.missing_tensor", ["name": tensorName])) }
                guard tensor.shape == shape.shape(of: parameter) else {
                    throw RNNScopeError(Message("error.optimizer.shape", ["name": tensorName, "shape": "\(tensor.shape)", "expected": "\(shape.shape(of: parameter))"]))
                }
                if isSquare { v.append(contentsOf: tensor.slice) } else { m.append(contentsOf: tensor.slice) }
            }
        }
        state.expAvg = m
        state.expAvgSq = v
        return state
    }

    /// Adds `optimizer`'s metadata and (Adam after its first step) its moments for a model of `shape`.
    static func addOptimizerState(
        _ optimizer: OptimizerState, shape: ModelShape,
        tensors: inout [String: SafeTensorsFile.Tensor], metadata: inout [String: String]
    ) throws {
        metadata[OptimizerKey.name] = optimizer.kind.rawValue
        if optimizer.kind == .adam {
            guard optimizer.stepCount == 0 || (optimizer.expAvg.count == shape.totalCount && optimizer.expAvgSq.count == shape.totalCount),
                  (0...maxEpoch).contains(optimizer.stepCount)
            else { throw RNNScopeError(Message("error.optimizer.save_mismatch")) }
            metadata[OptimizerKey.step] = String(optimizer.stepCount)
            metadata[OptimizerKey.lr] = String(optimizer.learningRate)
            metadata[OptimizerKey.beta1] = String(optimizer.beta1)
            metadata[OptimizerKey.beta2] = String(optimizer.beta2)
            metadata[OptimizerKey.eps] = String(optimizer.epsilon)
            metadata[OptimizerKey.weightDecay] = String(optimizer.weightDecay)
            if optimizer.stepCount > 0 {
                for name in ParameterName.allCases {
                    tensors[expAvgName(name)] = .init(shape: shape.shape(of: name), storage: optimizer.expAvg, range: shape.range(of: name))
                    tensors[expAvgSqName(name)] = .init(shape: shape.shape(of: name), storage: optimizer.expAvgSq, range: shape.range(of: name))
                }
            }
        }
    }
}
