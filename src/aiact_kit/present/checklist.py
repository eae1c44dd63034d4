"""The checklist "before we buy or deploy" (no ipywidgets): the ``procurement`` items of
``content/data/nl_practice.yaml`` grouped by stage. :func:`checklist_html` shows the lines to
answer (the exercise); :func:`checklist_answer_html` each line with what the rules say, cited
(the worked answer). The law stays in the content; this module only orders and escapes it."""

from __future__ import annotations

from html import escape
from typing import Any

from aiact_kit.content import Content, default_content
from aiact_kit.content.text import text
from aiact_kit.content.vocabulary import check_lang
from aiact_kit.present.render import item_html

#: The stages of buying and using a system, in the order a buyer meets them.
STAGES = ("before-buying", "contract", "before-use", "in-use")


class ChecklistError(ValueError):
    """An unknown stage."""


def checklist_items(stage: str | None = None, content: Content | None = None) -> list[Any]:
    """The checklist's items, in stage order (one ``stage`` or all)."""
    if stage is not None and stage not in STAGES:
        raise ChecklistError(f"unknown stage {stage!r}; known stages: {', '.join(STAGES)}")
    content = content or default_content()
    items = [i for i in content.kind("nl_practice") if i.group == "procurement"]
    wanted = STAGES if stage is None else (stage,)
    return [i for s in wanted for i in items if i.stage == s]


def _stages(items: list[Any]) -> list[tuple[str, list[Any]]]:
    return [
        (s, [i for i in items if i.stage == s]) for s in STAGES if any(i.stage == s for i in items)
    ]


def checklist_html(
    stage: str | None = None, lang: str = "nl", content: Content | None = None
) -> str:
    """The checklist lines to answer, numbered, under a heading per stage."""
    check_lang(lang)
    content = content or default_content()
    parts = ['<div class="aiact-checklist">']
    number = 0
    for name, items in _stages(checklist_items(stage, content)):
        parts.append(
            f'<h3>{escape(text(f"nl_practice.stage.{name}", lang))}</h3><ol start="{number + 1}">'
        )
        for item in items:
            number += 1
            parts.append(f"<li>{escape(content.render(item.check, lang))}</li>")
        parts.append("</ol>")
    parts.append("</div>")
    return "".join(parts)


def checklist_answer_html(
    stage: str | None = None, lang: str = "nl", content: Content | None = None
) -> str:
    """Each checklist line with what the rules say about it (cited, status marked)."""
    check_lang(lang)
    content = content or default_content()
    label = escape(text("nl_practice.checklist_answer", lang))
    parts = ['<div class="aiact-checklist aiact-checklist-answer">']
    number = 0
    for name, items in _stages(checklist_items(stage, content)):
        parts.append(f"<h3>{escape(text(f'nl_practice.stage.{name}', lang))}</h3>")
        for item in items:
            number += 1
            check = escape(content.render(item.check, lang))
            parts.append(
                f"<p><strong>{number}. {check}</strong><br><em>{label}:</em></p>"
                f"{item_html(item, lang, content)}"
            )
    parts.append("</div>")
    return "".join(parts)


__all__ = ["STAGES", "ChecklistError", "checklist_items", "checklist_html", "checklist_answer_html"]
