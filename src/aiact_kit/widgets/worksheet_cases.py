"""Worksheet blocks for the cases of ``content/data/cases.yaml``: :func:`case_card` (the task: the
scenario and the questions to answer) and :func:`case_solution` (the expected outcome from the
content, its explanation, and the kit's decision tree walked along the case's answer path).

Same frame and style as the other worksheet blocks (:mod:`aiact_kit.widgets.worksheet`); every
text is escaped. The ``*_html`` functions return the markup itself (for tests and exports).
"""

from __future__ import annotations

from html import escape
from typing import Any

from aiact_kit.content import Content, default_content
from aiact_kit.content.citations import parse_citation
from aiact_kit.content.vocabulary import check_lang, format_date
from aiact_kit.engines.decision import case_ids, default_tree, walk
from aiact_kit.present.decision_report import group_heading, path_html, risk_group_name, role_name
from aiact_kit.present.decision_report import t as decision_word
from aiact_kit.present.render import citations_html
from aiact_kit.present.static import StaticHTML
from aiact_kit.widgets.worksheet import STYLE, WorksheetInputError, frame_html, sheet_text


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
        f"<li>{escape(sheet_text(k, lang))}</li>"
        for k in ("case_q_applies", "case_q_roles", "case_q_risk", "case_q_start")
    )
    inner = (
        f"<p><strong>{escape(content.render(case.title, lang))}</strong></p>"
        f"<p>{escape(content.render(case.scenario, lang))}</p>"
        f"<p>{escape(sheet_text('case_tasks', lang))}</p><ol>{questions}</ol>"
    )
    return frame_html(inner, lang)


def case_solution_html(case_id: str, lang: str = "nl", content: Content | None = None) -> str:
    """The expected outcome of a case from the content (applies, roles, risk group, legal
    basis, first obligation date), its worked explanation, and the outcome of walking its
    answer path through the kit's decision tree: conclusion and obligations by start date."""
    check_lang(lang)
    content = content or default_content()
    case = _case(case_id, content)
    exp = case.expected
    roles = ", ".join(role_name(r, lang) for r in exp.roles) or sheet_text("no_role", lang)
    points = ", ".join(parse_citation(p).label(lang) for p in exp.points) or "\u2014"
    if exp.start is not None:
        when = format_date(content.milestone_date(str(exp.start)), lang)
        title = content.render(content.get(str(exp.start), "timeline").title, lang)
        start = f"{when} ({title})"
    else:
        start = sheet_text("no_start", lang)
    rows = [
        (decision_word("applies", lang), decision_word("yes" if exp.applies else "no", lang)),
        (decision_word("roles", lang), roles),
        (decision_word("risk_group", lang), risk_group_name(exp.risk_group, lang)),
        (decision_word("legal_basis", lang), points),
        (sheet_text("first_duty", lang), start),
    ]
    table = "".join(
        f'<tr><th scope="row">{escape(a)}</th><td>{escape(b)}</td></tr>' for a, b in rows
    )
    session = walk(default_tree(), [(p.question, p.answer) for p in case.answer_path], content)
    caption = escape(sheet_text("expected", lang))
    inner = (
        f"<p><strong>{escape(content.render(case.title, lang))}</strong></p>"
        f'<table class="aiact-ws-expected"><caption>{caption}</caption>'
        f"<tbody>{table}</tbody></table>"
        f"<p><strong>{escape(sheet_text('explanation', lang))}:</strong> "
        f"{escape(content.render(case.explanation, lang))} "
        f"{citations_html(list(case.citations), lang)}</p>"
        f"<details><summary>{escape(sheet_text('walked_path', lang))}</summary>"
        f"{path_html(session, lang)}</details>"
        f"{_obligations_by_date(session, lang, content)}"
    )
    return frame_html(inner, lang, answer=True)


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


def case_card(case_id: str, lang: str = "nl") -> StaticHTML:
    """A case from ``content/data/cases.yaml`` as a worksheet task (scenario and questions)."""
    return StaticHTML(case_card_html(case_id, lang), STYLE)


def case_solution(case_id: str, lang: str = "nl") -> StaticHTML:
    """The worked answer to a case: expected outcome, explanation, obligations by date."""
    return StaticHTML(case_solution_html(case_id, lang), STYLE)


__all__ = ["case_card", "case_solution", "case_card_html", "case_solution_html"]
