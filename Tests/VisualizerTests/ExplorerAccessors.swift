import RNNCore
import ScopeNames
@testable import Visualizer

/// Short names for the tests: the state each owner holds, read through the explorer.
extension Explorer {
    var t: Int { cursor.t }
    var subStep: SubStep { cursor.subStep }
    var unit: Int { cursor.unit }
    var phase: Phase { cursor.phase }
    var trace: Trace { lab.trace }
    var epoch: Int { lab.epoch }
    var losses: [Float] { lab.losses }
    var seed: UInt64 { lab.spec.seed }
    var cell: CellKind { lab.cell }
    var message: String? { ui.message }
    var editing: String? { ui.editing }
    var autoplay: Bool { ui.autoplay }
    var training: Bool { ui.training }
    var view: ScreenView { ui.view }
    var analysis: GradientAnalysis { GradientAnalysis(trace: lab.trace) }
}

extension SubStep {
    /// Every sub-step of one time step in `phase` for `cell`, in order.
    static func sequence(_ phase: Phase, cell: CellKind) -> [SubStep] { cell.walkthrough.sequence(phase) }
}

extension SubStep {
    /// The case's own name ("embed", "dHidden"), as snapshot files are named.
    var caseName: String {
        switch self {
        case .forward(let f): return "\(f)"
        case .backward(let b): return "\(b)"
        }
    }
}
