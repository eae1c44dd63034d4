"""The Dutch duties and instruments under a decision-aid conclusion (no ipywidgets): the
items of ``content/data/nl_links.yaml`` for a conclusion id, each a plain-language title with
its cited detail one click away, and the Algoritmekader requirement ids with a link to their
source (by id only). A conclusion without an entry (e.g. of another tree) gets ``""``."""

from __future__ import annotations

from html import escape
from typing import Any

from aiact_kit.content import Content, default_content
from aiact_kit.content.text import text
from aiact_kit.content.vocabulary import check_lang
from aiact_kit.present.render import AK_REQUIREMENTS_URL, item_html, status_html


def links_for(conclusion_id: str | None, content: Content | None = None) -> Any | None:
    """The ``nl_links`` item that names ``conclusion_id`` (None when there is none)."""
    if not conclusion_id:
        return None
    content = content or default_content()
    for entry in content.kind("nl_links"):
        if conclusion_id in entry.conclusions:
            return entry
    return None


def nl_links_html(
    conclusion_id: str | None,
    lang: str = "nl",
    heading_level: int = 3,
    content: Content | None = None,
) -> str:
    """The block "In Dutch public practice" for a conclusion, or "" when it has no entry."""
    check_lang(lang)
    content = content or default_content()
    entry = links_for(conclusion_id, content)
    if entry is None:
        return ""
    heading = text("nl_practice.links_heading", lang)
    h = f"h{heading_level}"
    parts = [
        f'<section class="aiact-nl-links" aria-label="{escape(heading)}">',
        f"<{h}>{escape(heading)}</{h}>",
        f"<p>{escape(text('nl_practice.links_intro', lang))}</p><ul>",
    ]
    for ref in entry.practice:
        item = content.get(ref, "nl_practice")
        title = escape(content.render(item.title, lang))
        parts.append(
            f"<li><details><summary>{title}{status_html(item.status, lang)}</summary>"
            f"{item_html(item, lang, content)}</details></li>"
        )
    parts.append("</ul>")
    if entry.algoritmekader:
        ids = ", ".join(escape(i) for i in entry.algoritmekader)
        label = escape(text("nl_practice.algoritmekader", lang))
        parts.append(
            f'<p>{label}: <a href="{AK_REQUIREMENTS_URL}" target="_blank" rel="noopener">'
            f"{ids}</a></p>"
        )
    parts.append("</section>")
    return "".join(parts)


__all__ = ["nl_links_html", "links_for", "AK_REQUIREMENTS_URL"]
