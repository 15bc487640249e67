/// 训练视图中的小批量训练。
enum ChineseBatch {
    static let table: [String: String] = [
        "batch.loss.title": "每步损失  第 {epoch} 轮，第 {step}/{steps} 步",
        "batch.loss.untrained": "尚未训练。按 t 训练一步（从 {count} 个窗口中取一批 {size} 个，按窗口顺序），或按 T 连续训练；曲线会在这里逐渐画出，每步一个点。",
        "batch.loss.untrained_shuffled": "尚未训练。按 t 训练一步（从 {count} 个窗口中取一批 {size} 个，已打乱），或按 T 连续训练；曲线会在这里逐渐画出，每步一个点。",
        "batch.axis.step": "步",
        "batch.summary.step": "第 {epoch} 轮，第 {step}/{steps} 步（累计 {total} 步）   上一步：损失 {loss}",
        "batch.sample": "第 {step} 步的采样：{text}",
        "batch.sample.none": "采样：每 {every} 步一次，从文本的第一个字符开始",
    ]
}
