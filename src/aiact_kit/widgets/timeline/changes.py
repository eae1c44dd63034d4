"""What the 2026 amendment changed in the timeline, as a table (computed by the engine)."""

from __future__ import annotations

from html import escape

from aiact_kit.content import Content, default_content
from aiact_kit.content.vocabulary import check_lang, format_date, ui
from aiact_kit.engines import timeline as engine
from aiact_kit.present.static import StaticHTML
from aiact_kit.widgets.timeline.common import STYLE, cites_html, word


def changes_html(lang: str = "nl", content: Content | None = None) -> str:
    """A table of :func:`aiact_kit.engines.timeline.changes_2026` (escaped HTML)."""
    check_lang(lang)
    content = content or default_content()
    rows = []
    for c in engine.changes_2026(content):
        title = escape(engine.change_title(c, lang, content))
        o = escape(format_date(c.date_original, lang)) if c.date_original else "—"
        a = escape(format_date(c.date_amended, lang)) if c.date_amended else "—"
        status = ""
        if c.status != "confirmed":
            key = "reported" if c.status == "reported" else "not_confirmed"
            status = f' <span class="aiact-reported">({escape(ui(key, lang))})</span>'
        rows.append(
            f"<tr><th scope='row'>{title}{status}</th><td>{o}</td><td>{a}</td>"
            f"<td>{escape(word('type_' + c.type, lang))}</td>"
            f"<td>{cites_html(c.citations, lang)}</td></tr>"
        )
    head = "".join(
        f"<th scope='col'>{escape(h)}</th>"
        for h in (
            word("milestone", lang),
            word("original", lang),
            word("amended", lang),
            word("change", lang),
            ui("sources", lang),
        )
    )
    return (
        f"<div class='aiact-changes'><p><strong>{escape(word('changes_title', lang))}</strong></p>"
        # On a narrow screen the table scrolls sideways inside a focusable, labelled region.
        f"<div class='aiact-scroll' role='region' tabindex='0' "
        f"aria-label='{escape(word('changes_caption', lang), quote=True)}'>"
        f"<table><caption>{escape(word('changes_caption', lang))}</caption>"
        f"<tr>{head}</tr>{''.join(rows)}</table></div></div>"
    )


def changes_2026(lang: str = "nl") -> StaticHTML:
    """What the 2026 amendment changed in the timeline, computed from the data."""
    return StaticHTML(changes_html(lang), STYLE)


__all__ = ["changes_2026", "changes_html"]
