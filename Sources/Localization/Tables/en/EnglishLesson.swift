/// A lesson's screen around its narration: the panel's title and keys, the question's words, the lesson's messages.
enum EnglishLesson {
    static let table: [String: String] = [
        "lesson.narration.title": "step {step}/{count}: {title}",
        "lesson.narration.keys": "Enter/] next  [ back  = script",
        "lesson.narration.keys.short": "Enter next [ back",
        "lesson.narration.scroll": "{ } scroll {scroll}/{max}",
        "lesson.narration.more": "more ↓",
        "lesson.question.prompt": "Press 1–{count} to answer, or Enter to reveal.",
        "lesson.question.revealed": "The answer: {answer}. ",
        "lesson.question.right": "Right. ",
        "lesson.question.wrong": "Not quite: it is {answer}. ",
        "lesson.present.header": "lesson {id}: {title}",
        "lesson.present.question": "question: press 1–{count}, or Enter to reveal",
        "lesson.msg.answer": "the answer is {answer}",
        "lesson.msg.right": "right",
        "lesson.msg.not_quite": "not quite: the answer is {answer}",
        "lesson.msg.press_to_answer": "press 1–{count} to answer, or Enter to reveal",
        "lesson.msg.end": "end of the lesson: [ goes back, q quits",
        "lesson.msg.stopped_step": "training stopped at epoch {epoch}, before this step's training ended (= replays the step)",
        "lesson.msg.back_to_step": "back to step {step} of the lesson",
        "lesson.msg.stopped_replay": "training stopped at epoch {epoch} of the replay: still at step {step}",
    ]
}
