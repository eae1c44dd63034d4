"""Worksheet blocks: a task as the learner sees it, and its worked answer, both from the content.

Worksheets (``worksheets/<lang>/*.md``, built into ``exercises/`` and ``solutions/`` by
``aiact-kit build-exercises``) pair an *exercise* cell with a *solution* cell. These helpers
render both halves from the same data, so a worksheet never writes an answer, a date or a legal
fact itself:

- quiz questions (e.g. the role puzzles): :func:`question_card` shows the situation and the
  options without the answer; :func:`question_answer` the right answer, the explanation and
  the sources (via :func:`aiact_kit.engines.quiz.right_answer`);
- "what applies when": :func:`applies_question` asks what applies on a milestone's date to a
  kind of system; :func:`applies_answer` shows the timeline engine's answer
  (:func:`aiact_kit.engines.timeline.applies_on`) in the explorer's panel format;
- cases from ``content/data/cases.yaml``: :func:`case_card` and :func:`case_solution`, in
  :mod:`aiact_kit.widgets.worksheet_cases` (which shares this module's frame and style).

The views hold no legal knowledge: they render content and engine results. Every text is
escaped. Each public function returns static HTML display output (:class:`StaticHTML`); the
``*_html`` functions return the markup itself (for tests and exports). Bad input raises a
``ValueError`` subclass that names the problem (an unknown question, case, milestone or kind).
"""

from __future__ import annotations

from datetime import date, timedelta
from html import escape
from typing import Any

from aiact_kit.content import Content, default_content
from aiact_kit.content.text import text
from aiact_kit.content.vocabulary import check_lang, format_date
from aiact_kit.engines import timeline as engine
from aiact_kit.engines.quiz import answer_lines, build_view, right_answer
from aiact_kit.present.render import citations_html, status_html
from aiact_kit.present.static import StaticHTML
from aiact_kit.present.theme import style

STYLE = style(
    """
.aiact-worksheet{max-width:52em;line-height:1.5;border-left:4px solid var(--aiact-border);
padding:.2em 0 .2em .8em;margin:.4em 0}
.aiact-worksheet .aiact-ws-label{font-weight:600;text-transform:uppercase;font-size:.85em;
letter-spacing:.03em;color:var(--aiact-muted)}
.aiact-worksheet ol,.aiact-worksheet ul{margin:.2em 0 .6em 1.4em;padding:0}
.aiact-worksheet .aiact-cite{color:var(--aiact-muted);font-size:.9em}
.aiact-worksheet .aiact-reported{color:var(--aiact-reported);font-size:.9em}
.aiact-worksheet.aiact-ws-answer{border-left-color:var(--aiact-right)}
.aiact-worksheet table.aiact-ws-expected{border-collapse:collapse;margin:.3em 0 .8em 0}
.aiact-worksheet table.aiact-ws-expected caption{text-align:left;font-weight:600;padding:.2em 0}
.aiact-worksheet table.aiact-ws-expected th,.aiact-worksheet table.aiact-ws-expected td{
border:1px solid var(--aiact-border);padding:.25em .6em;text-align:left;vertical-align:top;
overflow-wrap:anywhere;hyphens:auto}
""",
)

FLAGS = ("on_market_before", "public_authority", "generative", "significant_change")


class WorksheetInputError(ValueError):
    """A worksheet helper was called with something the content does not have."""


def sheet_text(key: str, lang: str, **fields: Any) -> str:
    """The worksheet text ``worksheet.<key>`` in ``lang`` (see :mod:`aiact_kit.content.text`)."""
    return text(f"worksheet.{key}", check_lang(lang), **fields)


def frame_html(inner: str, lang: str, answer: bool = False) -> str:
    """``inner`` in the frame of a task (or, with ``answer``, of a worked answer)."""
    cls = "aiact-worksheet aiact-ws-answer" if answer else "aiact-worksheet"
    label = sheet_text("answer" if answer else "task", lang)
    return (
        f'<div class="{cls}" role="region" aria-label="{escape(label, quote=True)}">'
        f'<p class="aiact-ws-label">{escape(label)}</p>{inner}</div>'
    )


# -- quiz questions ---------------------------------------------------------------------------
def _question(question_id: str, content: Content) -> Any:
    try:
        return content.get(question_id, "questions")
    except KeyError:
        raise WorksheetInputError(f"unknown question id {question_id!r}") from None


def question_card_html(question_id: str, lang: str = "nl", content: Content | None = None) -> str:
    """The question as a task on paper: prompt (and scenario) with its options, no answer."""
    check_lang(lang)
    content = content or default_content()
    q = _question(question_id, content)
    view = build_view(q, lang, content)  # content order, no shuffling
    parts = []
    if view.scenario:
        parts.append(f"<p>{escape(view.scenario)}</p>")
    parts.append(f"<p><strong>{escape(view.prompt)}</strong>{status_html(view.status, lang)}</p>")
    if view.type == "true_false":
        parts.append(f"<p>{escape(sheet_text('true_false', lang))}</p>")
    elif view.choices:
        items = "".join(f"<li>{escape(c.text)}</li>" for c in view.choices)
        options = escape(sheet_text("options", lang), quote=True)
        parts.append(f'<ul aria-label="{options}">{items}</ul>')
    elif view.lefts:
        lefts = "".join(f"<li>{escape(c.text)}</li>" for c in view.lefts)
        rights = "".join(f"<li>{escape(c.text)}</li>" for c in view.rights)
        parts.append(
            f"<p>{escape(sheet_text('match_left', lang))}:</p><ul>{lefts}</ul>"
            f"<p>{escape(sheet_text('match_right', lang))}:</p><ul>{rights}</ul>"
        )
    elif view.steps:
        steps = "".join(f"<li>{escape(c.text)}</li>" for c in view.steps)
        parts.append(f"<p>{escape(sheet_text('order_steps', lang))}:</p><ul>{steps}</ul>")
    for part in view.parts:
        opts = "".join(f"<li>{escape(c.text)}</li>" for c in part.choices)
        parts.append(f"<p>{escape(part.label)}</p><ul>{opts}</ul>")
    return frame_html("".join(parts), lang)


def question_answer_html(question_id: str, lang: str = "nl", content: Content | None = None) -> str:
    """The right answer to a question, with the explanation and the sources."""
    check_lang(lang)
    content = content or default_content()
    q = _question(question_id, content)
    view = build_view(q, lang, content)
    lines = answer_lines(view, right_answer(q, content))
    tag = "ol" if q.type == "ordering" else "ul"
    items = "".join(f"<li>{escape(line)}</li>" for line in lines)
    explanation = content.render(q.explanation, lang, q.version)
    inner = (
        f"<p><strong>{escape(sheet_text('right_answer', lang))}:</strong></p><{tag}>{items}</{tag}>"
        f"<p><strong>{escape(sheet_text('explanation', lang))}:</strong> {escape(explanation)} "
        f"{citations_html(list(q.citations), lang)}{status_html(q.status, lang)}</p>"
    )
    return frame_html(inner, lang, answer=True)


def question_card(question_id: str, lang: str = "nl") -> StaticHTML:
    """A quiz question as a worksheet task (no answer shown)."""
    return StaticHTML(question_card_html(question_id, lang), STYLE)


def question_answer(question_id: str, lang: str = "nl") -> StaticHTML:
    """The worked answer to a quiz question: right answer, explanation, sources."""
    return StaticHTML(question_answer_html(question_id, lang), STYLE)


# -- what applies when ------------------------------------------------------------------------
def resolve_day(
    day: str | date,
    version: str = "amended",
    offset_days: int = 0,
    content: Content | None = None,
) -> tuple[date, str | None]:
    """(the day, the milestone id or None) for ``day`` = a milestone id (its date in
    ``version``) or a date (``date`` or ``YYYY-MM-DD``), shifted by ``offset_days``."""
    content = content or default_content()
    engine.check_version(version)
    if isinstance(offset_days, bool) or not isinstance(offset_days, int):
        raise WorksheetInputError(f"offset_days must be a whole number, got {offset_days!r}")
    milestone = None
    if isinstance(day, str) and day in content.items.get("timeline", {}):
        milestone = day
        found = content.milestone_date(day, version)
        if found is None:
            raise WorksheetInputError(
                f"milestone {day!r} has no date in the {version} version of the law"
            )
    else:
        try:
            found = engine.parse_day(day)
        except (ValueError, TypeError):
            known = ", ".join(sorted(content.items.get("timeline", {})))
            raise WorksheetInputError(
                f"{day!r} is neither a milestone id ({known}) nor a date YYYY-MM-DD"
            ) from None
    return found + timedelta(days=offset_days), milestone


def _timeline_views() -> Any:
    """The timeline views (their words, style and result panel), imported when a timeline task
    is shown: a case worksheet page does not need them (nor the quiz schema they import)."""
    from aiact_kit.widgets import timeline

    return timeline


def _situation(flags: dict[str, bool], lang: str) -> str:
    chosen = [_timeline_views().WORDS[lang][name] for name in FLAGS if flags.get(name)]
    return "; ".join(chosen) if chosen else sheet_text("no_flags", lang)


def _check_flags(flags: dict[str, Any]) -> dict[str, bool]:
    unknown = sorted(set(flags) - set(FLAGS))
    if unknown:
        raise WorksheetInputError(
            f"unknown situation flag(s) {', '.join(unknown)}; known: {', '.join(FLAGS)}"
        )
    return {name: bool(flags.get(name, False)) for name in FLAGS}


def applies_question_html(
    day: str | date,
    kind: str,
    lang: str = "nl",
    *,
    version: str = "amended",
    offset_days: int = 0,
    content: Content | None = None,
    **flags: bool,
) -> str:
    """The task "what applies on this day to this kind of system?" with the date taken from the
    timeline (``day`` is a milestone id, see :func:`resolve_day`)."""
    check_lang(lang)
    content = content or default_content()
    engine.check_kind(kind)
    flags = _check_flags(flags)
    when, milestone = resolve_day(day, version, offset_days, content)
    day_text = format_date(when, lang)
    if milestone is not None:
        title = content.render(content.get(milestone, "timeline").title, lang, version)
        if offset_days == -1:
            title = f"{sheet_text('day_before', lang)}: {title}"
        elif offset_days > 0:
            title = f"{sheet_text('days_after', lang, n=offset_days)}: {title}"
        elif offset_days < 0:
            title = f"{sheet_text('days_before', lang, n=-offset_days)}: {title}"
        question = sheet_text("applies_q", lang, day=day_text, milestone=title)
    else:
        question = sheet_text("applies_q_plain", lang, day=day_text)
    rows = [
        ("kind", engine.kind_label(kind, lang)),
        ("situation", _situation(flags, lang)),
        ("version", engine.version_label(version, lang)),
    ]
    items = "".join(f"<li>{escape(sheet_text(k, lang))}: {escape(v)}</li>" for k, v in rows)
    inner = (
        f"<p><strong>{escape(question)}</strong></p><ul>{items}</ul>"
        f"<p>{escape(sheet_text('write_answer', lang))}</p>"
    )
    return frame_html(inner, lang)


def applies_answer_html(
    day: str | date,
    kind: str,
    lang: str = "nl",
    *,
    version: str = "amended",
    offset_days: int = 0,
    content: Content | None = None,
    **flags: bool,
) -> str:
    """The timeline engine's answer for the same task (the explorer's panel)."""
    check_lang(lang)
    content = content or default_content()
    flags = _check_flags(flags)
    when, _ = resolve_day(day, version, offset_days, content)
    result = engine.applies_on(when, kind, version=version, content=content, **flags)
    return frame_html(
        f'<div class="aiact-timeline-panel">{_timeline_views().result_html(result, lang)}</div>',
        lang,
        answer=True,
    )


def applies_question(day: str | date, kind: str, lang: str = "nl", **options: Any) -> StaticHTML:
    """Task: what applies on ``day`` (a milestone id) to a system of ``kind``? Options:
    ``version``, ``offset_days`` and the situation flags ``on_market_before``,
    ``public_authority``, ``generative``, ``significant_change``."""
    return StaticHTML(applies_question_html(day, kind, lang, **options), STYLE)


def applies_answer(day: str | date, kind: str, lang: str = "nl", **options: Any) -> StaticHTML:
    """Worked answer: what the timeline engine says applies (same arguments as the task)."""
    return StaticHTML(
        applies_answer_html(day, kind, lang, **options), STYLE + _timeline_views().STYLE
    )


__all__ = [
    "STYLE",
    "WorksheetInputError",
    "frame_html",
    "sheet_text",
    "question_card",
    "question_answer",
    "question_card_html",
    "question_answer_html",
    "resolve_day",
    "applies_question",
    "applies_answer",
    "applies_question_html",
    "applies_answer_html",
]
