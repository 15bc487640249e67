/// 各视图的名称，显示在标题栏和 tab 切换中。
enum ChineseViews {
    static let table: [String: String] = [
        "view.step": "单步",
        "view.time": "按时间展开",
        "view.training": "训练",
        "view.weights": "W_hh",
        "view.gradients": "梯度",
        "view.compare": "RNN 与门控对比",
        "view.neurons": "神经元",
        "view.optimizer": "优化器",
        "view.generate": "生成",
    ]
}
