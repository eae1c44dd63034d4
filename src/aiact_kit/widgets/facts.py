"""Show content items (facts of the law) in a notebook or Voila page.

The blocks are static display output (:class:`aiact_kit.present.static.StaticHTML`), not
widgets: a saved notebook keeps their text and shows it without a kernel.
"""

from __future__ import annotations

from typing import Any

from aiact_kit.present.render import items_html, legal_details_html
from aiact_kit.present.static import StaticHTML
from aiact_kit.present.theme import style

STYLE = style(
    """
.aiact-item{margin:0 0 .8em 0;line-height:1.5}
.aiact-cite{color:var(--aiact-muted);font-size:.9em;white-space:normal}
.aiact-reported{color:var(--aiact-reported);font-size:.9em}
details.aiact-legal{border-left:3px solid var(--aiact-border);padding:.2em 0 .2em .8em;
margin:.4em 0 1em 0}
details.aiact-legal>summary{cursor:pointer;font-weight:600;padding:.2em 0;min-height:24px}
.jp-RenderedHTMLCommon a[href^="#aiact-g-"]{color:var(--aiact-link);text-decoration:underline}
""",
)


def show(
    kind: str,
    ids: list[str] | None = None,
    lang: str = "nl",
    where: dict[str, Any] | None = None,
    version: str = "amended",
    details: bool = True,
) -> StaticHTML:
    """A block with the content items of ``kind`` (optionally only ``ids`` or ``where``).

    The items are the legal detail of a lesson: with ``details`` (the default) they sit in an
    expandable "Juridische details" / "Legal details" section, closed until the learner opens
    it, so the lesson's plain text comes first; ``details=False`` shows them open."""
    html = items_html(kind, ids, lang, where=where, version=version)
    if details:
        html = legal_details_html(html, lang)
    return StaticHTML(html, STYLE)


def glossary(lang: str = "nl", ids: list[str] | None = None) -> StaticHTML:
    """Glossary terms with their Dutch and English names, explanation and article."""
    return show("glossary", ids, lang, details=False)


def about(lang: str = "nl") -> StaticHTML:
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
    return StaticHTML(html, STYLE)
