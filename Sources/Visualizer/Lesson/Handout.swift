import CellGrid
import Lessons
import ScopeNames

/// A lesson as one self-contained HTML page, for handouts and review after class: the title,
/// then for every step its heading, its narration (Markdown rendered, live values filled in,
/// a question with its choices and then its answer) and the screen as an inline SVG. A print
/// stylesheet puts one step per page; Chinese pages break lines by the strict rules, so
/// closing punctuation never starts a line. No scripts, no external resources.
public enum Handout {
    /// The page for `session`'s lesson, walking the session forward from its first step once
    /// (each step's actions applied on top of the previous step's state, as in class). The
    /// screens are the explorer's, `width`×`height` cells, drawn in `theme`.
    public static func html(_ session: LessonSession, theme: ThemeName = .light, width: Int = 120, height: Int = 40) throws -> String {
        let lesson = session.lesson
        let lang = lesson.lang == "zh" ? "zh" : "en"
        var body = ""
        for index in 0..<session.stepCount {
            if index != session.stepIndex { try session.enter(index) }
            session.explorer.setTheme(theme)
            body += section(session, theme: theme, width: width, height: height)
        }
        let count = session.stepCount
        let subtitle = lang == "zh" ? "rnnscope 第 \(lesson.id) 课 · \(count) 步" : "rnnscope lesson \(lesson.id) · \(count) steps"
        return """
            <!DOCTYPE html>
            <html lang="\(lang)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(MarkupText.escape(lesson.title))</title>
            <style>
            \(stylesheet)
            </style>
            </head>
            <body>
            <header><h1>\(MarkupText.escape(lesson.title))</h1><p class="subtitle">\(MarkupText.escape(subtitle))</p></header>
            \(body)</body>
            </html>

            """
    }

    static let stylesheet = """
        body { font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", "PingFang SC", sans-serif;
               max-width: 64rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.55; color: #111; background: #fff; }
        html:lang(zh) body { line-break: strict; word-break: normal; overflow-wrap: anywhere; }
        h1 { margin-bottom: 0.2rem; }
        .subtitle { color: #555; margin-top: 0; }
        section.step { border-top: 1px solid #ccc; padding-top: 1rem; margin-top: 2rem; break-after: page; page-break-after: always; }
        section.step:last-of-type { break-after: auto; page-break-after: auto; }
        code, pre { font-family: ui-monospace, Menlo, Consolas, "DejaVu Sans Mono", monospace; }
        code { background: #f2f2f2; padding: 0 0.2em; border-radius: 3px; }
        pre.code { background: #f6f6f6; padding: 0.5rem 0.8rem; overflow-x: auto; }
        .math { font-family: "Cambria Math", "STIX Two Math", "Latin Modern Math", serif; font-style: italic; color: #003f8a; }
        .value { font-weight: bold; color: #005f00; }
        .question { border-left: 4px solid #d7a000; padding-left: 0.8rem; }
        .answer { border-left: 4px solid #2e7d32; padding-left: 0.8rem; }
        figure { margin: 1rem 0; }
        figure svg { width: 100%; height: auto; display: block; border: 1px solid #bbb; }
        figcaption { color: #555; font-size: 0.85rem; margin-top: 0.3rem; }
        @media print {
          body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
          section.step { border-top: none; margin-top: 0; padding-top: 0; }
          figure, .question, .answer, li, p { break-inside: avoid; page-break-inside: avoid; }
          h2 { break-after: avoid; page-break-after: avoid; }
          @page { margin: 14mm; }
        }
        """

    /// One step: heading, narration, question, screen.
    static func section(_ session: LessonSession, theme: ThemeName, width: Int, height: Int) -> String {
        let step = session.step
        let number = session.stepIndex + 1
        var out = "<section class=\"step\" id=\"step-\(number)\">\n"
        out += "<h2>\(number)/\(session.stepCount). \(MarkupText.escape(step.title))</h2>\n"
        if let question = step.question {
            let frame = session.frame()
            out += "<div class=\"question\"><p><strong>?</strong> \(inline(question.question, frame: frame))</p>\n<ol>\n"
            for choice in question.choices { out += "<li>\(MarkupText.escape(choice))</li>\n" }
            out += "</ol></div>\n"
            // A handout is for review: the answer follows, and the screen shows the numbers.
            session.answer(nil)
            session.explorer.setMessage(nil)
            let answerWord = session.lesson.lang == "zh" ? "答案" : "Answer"
            out += "<div class=\"answer\"><p><strong>\(answerWord): \(question.answer)</strong>"
            out += " \(inline(question.explain, frame: session.frame()))</p></div>\n"
        }
        out += narration(step.narration, frame: session.frame())
        let frame = session.frame()
        let grid = ExplorerScreen.render(session.explorer, width: width, height: height)
        let title = ScreenExport.title(frame)
        out += "<figure>\n" + SVGRenderer.render(grid, colors: ScreenExport.colors(for: theme), title: title, standalone: false)
        out += "<figcaption>\(MarkupText.escape(title))</figcaption>\n</figure>\n</section>\n"
        return out
    }

    /// The narration's blocks: paragraphs, bullet lists and code blocks.
    static func narration(_ blocks: [NarrationBlock], frame: Frame) -> String {
        var out = ""
        var index = 0
        while index < blocks.count {
            let kind = blocks[index].kind
            var end = index + 1
            while end < blocks.count, blocks[end].kind == kind, kind != .paragraph { end += 1 }
            let group = blocks[index..<end]
            switch kind {
            case .paragraph: out += "<p>\(inline(blocks[index].spans, frame: frame))</p>\n"
            case .bullet: out += "<ul>\n" + group.map { "<li>\(inline($0.spans, frame: frame))</li>\n" }.joined() + "</ul>\n"
            case .code: out += "<pre class=\"code\">" + group.map { inline($0.spans, frame: frame) }.joined(separator: "\n") + "</pre>\n"
            }
            index = end
        }
        return out
    }

    /// Inline spans: **bold**, `code`, math (already readable text), live values.
    static func inline(_ spans: [NarrationSpan], frame: Frame) -> String {
        spans.map { span in
            switch span {
            case .text(let text, let style): return styled(MarkupText.escape(text), style)
            case .value(let placeholder, let style):
                let value = "<span class=\"value\">\(MarkupText.escape(PlaceholderValues.text(for: placeholder, in: frame)))</span>"
                return style == .bold ? "<strong>\(value)</strong>" : value
            }
        }.joined()
    }

    static func styled(_ html: String, _ style: NarrationStyle) -> String {
        switch style {
        case .plain: return html
        case .bold: return "<strong>\(html)</strong>"
        case .code: return "<code>\(html)</code>"
        case .math: return "<span class=\"math\">\(html)</span>"
        }
    }
}
