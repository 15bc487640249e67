/// 训练视图：损失曲线、轮数、笔记中的预测。
enum ChineseTraining {
    static let table: [String: String] = [
        "train.loss.title": "每轮的损失  第 {epoch} 轮",
        "train.loss.scale_log": "对数坐标（y：线性）",
        "train.loss.scale_linear": "线性坐标（y：对数）",
        "train.loss.one_window": "仅有的一个窗口",
        "train.loss.all_windows": "全部 {count} 个窗口",
        "train.loss.epoch": "一轮（{windows}，{optimizer}，学习率 {lr}）",
        "train.loss.untrained": "尚未训练。按 t 训练{epoch}，或按 T 连续训练；曲线会在这里逐渐画出。",
        "train.loss.pretrained": "本次之前已训练 {epochs} 轮（来自权重文件）。t 训练{epoch}，T 连续训练；本次的曲线会在这里画出。",
        "train.axis.epoch": "轮",
        "train.series.training": "训练",
        "train.series.validation": "验证",
        "train.summary.title": "训练",
        "train.summary.until": "，到第 {epoch} 轮",
        "train.summary.running": "训练中 {pace}{until}，T 停止",
        "train.summary.idle": "T：{pace}{until}（+ -）",
        "train.summary.epoch": "第 {epoch} 轮{past}   上一轮：损失 {loss}",
        "train.summary.with_gradient": "{first}，{gradient}",
        "train.summary.clipped": " → 裁剪为 {norm}",
        "train.summary.validation": "验证损失 {loss}（{count} 个窗口中的最后 {held} 个，从不参与训练）",
        "train.summary.sequence_loss": "当前序列的损失 {loss}",
        "train.summary.prompts": "笔记中的测试输入 → 下一个字符：",
        "train.summary.notes_say": "（笔记：{next}）",
        "train.summary.skipped": "（跳过 {count} 个：含有本文本没有的字符）",
    ]
}
