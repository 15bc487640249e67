import Foundation
import RNNCore

/// Prints `value` as one JSON object on stdout. Non-finite numbers become "NaN"/"Infinity".
func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
        positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
    let data = try encoder.encode(value)
    FileHandle.standardOutput.write(data)
    FileHandle.standardOutput.write(Data("\n".utf8))
}

/// A tensor in PyTorch's shape: a vector or a matrix.
enum TensorJSON: Encodable {
    case vector([Float])
    case matrix([[Float]])

    init(_ parameters: Parameters, _ name: ParameterName) {
        let matrix = parameters.matrix(name)
        self = parameters.shape.shape(of: name).count == 1 ? .vector(matrix.values) : .matrix(matrix.nestedRows)
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .vector(let v): try container.encode(v)
        case .matrix(let m): try container.encode(m)
        }
    }
}
