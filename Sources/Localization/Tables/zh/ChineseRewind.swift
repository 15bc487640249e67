/// 回到过去的轮次：标题栏的标记、损失面板和提示信息。
enum ChineseRewind {
    static let table: [String: String] = [
        "rewind.header.full": " 第 {epoch} 轮（共 {present} 轮）——过去：, . 移动，Esc 返回，T 从这里分支 ",
        "rewind.header.compact": " 第 {epoch}/{present} 轮：过去（, . Esc T） ",
        "rewind.compact.past": "（过去）",
        "rewind.loss.title": "每轮损失  ▲ 第 {epoch} 轮（共 {present} 轮）：过去 · 保存了 {count} 个快照",
        "rewind.summary.state": ", . 移动  Esc：回到现在  T：从这里分支",
        "rewind.summary.past": "（过去）",
        "rewind.axis.none": "轮 · 没有用于回退的快照：模型太大，一个也不保存（每个 {size}）",
        "rewind.axis.few": "轮 · {count} 个快照，最多 {capacity} 个（每个 {size}，总预算 {budget}）",
        "rewind.msg.rewound": "第 {epoch} 轮（共 {present} 轮）：所有视图都显示模型当时的样子（, . Esc T）",
        "rewind.msg.present": "回到现在：第 {epoch} 轮",
        "rewind.msg.rewinding": "第 {epoch} 轮：正在计算它的前向与反向传播…（就绪前仍显示当前模型；Esc 取消）",
        "rewind.msg.returning": "回到现在：正在计算它的前向与反向传播…（就绪前仍显示当前模型；Esc 取消）",
        "rewind.msg.cancelled": "已取消回溯：仍显示第 {epoch} 轮",
        "rewind.msg.wait": "此键要等回溯到的那一轮的传播算完；单步照常可用",
        "rewind.msg.branched": "从第 {epoch} 轮继续：第 {first}…{last} 轮已丢弃",
        "rewind.msg.none": "还没有可以回退的快照：先训练（t 或 T）；快照保存在第 0、1、2、4、8 … 轮以及每 50 轮",
        "rewind.ask.train": "从第 {epoch} 轮继续训练，并丢弃第 {first}…{last} 轮？y/n",
        "rewind.ask.change": "在第 {epoch} 轮改动模型，并丢弃第 {first}…{last} 轮？y/n",
        "rewind.msg.kept": "什么也没丢弃：仍在第 {epoch} 轮（共 {present} 轮）；按 Esc 回到现在",
    ]
}
