import RNNCore

/// The tensor the optimizer view explains: one of the seven, or one gate's block of a gated
/// cell's W_ih / W_hh (PyTorch's chunks, e.g. GRU's W_hr, W_hz, W_hn). `name` is what a
/// lesson's `optimizer:` says and the view's title shows.
public struct OptimizerTensor: Hashable, Sendable {
    public let parameter: ParameterName
    /// The gate block (0-based, in PyTorch's order), nil for the whole tensor.
    public let gate: Int?

    public init(_ parameter: ParameterName, gate: Int? = nil) {
        self.parameter = parameter
        self.gate = gate
    }

    public static let recurrent = OptimizerTensor(.weightHH)

    /// The order `m` steps through: W_hh (and its blocks), W_ih (and its blocks), b_ih, b_hh,
    /// W_hy, b_y, E.
    public static func cycle(cell: CellKind) -> [OptimizerTensor] {
        let blocks = cell.isGated ? Array(0..<cell.gateCount) : []
        return [OptimizerTensor(.weightHH)] + blocks.map { OptimizerTensor(.weightHH, gate: $0) }
            + [OptimizerTensor(.weightIH)] + blocks.map { OptimizerTensor(.weightIH, gate: $0) }
            + [.init(.biasIH), .init(.biasHH), .init(.weightHY), .init(.biasY), .init(.embedding)]
    }

    /// W_hh, W_ih, b_ih, b_hh, W_hy, b_y, E; a block: W_hr, W_iz, … (the gate's letter).
    public func name(cell: CellKind) -> String {
        if let gate, gate < cell.gateCount {
            let letter = cell.gateNames[gate]
            return parameter == .weightHH ? "W_h\(letter)" : "W_i\(letter)"
        }
        return Self.baseNames[parameter] ?? parameter.notation
    }

    private static let baseNames: [ParameterName: String] = [
        .weightHH: "W_hh", .weightIH: "W_ih", .biasIH: "b_ih", .biasHH: "b_hh", .weightHY: "W_hy", .biasY: "b_y", .embedding: "E",
    ]

    /// Every name a lesson may write for some cell (W_hh … E, and every gate block's).
    public static let lessonNames: [String] = {
        var names = ["W_hh", "W_ih", "b_ih", "b_hh", "W_hy", "b_y", "E"]
        for cell in CellKind.allCases where cell.isGated {
            for tensor in cycle(cell: cell) where tensor.gate != nil {
                let name = tensor.name(cell: cell)
                if !names.contains(name) { names.append(name) }
            }
        }
        return names
    }()

    /// The tensor `name` stands for in `cell`'s model, nil when that cell has no such tensor.
    public init?(name: String, cell: CellKind) {
        guard let found = Self.cycle(cell: cell).first(where: { $0.name(cell: cell) == name }) else { return nil }
        self = found
    }

    /// [rows, columns] of the tensor (a bias: [count, 1]), and the row its first row is in the
    /// whole tensor (a block's offset).
    public func geometry(_ shape: ModelShape) -> (rows: Int, columns: Int, rowOffset: Int) {
        let dims = shape.shape(of: parameter)
        let columns = dims.count == 2 ? dims[1] : 1
        if let gate, gate < shape.cell.gateCount { return (shape.hidden, columns, gate * shape.hidden) }
        return (dims[0], columns, 0)
    }

    /// Whether the tensor is a vector (a bias).
    public func isVector(_ shape: ModelShape) -> Bool { shape.shape(of: parameter).count == 1 }
}
