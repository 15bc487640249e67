import Localization
import RNNCore
import ScopeNames

/// The optimizer view's tensor, entry and frame.
extension Explorer {
    /// `m` / `M`: the next / previous tensor of the cell's cycle.
    func cycleTensor(by offset: Int) {
        guard ui.view == .optimizer else {
            ui.message = ui.strings["opt.msg.elsewhere"]
            return
        }
        let cycle = OptimizerTensor.cycle(cell: lab.cell)
        let index = cycle.firstIndex(of: ui.optimizerTensor) ?? 0
        ui.optimizerTensor = cycle[(index + offset + cycle.count) % cycle.count]
        ui.optimizerEntry = nil
    }

    /// A lesson's `optimizer:` and `entry:`: the tensor (by name) and the entry ([row, column]).
    public func placeOptimizer(tensor: String?, entry: [Int]?) throws {
        if let tensor {
            guard let found = OptimizerTensor(name: tensor, cell: lab.cell) else {
                let names = OptimizerTensor.cycle(cell: lab.cell).map { $0.name(cell: lab.cell) }
                throw RNNScopeError(Message("error.lesson.no_tensor", ["cell": lab.cell.title, "tensor": tensor, "names": names.joined(separator: ", ")]))
            }
            ui.optimizerTensor = found
        }
        if let entry {
            let (rows, columns, _) = currentOptimizerTensor.geometry(lab.model.config.shape)
            guard entry.count == 2, (0..<rows).contains(entry[0]), (0..<columns).contains(entry[1]) else {
                throw OptimizerEntryError(sentence: Message("error.lab.entry_outside", [
                    "entry": entry.map(String.init).joined(separator: ","), "tensor": currentOptimizerTensor.name(cell: lab.cell),
                    "rows": String(rows), "columns": String(columns), "last_row": String(rows - 1), "last_column": String(columns - 1),
                ]))
            }
            ui.optimizerEntry = entry
        }
    }

    /// A lesson's `entry:` outside the tensor (its error names the `entry` line).
    struct OptimizerEntryError: Error {
        let sentence: Message
    }

    /// The selected tensor, or W_hh when the cell has no such block (the cell changed).
    var currentOptimizerTensor: OptimizerTensor {
        OptimizerTensor.cycle(cell: lab.cell).contains(ui.optimizerTensor) ? ui.optimizerTensor : .recurrent
    }

    func optimizerFrame() -> OptimizerFrame {
        let tensor = currentOptimizerTensor
        let shape = lab.model.config.shape
        let training = lab.spec.training
        let strings = ui.strings
        let key = "\(ui.language)|\(lab.epoch)|\(lab.traceVersion)|\(lab.lastUpdate != nil)|\(shape.cell)|\(shape.hidden)|\(tensor)|\(cursor.unit)|\(String(describing: ui.optimizerEntry))|\(training.optimizer) \(training.learningRate) \(String(describing: training.clipNorm)) \(String(describing: training.clipValue))"
        if let cached = optimizerCache, cached.key == key { return cached.frame }
        let (update, reason) = lab.updateToExplain()
        var made: OptimizerFrame
        if let update {
            made = OptimizerFrame.make(tensor: tensor, update: update, state: lab.optimizerState, parameters: lab.model.parameters,
                                       unit: cursor.unit, pinned: ui.optimizerEntry)
            // E's, W_hy's and b_y's rows are characters.
            if [.embedding, .weightHY, .biasY].contains(tensor.parameter), made.row < lab.spec.vocabulary.count {
                made.rowNote = strings("opt.row.character", [
                    "row": "\(made.row)", "character": StepExplanation.quote(lab.spec.vocabulary.symbol(at: made.row)).terminalSafe,
                ])
            }
            // A stacked tensor of a gated cell: which gate's block, which unit.
            if lab.cell.isGated, tensor.gate == nil, [.weightHH, .weightIH, .biasIH, .biasHH].contains(tensor.parameter) {
                let H = shape.hidden
                made.rowNote = strings("opt.row.gate", ["gate": lab.cell.gateNames[min(made.row / H, lab.cell.gateCount - 1)], "unit": "\(made.row % H)"])
            }
        } else {
            let why = reason == .notKept ? strings["opt.unavailable.not_kept"] : strings["opt.unavailable.not_yet"]
            made = OptimizerFrame.unavailable(why, tensor: tensor, shape: shape, kind: training.optimizer)
        }
        optimizerCache = (key, made)
        return made
    }
}
