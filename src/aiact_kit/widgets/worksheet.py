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
- cases from ``content/cases.yaml``: :func:`case_card` and :func:`case_solution`.

The views hold no legal knowledge: they render content and engine results. Every text is
escaped. Each public function returns a ``widgets.HTML``; the ``*_html`` functions return the
markup itself (for tests and exports). Bad input raises a ``ValueError`` subclass that names the
problem (an unknown question, case, milestone or kind).
"""

from __future__ import annotations

from datetime import date, timedelta
from html import escape
from typing import Any

import ipywidgets as widgets

from aiact_kit.content import Content, default_content
from aiact_kit.content.citations import parse_citation
from aiact_kit.content.vocabulary import check_lang, format_date
from aiact_kit.engines import timeline as engine
from aiact_kit.engines.decision import case_ids, default_tree, walk
from aiact_kit.engines.quiz import QuizError, build_view, quiz_ui, right_answer
from aiact_kit.present.decision_report import group_heading, path_html, risk_group_name, role_name
from aiact_kit.present.decision_report import t as decision_word
from aiact_kit.present.render import citations_html, status_html

STYLE = """<style>
.aiact-worksheet{max-width:52em;line-height:1.5;border-left:4px solid #767676;
padding:.2em 0 .2em .8em;margin:.4em 0}
.aiact-worksheet .aiact-ws-label{font-weight:600;text-transform:uppercase;font-size:.85em;
letter-spacing:.03em;color:#333}
.aiact-worksheet ol,.aiact-worksheet ul{margin:.2em 0 .6em 1.4em;padding:0}
.aiact-worksheet .aiact-cite{color:#333;font-size:.9em}
.aiact-worksheet .aiact-reported{color:#6b3a00;font-size:.9em}
.aiact-worksheet.aiact-ws-answer{border-left-color:#185c18}
.aiact-worksheet table.aiact-ws-expected{border-collapse:collapse;margin:.3em 0 .8em 0}
.aiact-worksheet table.aiact-ws-expected caption{text-align:left;font-weight:600;padding:.2em 0}
.aiact-worksheet table.aiact-ws-expected th,.aiact-worksheet table.aiact-ws-expected td{
border:1px solid #767676;padding:.25em .6em;text-align:left;vertical-align:top;
overflow-wrap:anywhere;hyphens:auto}
</style>"""

WORDS: dict[str, dict[str, str]] = {
    "nl": {
        "task": "Opdracht",
        "answer": "Uitwerking",
        "right_answer": "Het juiste antwoord",
        "explanation": "Uitleg",
        "options": "Antwoordmogelijkheden",
        "true_false": "Waar of niet waar?",
        "match_left": "Koppel",
        "match_right": "aan een van deze omschrijvingen",
        "order_steps": "Zet deze stappen in de goede volgorde",
        "case": "Casus",
        "applies_q": "Wat geldt er op {day} ({milestone}) voor dit systeem?",
        "applies_q_plain": "Wat geldt er op {day} voor dit systeem?",
        "kind": "Soort systeem",
        "situation": "Situatie",
        "no_flags": "nieuw systeem, niet eerder in de handel",
        "version": "Versie van de wet",
        "day_before": "de dag vóór",
        "days_after": "{n} dagen na",
        "days_before": "{n} dagen vóór",
        "write_answer": "Noteer welke regels al gelden, welke nog niet, en vanaf wanneer.",
        "case_tasks": "Bepaal voor deze casus:",
        "case_q_applies": "Geldt de AI-verordening voor dit systeem?",
        "case_q_roles": "Welke rol of rollen heeft de organisatie?",
        "case_q_risk": "In welke risicogroep valt het systeem, en op grond van welk artikel?",
        "case_q_start": "Welke plichten gelden, en vanaf wanneer?",
        "expected": "Verwachte uitkomst",
        "no_role": "geen rol onder de AI-verordening",
        "first_duty": "Eerste specifieke plicht vanaf",
        "no_start": "geen (de verordening stelt hier geen eigen plichten)",
        "walked_path": "Het pad door de beslishulp",
    },
    "en": {
        "task": "Task",
        "answer": "Worked answer",
        "right_answer": "The right answer",
        "explanation": "Explanation",
        "options": "Options",
        "true_false": "True or false?",
        "match_left": "Match",
        "match_right": "to one of these descriptions",
        "order_steps": "Put these steps in the right order",
        "case": "Case",
        "applies_q": "What applies on {day} ({milestone}) to this system?",
        "applies_q_plain": "What applies on {day} to this system?",
        "kind": "Kind of system",
        "situation": "Situation",
        "no_flags": "new system, not on the market before",
        "version": "Version of the law",
        "day_before": "the day before",
        "days_after": "{n} days after",
        "days_before": "{n} days before",
        "write_answer": "Note which rules already apply, which do not yet, and from when.",
        "case_tasks": "For this case, decide:",
        "case_q_applies": "Does the AI Act apply to this system?",
        "case_q_roles": "Which role or roles does the organisation have?",
        "case_q_risk": "Which risk group does the system fall into, and under which article?",
        "case_q_start": "Which obligations apply, and from when?",
        "expected": "Expected outcome",
        "no_role": "no role under the AI Act",
        "first_duty": "First specific obligation from",
        "no_start": "none (the Regulation sets no duties of its own here)",
        "walked_path": "The path through the decision aid",
    },
}

FLAGS = ("on_market_before", "public_authority", "generative", "significant_change")


class WorksheetInputError(ValueError):
    """A worksheet helper was called with something the content does not have."""


def _w(key: str, lang: str) -> str:
    check_lang(lang)
    return WORDS[lang][key]


def _box(inner: str, lang: str, answer: bool = False) -> str:
    cls = "aiact-worksheet aiact-ws-answer" if answer else "aiact-worksheet"
    label = _w("answer" if answer else "task", lang)
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
        parts.append(f"<p>{escape(_w('true_false', lang))}</p>")
    elif view.choices:
        items = "".join(f"<li>{escape(c.text)}</li>" for c in view.choices)
        parts.append(f'<ul aria-label="{escape(_w("options", lang), quote=True)}">{items}</ul>')
    elif view.lefts:
        lefts = "".join(f"<li>{escape(c.text)}</li>" for c in view.lefts)
        rights = "".join(f"<li>{escape(c.text)}</li>" for c in view.rights)
        parts.append(
            f"<p>{escape(_w('match_left', lang))}:</p><ul>{lefts}</ul>"
            f"<p>{escape(_w('match_right', lang))}:</p><ul>{rights}</ul>"
        )
    elif view.steps:
        steps = "".join(f"<li>{escape(c.text)}</li>" for c in view.steps)
        parts.append(f"<p>{escape(_w('order_steps', lang))}:</p><ul>{steps}</ul>")
    for part in view.parts:
        opts = "".join(f"<li>{escape(c.text)}</li>" for c in part.choices)
        parts.append(f"<p>{escape(part.label)}</p><ul>{opts}</ul>")
    return _box("".join(parts), lang)


def _answer_lines(q: Any, view: Any, lang: str, content: Content) -> list[str]:
    """The right answer as readable lines (texts, not ids)."""
    answer = right_answer(q, content)
    t = q.type
    if t in ("single", "date"):
        return [next(c.text for c in view.choices if c.id == answer)]
    if t == "multiple":
        return [c.text for c in view.choices if c.id in answer]
    if t == "true_false":
        return [quiz_ui("true" if answer else "false", lang)]
    if t == "matching":
        rights = {c.id: c.text for c in view.rights}
        return [f"{c.text} \u2192 {rights[answer[c.id]]}" for c in view.lefts]
    if t == "ordering":
        steps = {c.id: c.text for c in view.steps}
        return [steps[s] for s in answer]
    if t == "scenario":
        return [
            f"{p.label} \u2192 {next(c.text for c in p.choices if c.id == answer[p.id])}"
            for p in view.parts
        ]
    raise QuizError(f"unknown question type {t!r}", question_id=q.id)  # pragma: no cover


def question_answer_html(question_id: str, lang: str = "nl", content: Content | None = None) -> str:
    """The right answer to a question, with the explanation and the sources."""
    check_lang(lang)
    content = content or default_content()
    q = _question(question_id, content)
    view = build_view(q, lang, content)
    lines = _answer_lines(q, view, lang, content)
    tag = "ol" if q.type == "ordering" else "ul"
    items = "".join(f"<li>{escape(line)}</li>" for line in lines)
    explanation = content.render(q.explanation, lang, q.version)
    inner = (
        f"<p><strong>{escape(_w('right_answer', lang))}:</strong></p><{tag}>{items}</{tag}>"
        f"<p><strong>{escape(_w('explanation', lang))}:</strong> {escape(explanation)} "
        f"{citations_html(list(q.citations), lang)}{status_html(q.status, lang)}</p>"
    )
    return _box(inner, lang, answer=True)


def question_card(question_id: str, lang: str = "nl") -> widgets.HTML:
    """A quiz question as a worksheet task (no answer shown)."""
    return widgets.HTML(value=STYLE + question_card_html(question_id, lang))


def question_answer(question_id: str, lang: str = "nl") -> widgets.HTML:
    """The worked answer to a quiz question: right answer, explanation, sources."""
    return widgets.HTML(value=STYLE + question_answer_html(question_id, lang))


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
    return "; ".join(chosen) if chosen else _w("no_flags", lang)


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
            title = f"{_w('day_before', lang)}: {title}"
        elif offset_days > 0:
            title = f"{_w('days_after', lang).format(n=offset_days)}: {title}"
        elif offset_days < 0:
            title = f"{_w('days_before', lang).format(n=-offset_days)}: {title}"
        question = _w("applies_q", lang).format(day=day_text, milestone=title)
    else:
        question = _w("applies_q_plain", lang).format(day=day_text)
    inner = (
        f"<p><strong>{escape(question)}</strong></p><ul>"
        f"<li>{escape(_w('kind', lang))}: {escape(engine.kind_label(kind, lang))}</li>"
        f"<li>{escape(_w('situation', lang))}: {escape(_situation(flags, lang))}</li>"
        f"<li>{escape(_w('version', lang))}: {escape(engine.version_label(version, lang))}</li>"
        f"</ul><p>{escape(_w('write_answer', lang))}</p>"
    )
    return _box(inner, lang)


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
    return _box(
        f'<div class="aiact-timeline-panel">{_timeline_views().result_html(result, lang)}</div>',
        lang,
        answer=True,
    )


def applies_question(day: str | date, kind: str, lang: str = "nl", **options: Any) -> widgets.HTML:
    """Task: what applies on ``day`` (a milestone id) to a system of ``kind``? Options:
    ``version``, ``offset_days`` and the situation flags ``on_market_before``,
    ``public_authority``, ``generative``, ``significant_change``."""
    return widgets.HTML(value=STYLE + applies_question_html(day, kind, lang, **options))


def applies_answer(day: str | date, kind: str, lang: str = "nl", **options: Any) -> widgets.HTML:
    """Worked answer: what the timeline engine says applies (same arguments as the task)."""
    return widgets.HTML(
        value=STYLE + _timeline_views().STYLE + applies_answer_html(day, kind, lang, **options)
    )


# -- cases ------------------------------------------------------------------------------------
def _case(case_id: str, content: Content) -> Any:
    try:
        return content.get(case_id, "cases")
    except KeyError:
        known = ", ".join(case_ids(content))
        raise WorksheetInputError(f"unknown case id {case_id!r}; known cases: {known}") from None


def case_card_html(case_id: str, lang: str = "nl", content: Content | None = None) -> str:
    """A case as a worksheet task: title, scenario and the questions to answer (no outcome)."""
    check_lang(lang)
    content = content or default_content()
    case = _case(case_id, content)
    questions = "".join(
        f"<li>{escape(_w(k, lang))}</li>"
        for k in ("case_q_applies", "case_q_roles", "case_q_risk", "case_q_start")
    )
    inner = (
        f"<p><strong>{escape(content.render(case.title, lang))}</strong></p>"
        f"<p>{escape(content.render(case.scenario, lang))}</p>"
        f"<p>{escape(_w('case_tasks', lang))}</p><ol>{questions}</ol>"
    )
    return _box(inner, lang)


def case_solution_html(case_id: str, lang: str = "nl", content: Content | None = None) -> str:
    """The expected outcome of a case from the content (applies, roles, risk group, legal
    basis, first obligation date), its worked explanation, and the outcome of walking its
    answer path through the kit's decision tree: conclusion and obligations by start date."""
    check_lang(lang)
    content = content or default_content()
    case = _case(case_id, content)
    exp = case.expected
    roles = ", ".join(role_name(r, lang) for r in exp.roles) or _w("no_role", lang)
    points = ", ".join(parse_citation(p).label(lang) for p in exp.points) or "\u2014"
    if exp.start is not None:
        when = format_date(content.milestone_date(str(exp.start)), lang)
        title = content.render(content.get(str(exp.start), "timeline").title, lang)
        start = f"{when} ({title})"
    else:
        start = _w("no_start", lang)
    rows = [
        (decision_word("applies", lang), decision_word("yes" if exp.applies else "no", lang)),
        (decision_word("roles", lang), roles),
        (decision_word("risk_group", lang), risk_group_name(exp.risk_group, lang)),
        (decision_word("legal_basis", lang), points),
        (_w("first_duty", lang), start),
    ]
    table = "".join(
        f'<tr><th scope="row">{escape(a)}</th><td>{escape(b)}</td></tr>' for a, b in rows
    )
    session = walk(default_tree(), [(p.question, p.answer) for p in case.answer_path], content)
    inner = (
        f"<p><strong>{escape(content.render(case.title, lang))}</strong></p>"
        f'<table class="aiact-ws-expected"><caption>{escape(_w("expected", lang))}</caption>'
        f"<tbody>{table}</tbody></table>"
        f"<p><strong>{escape(_w('explanation', lang))}:</strong> "
        f"{escape(content.render(case.explanation, lang))} "
        f"{citations_html(list(case.citations), lang)}</p>"
        f"<details><summary>{escape(_w('walked_path', lang))}</summary>"
        f"{path_html(session, lang)}</details>"
        f"{_obligations_by_date(session, lang, content)}"
    )
    return _box(inner, lang, answer=True)


def _obligations_by_date(session: Any, lang: str, content: Content) -> str:
    """The obligations of a finished decision-aid walk, grouped by the date they apply from."""
    out = session.outcome()
    parts = [f"<p><strong>{escape(decision_word('obligations', lang))}</strong></p>"]
    groups = out.groups()
    if not groups:
        parts.append(f"<p>{escape(decision_word('no_obligations', lang))}</p>")
    for group in groups:
        items = []
        for timing in group.obligations:
            ob = content.get(timing.obligation_id, "obligations")
            note = ""
            if timing.note is not None:
                note = f"<br><em>{escape(content.render(timing.note, lang))}</em>"
            items.append(
                f'<li id="aiact-ws-ob-{escape(ob.id)}">{escape(content.render(ob.title, lang))} '
                f"{citations_html(list(ob.citations), lang)}{note}</li>"
            )
        parts.append(
            f'<div class="aiact-ws-date-group"><p><em>{escape(group_heading(group, lang))}</em></p>'
            f"<ul>{''.join(items)}</ul></div>"
        )
    return "".join(parts)


def case_card(case_id: str, lang: str = "nl") -> widgets.HTML:
    """A case from ``content/cases.yaml`` as a worksheet task (scenario and questions)."""
    return widgets.HTML(value=STYLE + case_card_html(case_id, lang))


def case_solution(case_id: str, lang: str = "nl") -> widgets.HTML:
    """The worked answer to a case: expected outcome, explanation, obligations by date."""
    return widgets.HTML(value=STYLE + case_solution_html(case_id, lang))


__all__ = [
    "case_card",
    "case_solution",
    "case_card_html",
    "case_solution_html",
    "WorksheetInputError",
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
