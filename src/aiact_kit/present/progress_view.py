"""The learner's self-study progress as HTML (no ipywidgets): the overview per lesson
(:func:`progress`, a notebook call) and the lines a quiz shows about earlier answers and a
finished lesson. Reads :mod:`aiact_kit.engines.progress`; every text comes from the catalogue
(``content/text/progress.yaml``) and is escaped.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any

from aiact_kit.content.text import text
from aiact_kit.content.vocabulary import check_lang, format_date
from aiact_kit.engines import progress as engine
from aiact_kit.engines.course import lesson_label, outline
from aiact_kit.present.static import StaticHTML
from aiact_kit.present.theme import style

STYLE = style(
    """
.aiact-progress{max-width:52em;line-height:1.5}
.aiact-progress table{border-collapse:collapse;margin:.3em 0}
.aiact-progress caption{text-align:left;font-weight:600;padding:.2em 0}
.aiact-progress th,.aiact-progress td{border:1px solid var(--aiact-border);padding:.25em .6em;
text-align:left;vertical-align:top}
.aiact-progress .aiact-finished{color:var(--aiact-right);font-weight:600}
"""
)


def t(key: str, lang: str, **fields: Any) -> str:
    """The text ``progress.<key>`` in ``lang``."""
    return text(f"progress.{key}", check_lang(lang), **fields)


def when(at: str, lang: str) -> str:
    """An ISO time of the progress file as a date in the learner's time zone."""
    return format_date(datetime.fromisoformat(at).astimezone().date(), lang)


def earlier_html(p: engine.QuestionProgress, lang: str) -> str:
    """The line above the feedback of a question answered in an earlier session."""
    line = t("earlier", lang, date=when(p.last_answered, lang))
    return f'<p class="aiact-earlier">{escape(line)}</p>'


def resumed_html(n: int, total: int, restart: str, lang: str) -> str:
    """The note at the top of a quiz that was resumed with ``n`` earlier answers."""
    line = t("resumed", lang, n=n, total=total, restart=restart)
    return f'<p class="aiact-resumed">{escape(line)}</p>'


def finished_html(page: engine.PageProgress | None, lang: str) -> str:
    """ "You finished this lesson on ..." when every question of the page is answered, else ""."""
    if page is None or page.finished_at is None:
        return ""
    line = t("lesson_finished", lang, date=when(page.finished_at, lang))
    return f'<p class="aiact-lesson-finished" role="status"><strong>{escape(line)}</strong></p>'


def overview_html(store: engine.ProgressStore | None, lang: str = "nl") -> str:
    """Progress per lesson: questions answered, answered right, and not started / in progress
    / finished on (date)."""
    check_lang(lang)
    head = f"<h2>{escape(t('title', lang))}</h2>"
    if store is None:
        return f'<div class="aiact-progress">{head}<p>{escape(t("not_kept", lang))}</p></div>'
    o = outline()
    rows = []
    started = False
    for item in o.lessons():
        page = store.page_progress(item.id)
        label = escape(lesson_label(item, lang))
        if not page.total:
            cells = ["", "", escape(t("not_started", lang))]
        else:
            started = started or page.answered > 0
            if page.finished_at:
                done = t("finished_on", lang, date=when(page.finished_at, lang))
                status = f'<span class="aiact-finished">{escape(done)}</span>'
            else:
                status = escape(t("in_progress" if page.answered else "not_started", lang))
            cells = [
                escape(t("answered_of", lang, n=page.answered, total=page.total)),
                escape(t("answered_of", lang, n=page.correct, total=page.total)),
                status,
            ]
        rows.append(
            f'<tr><th scope="row">{label}</th>{"".join(f"<td>{c}</td>" for c in cells)}</tr>'
        )
    cols = "".join(
        f'<th scope="col">{escape(t(k, lang))}</th>'
        for k in ("col_lesson", "col_answered", "col_right", "col_status")
    )
    note = "" if started else f"<p>{escape(t('empty', lang))}</p>"
    return (
        f'<div class="aiact-progress">{head}{note}<table><caption>{escape(t("caption", lang))}'
        f"</caption><thead><tr>{cols}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def progress(lang: str = "nl") -> StaticHTML:
    """The learner's progress per lesson (from the local progress file), as a table."""
    return StaticHTML(overview_html(engine.default_progress(), lang), STYLE)


__all__ = ["progress", "overview_html", "finished_html", "resumed_html", "earlier_html", "when"]
