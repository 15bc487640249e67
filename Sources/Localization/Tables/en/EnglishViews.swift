/// The views' names, as the header and the tab cycle show them.
enum EnglishViews {
    static let table: [String: String] = [
        "view.step": "step",
        "view.time": "through time",
        "view.training": "training",
        "view.weights": "W_hh",
        "view.gradients": "gradients",
        "view.compare": "RNN vs gated",
        "view.neurons": "neurons",
        "view.optimizer": "optimizer",
        "view.generate": "generate",
    ]
}
