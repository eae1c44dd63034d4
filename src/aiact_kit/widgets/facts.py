"""Show content items (facts of the law) in a notebook or Voila page."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from aiact_kit.present.render import items_html, legal_details_html

STYLE = """<style>
.aiact-item{margin:0 0 .8em 0;line-height:1.5}
.aiact-cite{color:#333;font-size:.9em;white-space:normal}
.aiact-reported{color:#6b3a00;font-size:.9em}
details.aiact-legal{border-left:3px solid #767676;padding:.2em 0 .2em .8em;margin:.4em 0 1em 0}
details.aiact-legal>summary{cursor:pointer;font-weight:600;padding:.2em 0;min-height:24px}
</style>"""


def show(
    kind: str,
    ids: list[str] | None = None,
    lang: str = "nl",
    where: dict[str, Any] | None = None,
    version: str = "amended",
    details: bool = True,
) -> widgets.HTML:
    """A block with the content items of ``kind`` (optionally only ``ids`` or ``where``).

    The items are the legal detail of a lesson: with ``details`` (the default) they sit in an
    expandable "Juridische details" / "Legal details" section, closed until the learner opens
    it, so the lesson's plain text comes first; ``details=False`` shows them open."""
    html = items_html(kind, ids, lang, where=where, version=version)
    if details:
        html = legal_details_html(html, lang)
    return widgets.HTML(value=STYLE + html)


def glossary(lang: str = "nl", ids: list[str] | None = None) -> widgets.HTML:
    """Glossary terms with their Dutch and English names, explanation and article."""
    return show("glossary", ids, lang, details=False)


def about(lang: str = "nl") -> widgets.HTML:
    """Which law the kit states, as of which date, and the disclaimer."""
    from html import escape

    from aiact_kit.content import default_content
    from aiact_kit.content.text import text
    from aiact_kit.content.vocabulary import format_date

    meta = default_content().meta
    as_of = text("pages.as_of", lang, date=format_date(meta.as_of, lang))
    html = (
        f"<p><strong>{escape(meta.law.get(lang))}</strong><br>{escape(as_of)}</p>"
        f'<p class="aiact-disclaimer">{escape(meta.disclaimer.get(lang))}</p>'
    )
    return widgets.HTML(value=STYLE + html)
