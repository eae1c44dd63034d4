"""The quiz's HTML (no ipywidgets): feedback after a check, the summary at the end, the
message of an error, the quiz's CSS. All text is escaped."""

from __future__ import annotations

from html import escape

from aiact_kit.content.text import text
from aiact_kit.engines.quiz import Attempt, QuizError, QuizSession, question_type, quiz_ui
from aiact_kit.present.theme import style

STYLE = style(
    """
.aiact-quiz{max-width:52em;line-height:1.45}
.aiact-quiz .widget-label,.aiact-quiz .widget-radio-box label,.aiact-quiz .widget-checkbox label,
.aiact-quiz .widget-checkbox .widget-label-basic{white-space:normal;height:auto;line-height:1.4}
.aiact-quiz .aiact-stacked{flex-direction:column;align-items:flex-start;height:auto}
.aiact-quiz .aiact-stacked,.aiact-quiz .aiact-checkboxes .widget-checkbox{margin-left:0;
margin-right:0;max-width:100%}
.aiact-quiz .aiact-stacked>.widget-label{width:auto;max-width:100%;font-weight:600;
margin-bottom:.2em;text-align:left;line-height:1.4;height:auto}
.aiact-quiz .aiact-progress-row{align-items:center;flex-wrap:wrap;column-gap:.5em}
.aiact-quiz .aiact-button-row{flex-wrap:wrap}
.aiact-quiz .aiact-stacked>select{flex:0 0 auto;height:var(--jp-widgets-inline-height,28px);
max-width:100%}
.aiact-quiz .widget-radio-box{height:auto}
.aiact-quiz .aiact-chosen-text{margin:0 0 .6em 0;white-space:normal;font-size:.95em}
.aiact-quiz .widget-html-content{line-height:1.5}
.aiact-quiz h2.aiact-heading{font-size:1.15em;margin:.4em 0}
.aiact-quiz .aiact-right{color:var(--aiact-right)}
.aiact-quiz .aiact-wrong{color:var(--aiact-wrong)}
.aiact-quiz .aiact-partial{color:var(--aiact-partial)}
.aiact-quiz .aiact-cite{color:var(--aiact-muted);font-size:.9em}
.aiact-quiz .aiact-hint{font-style:italic}
.aiact-quiz table.aiact-topics{border-collapse:collapse}
.aiact-quiz .aiact-table-scroll{overflow-x:auto;max-width:100%}
.aiact-quiz .aiact-scroll-hint{display:none;font-size:.9em}
@media (max-width:600px){.aiact-quiz .aiact-scroll-hint{display:block}}
.aiact-quiz table.aiact-topics th,.aiact-quiz table.aiact-topics td{
border:1px solid var(--aiact-border);padding:.2em .6em;text-align:left}
""",
    widgets=True,
)

RIGHT = "\u2714"  # heavy check mark
WRONG = "\u2718"  # heavy ballot x
PARTIAL = "\u25d0"  # circle with left half black

# QuizError reasons with a text of their own in quiz.yaml (the learner can fix them)
_OWN_TEXT = ("no_answer", "incomplete", "finished", "duplicate_position")


def error_message(lang: str, err: Exception) -> str:
    """A readable message for an error raised while handling a click."""
    if isinstance(err, QuizError) and err.reason in _OWN_TEXT:
        return quiz_ui(err.reason, lang)
    if isinstance(err, QuizError):
        return f"{quiz_ui('invalid', lang)}: {err}"
    return f"{quiz_ui('invalid', lang)} ({type(err).__name__}: {err})"


def error_html(lang: str, err: Exception) -> str:
    return (
        f'<div class="aiact-feedback-body aiact-error" role="alert">'
        f"<p>{WRONG} {escape(error_message(lang, err))}</p></div>"
    )


def paragraph(text: str, cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return f"<p{attr}>{escape(text)}</p>"


def _notes(attempt: Attempt, lang: str) -> list[str]:
    """One line per option (the chosen ones, and missed ones) or per item."""
    r = attempt.result
    kind = question_type(r.type, r.question_id)
    notes: list[str] = []
    for f in r.feedback:
        if not kind.option_feedback:
            mark = RIGHT if f.right else WRONG
            word = quiz_ui("right_choice" if f.right else "wrong_choice", lang)
            chosen = kind.chosen_label(f, lang)
            line = f"{mark} {escape(word)}: <em>{escape(f.label)}</em> \u2192 {escape(chosen)}"
            if f.message:
                line += f" \u2014 {escape(f.message)}"
            notes.append(line)
        elif f.selected and (f.message or attempt.finished):
            mark = (
                f"{RIGHT} {quiz_ui('right_choice', lang)}"
                if f.is_answer
                else f"{WRONG} {quiz_ui('wrong_choice', lang)}"
            )
            line = f"<em>{escape(f.label)}</em> \u2014 {escape(mark)}"
            if f.message:
                line += f": {escape(f.message)}"
            notes.append(line)
        elif attempt.finished and f.is_answer and not f.selected and kind.shows_missed:
            mark = f"{WRONG} {quiz_ui('missed_choice', lang)}"
            notes.append(f"<em>{escape(f.label)}</em> \u2014 {escape(mark)}")
    return notes


def feedback_html(attempt: Attempt, lang: str) -> str:
    """The learner-facing feedback after a check, as escaped HTML."""
    r = attempt.result
    if r.correct:
        verdict, cls, sym = text("common.correct", lang), "aiact-right", RIGHT
    elif r.score > 0:
        verdict, cls, sym = text("common.partly_correct", lang), "aiact-partial", PARTIAL
    else:
        verdict, cls, sym = text("common.incorrect", lang), "aiact-wrong", WRONG
    parts = ['<div class="aiact-feedback-body" role="status">']
    detail = ""
    if r.items_total > 1 and not question_type(r.type, r.question_id).option_feedback:
        detail = " (" + quiz_ui("items_right", lang, n=r.items_right, total=r.items_total) + ")"
    parts.append(
        f'<p class="aiact-verdict {cls}"><strong>{sym} {escape(verdict)}</strong>'
        f"{escape(detail)}</p>"
    )
    notes = _notes(attempt, lang)
    if notes:
        parts.append("<ul>" + "".join(f"<li>{n}</li>" for n in notes) + "</ul>")
    if not attempt.finished:
        key = "try_again_one" if attempt.tries_left == 1 else "try_again"
        parts.append(paragraph(quiz_ui(key, lang, n=attempt.tries_left)))
    else:
        if attempt.revealed:
            parts.append(f"<p><strong>{escape(quiz_ui('answer_shown', lang))}:</strong></p>")
            parts.append(
                "<ul>" + "".join(f"<li>{escape(line)}</li>" for line in r.correct_answer) + "</ul>"
            )
        parts.append(f"<p><strong>{escape(quiz_ui('explanation', lang))}:</strong></p>")
        parts.append(r.explanation_html())
    parts.append("</div>")
    return "".join(parts)


def summary_html(session: QuizSession, lessons: dict[str, tuple[str, str]] | None = None) -> str:
    """The result at the end of a quiz: the score rule, the final and the first-try score as
    "x of n right", unanswered questions (they count as wrong, and the learner is told), the
    pass mark when there is one, and a table per topic with a link back to its lesson.

    ``lessons`` maps a topic to ``(lesson label, relative href)``."""
    lang = session.lang
    s = session.summary()
    lessons = lessons or {}

    def pct(share: float) -> int:
        return int(share * 100 + 0.5)

    final = quiz_ui("final_score", lang, n=s.correct, total=s.total, pct=pct(s.share))
    parts = [
        '<div class="aiact-summary-body" role="status">',
        f'<p class="aiact-final-score"><strong>{escape(final)}</strong></p>',
        paragraph(
            quiz_ui("first_try_score", lang, n=s.first_try, total=s.total, pct=pct(s.first_share)),
            "aiact-first-try",
        ),
    ]
    if s.unanswered:
        parts.append(
            f'<p class="aiact-unanswered aiact-wrong">{WRONG} '
            f"{escape(quiz_ui('unanswered_wrong', lang, n=s.unanswered, total=s.total))}</p>"
        )
    if s.pass_mark is not None:
        key, cls, sym = (
            ("passed", "aiact-right", RIGHT) if s.passed else ("not_passed", "aiact-wrong", WRONG)
        )
        msg = quiz_ui(key, lang, pct=pct(s.share), mark=pct(s.pass_mark))
        parts.append(f'<p class="aiact-pass {cls}"><strong>{sym} {escape(msg)}</strong></p>')
    parts.append(f'<p class="aiact-band">{escape(s.message)}</p>')
    rows = []
    for t in s.topics:
        link = ""
        if t.topic in lessons:
            label, href = lessons[t.topic]
            link = (
                f'<a href="{escape(href)}">'
                f"{escape(quiz_ui('reread_lesson', lang, lesson=label))}</a>"
            )
        rows.append(
            f'<tr data-topic="{escape(t.topic)}"><td>{escape(t.label)}</td>'
            f"<td>{escape(quiz_ui('of_right', lang, n=t.correct, total=t.total))}</td>"
            f"<td>{escape(quiz_ui('of_right', lang, n=t.first_try, total=t.total))}</td>"
            f"<td>{link}</td></tr>"
        )
    heads = "".join(
        f'<th scope="col">{escape(quiz_ui(k, lang))}</th>'
        for k in ("topic", "right_col", "first_try_col", "lesson_col")
    )
    caption = escape(quiz_ui("per_topic", lang))
    parts.append(
        f'<p class="aiact-scroll-hint">{escape(quiz_ui("scroll_hint", lang))}</p>'
        f'<div class="aiact-table-scroll" role="region" tabindex="0" aria-label="{caption}">'
        f'<table class="aiact-topics"><caption>{caption}</caption>'
        f"<thead><tr>{heads}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )
    parts.append(paragraph(quiz_ui("score_rule", lang, tries=session.tries), "aiact-score-rule"))
    if not s.wrong and not s.unanswered:
        parts.append(paragraph(quiz_ui("all_right", lang)))
    parts.append("</div>")
    return "".join(parts)


__all__ = [
    "PARTIAL",
    "RIGHT",
    "STYLE",
    "WRONG",
    "error_html",
    "error_message",
    "feedback_html",
    "paragraph",
    "summary_html",
]
