"""Pure HTML rendering of content items (no ipywidgets): used by widgets, exports and tests.

All text is escaped; learner text comes from the content files only.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from aiact_kit.content import Content, default_content
from aiact_kit.content.citations import parse_citation
from aiact_kit.content.text import text
from aiact_kit.content.vocabulary import check_lang, format_date, ui

if TYPE_CHECKING:  # annotations only: app kernels never import the pydantic schema
    from aiact_kit.content.schema.base import I18n


#: Where the Algoritmekader's requirements are listed: a requirement is named by its id and
#: linked here, never copied.
AK_REQUIREMENTS_URL = (
    "https://github.com/MinBZK/Algoritmekader/tree/main/docs/voldoen-aan-wetten-en-regels/vereisten"
)


def sources_html(item: Any, lang: str) -> str:
    """Links of an item to sources outside the law (``links``) and the Algoritmekader
    requirement ids it maps to (``algoritmekader``); "" when it has neither."""
    parts = [
        f'<a href="{escape(link.url)}" target="_blank" rel="noopener">'
        f"{escape(link.label.get(lang))}</a>"
        for link in getattr(item, "links", None) or ()
    ]
    ids = getattr(item, "algoritmekader", None)
    if ids:
        label = escape(text("nl_practice.algoritmekader", lang))
        parts.append(
            f'{label}: <a href="{AK_REQUIREMENTS_URL}" target="_blank" rel="noopener">'
            f"{escape(', '.join(ids))}</a>"
        )
    return f'<p class="aiact-links">{" · ".join(parts)}</p>' if parts else ""


def citations_html(citations: list[str], lang: str) -> str:
    labels = ", ".join(escape(parse_citation(c).label(lang)) for c in citations)
    return f'<span class="aiact-cite">{escape(ui("source", lang))}: {labels}</span>'


def status_html(status: str, lang: str) -> str:
    """A note after a legal item that is not confirmed in the legal text ("" if confirmed)."""
    if status == "confirmed":
        return ""
    key = "reported" if status == "reported" else "not_confirmed"
    return f' <span class="aiact-reported" role="note">({escape(ui(key, lang))})</span>'


def milestone_date_html(item: Any, lang: str = "nl", version: str = "amended") -> str:
    """The date of a timeline milestone (``version`` first, the other version in brackets when
    it differs); "" for items that are not milestones."""
    if not (hasattr(item, "date_amended") and hasattr(item, "date_original")):
        return ""
    other = "original" if version == "amended" else "amended"
    dates = {"amended": item.date_amended, "original": item.date_original}
    main = dates[version] or dates[other]
    written = format_date(main, lang)
    if dates[version] is None:
        written += f" ({text(f'pages.only_in_{other}', lang)})"
    elif dates[other] is not None and dates[other] != main and version == "amended":
        originally = text("pages.originally", lang, date=format_date(dates[other], lang))
        written += f" ({originally})"
    elif dates[other] is None:
        written += f" ({text(f'pages.only_in_{version}', lang)})"
    return f' <span class="aiact-when">— {escape(written)}</span>'


def item_html(
    item: Any, lang: str = "nl", content: Content | None = None, version: str = "amended"
) -> str:
    """One content item as an HTML fragment: title, text, citations, status."""
    check_lang(lang)
    content = content or default_content()

    def r(value: I18n | None) -> str:
        return escape(content.render(value, lang, version)) if value is not None else ""

    title = getattr(item, "title", None) or getattr(item, "term", None)
    body = getattr(item, "text", None) or getattr(item, "explanation", None)
    parts = [f'<div class="aiact-item" id="aiact-{escape(item.id)}">']
    if title is not None:
        parts.append(f"<strong>{r(title)}</strong>")
        if getattr(item, "term", None) is not None and lang == "nl":
            parts.append(f' <span lang="en">({escape(item.term.en)})</span>')
    parts.append(milestone_date_html(item, lang, version))
    if body is not None:
        parts.append(f"<p>{r(body)}")
        if getattr(item, "citations", None):
            parts.append(" " + citations_html(item.citations, lang))
        parts.append(status_html(getattr(item, "status", "confirmed"), lang))
        parts.append("</p>")
    exceptions = getattr(item, "exceptions", None)
    if exceptions:
        parts.append("<ul>" + "".join(f"<li>{r(e)}</li>" for e in exceptions) + "</ul>")
    parts.append(sources_html(item, lang))
    changed = getattr(item, "changed_2026", None)
    if changed is not None:
        label = text("pages.changed_2026", lang)
        parts.append(f"<p><em>{label}:</em> {r(changed)}</p>")
    parts.append("</div>")
    return "".join(parts)


def items_html(
    kind: str,
    ids: list[str] | None = None,
    lang: str = "nl",
    content: Content | None = None,
    where: dict[str, Any] | None = None,
    version: str = "amended",
) -> str:
    """Items of ``kind`` (all, the listed ``ids`` in that order, or those matching ``where``)."""
    content = content or default_content()
    if ids is not None:
        items = [content.get(i, kind) for i in ids]
    else:
        items = content.kind(kind)
    if where:
        items = [i for i in items if all(getattr(i, k, None) == v for k, v in where.items())]
    parts: list[str] = []
    group = None
    for item in items:
        parts.append(group_heading_html(item, group, lang, content, version))
        group = getattr(item, "area_title", None) or group
        parts.append(item_html(item, lang, content, version))
    return "".join(parts)


def legal_details_html(inner_html: str, lang: str) -> str:
    """``inner_html`` (legal detail: articles, conditions, annexes) in an expandable section
    "Juridische details" / "Legal details", closed until opened (native and keyboard-usable)."""
    label = text("common.legal_details", check_lang(lang))
    return f'<details class="aiact-legal"><summary>{escape(label)}</summary>{inner_html}</details>'


def group_heading_html(
    item: Any, previous: I18n | None, lang: str, content: Content, version: str = "amended"
) -> str:
    """A heading before the first item of a group (e.g. an Annex III area: "5. Access to ...")
    when the item carries an ``area_title`` different from the one before it; else ""."""
    title = getattr(item, "area_title", None)
    if title is None or title == previous:
        return ""
    number = getattr(item, "area", None)
    label = content.render(title, lang, version)
    if number is not None:
        label = f"{number}. {label}"
    return f'<h3 class="aiact-group">{escape(label)}</h3>'
