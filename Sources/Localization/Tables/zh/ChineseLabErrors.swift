/// 探索界面在消息行上的拒绝、打开权重文件时关于优化器的说明，以及课程作者的错误（标准错误输出上的 文件:行）。
enum ChineseLabErrors {
    static let table: [String: String] = [
        "error.lab.refused": "已拒绝：{reason}",
        "error.lab.two_characters": "请至少输入两个字符：先是输入，最后一个是要预测的字符",
        "error.lab.prompt_empty": "提示为空；请至少输入一个字符",
        "error.lab.window_does_not_fit": "长度为 {steps} 的窗口放不进文本（可用 1…{max}）",
        "error.lab.no_longer_window": "窗口不能再长：{size} 时最多 {steps} 步（追踪上限 {limit} 个时间步 × 单元）",
        "error.lab.no_snapshots": "这么大的模型不保留回退用的快照（每个 {megabytes} MB）：内存要保持在 500 MB 以下",
        "error.lab.oldest_snapshot": "第 {epoch} 轮已是保留的最早快照（按 . 向前）",
        "error.lab.at_present": "已是现在的第 {epoch} 轮（按 , 回退）",
        // “已打开 <文件>：…；<优化器>” 中优化器的部分。
        "msg.opened.state_ignored": "已忽略优化器的状态（{why}）：{then}",
        "msg.opened.no_state": "没有优化器的状态：{then}",
        "msg.opened.adam_fresh": "Adam 从头开始",
        "msg.opened.sgd_no_state": "SGD 不保存状态",
        "msg.opened.adam_resumes": "Adam 从第 {step} 步继续",
        "msg.opened.sgd": "SGD",
        // 课程的指令。
        "error.lesson.directive": "'{key}'：{message}",
        "error.lesson.hidden_disagrees": "{wanted} 与 {file} 不一致，该文件的 H={hidden}；请删掉 'hidden' 或换用匹配的文件",
        "error.lesson.cell_disagrees": "{wanted} 与 {file} 不一致，该文件里是 {cell}；请删掉 'cell' 或换用匹配的文件",
        "error.lesson.activation_rnn_only": "'{wanted}' 只适用于 rnn 单元类型；{file} 里是 {cell}，它的门用 σ 和 tanh",
        "error.lesson.activation_disagrees": "{wanted} 与 {file} 不一致，该文件是用 {recorded} 训练的；请删掉 'activation' 或换用匹配的文件",
        "error.lesson.no_snapshot": "'rewind: {epoch}'：第 {epoch} 轮及之前没有快照；{kept}",
        "error.lesson.oldest_kept": "保留的最早快照是第 {epoch} 轮",
        "error.lesson.nothing_trained": "还没有训练过：请先加一个 'train' 步骤",
        "error.lesson.no_tensor": "{cell} 没有张量 '{tensor}'：可选 {names}",
        "error.lab.entry_outside": "元素 {entry} 超出 {tensor} [{rows}×{columns}]：行 0…{last_row}，列 0…{last_column}",
    ]
}
