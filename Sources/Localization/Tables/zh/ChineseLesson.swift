/// 课程界面中叙述之外的部分：叙述面板的标题和按键、问题的提示语、课程的消息。
enum ChineseLesson {
    static let table: [String: String] = [
        "lesson.narration.title": "第 {step}/{count} 步：{title}",
        "lesson.narration.keys": "Enter/] 下一步  [ 上一步  = 回到脚本",
        "lesson.narration.keys.short": "Enter 下一步 [ 上一步",
        "lesson.narration.scroll": "{ } 滚动 {scroll}/{max}",
        "lesson.narration.more": "更多 ↓",
        "lesson.question.prompt": "按 1–{count} 作答，或按 Enter 直接揭晓。",
        "lesson.question.revealed": "答案是 {answer}。",
        "lesson.question.right": "答对了。",
        "lesson.question.wrong": "不对：答案是 {answer}。",
        "lesson.present.header": "第 {id} 课：{title}",
        "lesson.present.question": "问题：按 1–{count} 作答，或按 Enter 揭晓",
        "lesson.msg.answer": "答案是 {answer}",
        "lesson.msg.right": "答对了",
        "lesson.msg.not_quite": "不对：答案是 {answer}",
        "lesson.msg.press_to_answer": "按 1–{count} 作答，或按 Enter 揭晓",
        "lesson.msg.end": "课程结束：[ 返回上一步，q 退出",
        "lesson.msg.stopped_step": "训练在第 {epoch} 轮停止，本步的训练尚未完成（按 = 重放本步）",
        "lesson.msg.back_to_step": "回到课程第 {step} 步",
        "lesson.msg.stopped_replay": "重放训练在第 {epoch} 轮停止：仍停在第 {step} 步",
    ]
}
