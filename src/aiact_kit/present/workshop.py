"""The workshop pages' HTML and text (no ipywidgets): status lines, the messages of store
errors, and the facilitator dashboard's blocks (header, overview, participants, participation
summary, export link, delete confirmation); a question's block with its answer chart is in
:mod:`aiact_kit.present.workshop_questions`. Every string comes from the text catalogue
(``workshop.*``); every value a participant or facilitator typed is escaped.
"""

from __future__ import annotations

import base64
import logging
from html import escape
from typing import Any

from aiact_kit.content.text import text
from aiact_kit.engines.workshop import (
    PSEUDONYM_MAX,
    AccessDenied,
    InvalidInput,
    InvalidPseudonym,
    NicknameTaken,
    SessionInfo,
    SessionNotFound,
    SessionReport,
    SessionStats,
    StoreUnavailable,
    UnknownParticipant,
    summary_lines,
    summary_text,
    topic_name,
)
from aiact_kit.present.theme import style

log = logging.getLogger(__name__)

STYLE = style(
    """
.aiact-ws-status{margin:.3em 0}
.aiact-ws-error{color:var(--aiact-wrong);font-weight:bold}
.aiact-ws-ok{color:var(--aiact-right)}
.aiact-ws-save{position:sticky;bottom:0;z-index:2;background:var(--aiact-bg)}
.aiact-ws-q{margin:1em 0 .5em 0;line-height:1.45}
.aiact-ws-q table{border-collapse:collapse;margin-top:.3em}
.aiact-ws-q th,.aiact-ws-q td{border:1px solid var(--aiact-border);padding:.15em .5em;
text-align:left}
.aiact-ws-q img{max-width:100%;height:auto}
""",
)

# InvalidPseudonym.reason -> the message that explains it
_REASON_KEYS = {
    "empty": "err_empty",
    "too_long": "err_too_long",
    "control": "err_control",
    "invisible": "err_invisible",
}


def t(key: str, lang: str, **fields: Any) -> str:
    """The workshop text ``workshop.<key>`` in ``lang`` (raw: escape unless it is HTML)."""
    return text(f"workshop.{key}", lang, **fields)


def counted(name: str, n: int, lang: str) -> str:
    """``n`` with its noun: ``counted("answers_n", 1, "nl") == "1 antwoord"``."""
    return t(f"{name}_one" if n == 1 else name, lang, n=n)


def status_html(text_html: str, kind: str = "info") -> str:
    """A status line (a polite live region); ``text_html`` is HTML (already escaped)."""
    cls = {"error": "aiact-ws-error", "ok": "aiact-ws-ok"}.get(kind, "")
    prefix = "⚠ " if kind == "error" else ""
    return (
        f'<div class="aiact-ws-status {cls}" role="status" aria-live="polite">'
        f"{prefix}{text_html}</div>"
    )


def error_text(exc: BaseException, lang: str) -> str:
    """A learner-facing message for a store error (escaped HTML)."""
    if isinstance(exc, InvalidPseudonym):
        key = _REASON_KEYS.get(exc.reason, "err_control")
        return escape(t(key, lang, limit=exc.limit or PSEUDONYM_MAX))
    if isinstance(exc, NicknameTaken):
        return escape(t("err_taken_locked" if exc.locked else "err_taken", lang))
    if isinstance(exc, SessionNotFound):
        msg = str(exc)
        return escape(t("err_code_empty" if "enter a session code" in msg else "err_code", lang))
    if isinstance(exc, UnknownParticipant):
        return escape(t("err_gone", lang))
    if isinstance(exc, AccessDenied):
        return escape(t("err_token", lang))
    if isinstance(exc, StoreUnavailable):
        return escape(t("err_unavailable", lang))
    if isinstance(exc, InvalidInput):
        return escape(t("err_answer", lang, detail=str(exc)))
    return escape(t("err_other", lang))


# -- the dashboard's blocks -------------------------------------------------------------------
def header_html(info: SessionInfo, lang: str, refresh_interval: float | None) -> str:
    """The session's title and code, its quiz, and how often the results update."""
    quiz = ", ".join(topic_name(topic, lang) for topic in info.quiz)
    quiz_line = f"<p>{escape(t('session_quiz', lang))}: {escape(quiz)}</p>" if quiz else ""
    live = ""
    if refresh_interval:
        seconds = f"{refresh_interval:g}"
        live = f"<p>{escape(t('live', lang, seconds=seconds))}</p>"
    return (
        f"<h2>{escape(info.title)} <small>({escape(t('code', lang))}: "
        f"{escape(info.code)})</small></h2>{quiz_line}{live}"
    )


def overview_html(stats: SessionStats, lang: str) -> str:
    """Participants, how many answered, and the answers stored, in one line."""
    line = t(
        "overview",
        lang,
        participants=counted("participants_n", stats.participants, lang),
        active=counted("active_n", stats.active_participants, lang),
        answers=counted("answers_n", stats.answers, lang),
    )
    return f"<p>{escape(line)}</p>"


def participants_html(report: SessionReport, lang: str) -> str:
    """Everyone who joined, by number and pseudonym (escaped, in ``<bdi>``)."""
    people = report.participants
    heading = f"<h3>{escape(t('participants', lang))}</h3>"
    if not people:
        return f"{heading}<p>{escape(t('no_participants', lang))}</p>"
    items = "".join(
        "<li>"
        + t(
            "participant_row",
            lang,
            number=p.number,
            name=f"<bdi>{escape(p.pseudonym)}</bdi>",
            answered=counted("questions_n", p.answered, lang),
        )
        + "</li>"
        for p in people
    )
    return f"{heading}<ul>{items}</ul>"


def summary_html(report: SessionReport, lang: str) -> str:
    """The participation summary (Art. 4 AI Act) as a table with its note."""
    rows = "".join(
        f"<tr><th scope='row'>{escape(label)}</th><td>{escape(value)}</td></tr>"
        for label, value in summary_lines(report.summary, lang)
    )
    return (
        f"<h3>{escape(summary_text('heading', lang))}</h3><table>{rows}</table>"
        f"<p>{escape(summary_text('note', lang))}</p>"
    )


def export_link_html(code: str, csv_text: str, lang: str) -> str:
    """A download link that holds the anonymous CSV export itself (a data: URL)."""
    data = base64.b64encode(csv_text.encode("utf-8")).decode("ascii")
    rows = max(csv_text.count("\n") - 1, 0)
    name = f"aiact-kit-results-{code}.csv"
    return (
        f'<p><a download="{escape(name)}" href="data:text/csv;charset=utf-8;base64,{data}">'
        f"{escape(t('export_link', lang, rows=rows))}</a></p>"
    )


def delete_confirm_html(code: str, lang: str) -> str:
    """The question before a session is deleted for good."""
    return "<p><strong>" + escape(t("delete_confirm", lang, code=code)) + "</strong></p>"


def deleted_text(code: str, counts: dict[str, int], lang: str) -> str:
    """What was deleted with the session (escaped HTML)."""
    return escape(
        t(
            "deleted",
            lang,
            code=code,
            answers=counted("answers_n", counts["answers"], lang),
            participants=counted("participants_n", counts["participants"], lang),
        )
    )


__all__ = [
    "STYLE",
    "counted",
    "delete_confirm_html",
    "deleted_text",
    "error_text",
    "export_link_html",
    "header_html",
    "overview_html",
    "participants_html",
    "status_html",
    "summary_html",
    "t",
]
