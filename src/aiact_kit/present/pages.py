"""Pure HTML renderers of the app's pages (no ipywidgets): the landing page of a language and
the navigation bar of a lesson or tool page. Generated from ``content/data/lessons.yaml``; every
text
is escaped and comes from the text catalogue (``content/text/pages.yaml``). The widgets in
:mod:`aiact_kit.widgets.nav` wrap these fragments.

Every link is relative to the page's own notebook and carries ``target="_self"``: JupyterLab and
Notebook 7 resolve such a link against the notebook's folder and open it inside the interface;
Voilà's renderer would otherwise open every link of an HTML output in a new tab.
"""

from __future__ import annotations

from html import escape
from typing import Any

from aiact_kit.content.text import text
from aiact_kit.content.vocabulary import check_lang, format_date, format_number, ui
from aiact_kit.engines.course import (
    LANDING_ID,
    Outline,
    landing_path,
    lesson_label,
    other_lang,
    outline,
    relative_href,
)


def t(key: str, lang: str, **fields: Any) -> str:
    """The page text ``pages.<key>`` in ``lang`` (see :mod:`aiact_kit.content.text`)."""
    return text(f"pages.{key}", check_lang(lang), **fields)


def language_name(lang: str) -> str:
    """The name of ``lang`` in that language ("Nederlands", "English"), as on its switch."""
    return t("language_name", lang)


def _hours(minutes: int, lang: str) -> str:
    return format_number(round(minutes / 60 * 2) / 2, lang)  # to the half hour


def lang_switch_html(path: str, lang: str, o: Outline | None = None) -> str:
    """A link to the counterpart of page ``path`` in the other language."""
    o = o or outline()
    other = other_lang(lang)
    href = relative_href(path, o.counterpart(path))
    return (
        f'<a target="_self" class="aiact-lang-switch" href="{escape(href)}" hreflang="{other}" '
        f'lang="{other}">'
        f"{escape(language_name(other))}</a>"
    )


def nav_html(page_id: str, lang: str = "nl", place: str = "top", o: Outline | None = None) -> str:
    """The navigation bar of a lesson or tool page: overview, previous/next lesson (lessons),
    the related lesson (tools) and the language switch. ``place`` is 'top' or 'bottom' (each
    gets its own accessible name)."""
    check_lang(lang)
    if place not in ("top", "bottom"):
        raise ValueError(f"place must be 'top' or 'bottom', not {place!r}")
    o = o or outline()
    item = o.get(page_id)
    path = item.notebook.get(lang)
    home = relative_href(path, landing_path(lang))
    links = [
        f'<li><a target="_self" class="aiact-nav-home" href="{escape(home)}">'
        f"{escape(t('overview', lang))}</a></li>"
    ]
    if item.type == "lesson":
        prev, nxt = o.neighbours(page_id, lang)
        if prev is not None:
            href = relative_href(path, prev.notebook.get(lang))
            links.append(
                f'<li><a target="_self" class="aiact-nav-prev" rel="prev" href="{escape(href)}">'
                f'<span aria-hidden="true">&larr; </span>{escape(ui("previous", lang))}: '
                f"{escape(lesson_label(prev, lang))}</a></li>"
            )
        if nxt is not None:
            href = relative_href(path, nxt.notebook.get(lang))
            links.append(
                f'<li><a target="_self" class="aiact-nav-next" rel="next" href="{escape(href)}">'
                f"{escape(ui('next', lang))}: {escape(lesson_label(nxt, lang))}"
                f'<span aria-hidden="true"> &rarr;</span></a></li>'
            )
    elif item.lesson is not None:
        related = o.get(item.lesson)
        if related.notebook.get(lang) != path and o.available(related, lang):
            href = relative_href(path, related.notebook.get(lang))
            links.append(
                f'<li><a target="_self" class="aiact-nav-related" href="{escape(href)}">'
                f"{escape(t('related', lang))}: {escape(lesson_label(related, lang))}</a></li>"
            )
    links.append(f"<li>{lang_switch_html(path, lang, o)}</li>")
    label = t("nav_top" if place == "top" else "nav_bottom", lang)
    return (
        f'<nav class="aiact-nav aiact-nav-{place}" aria-label="{escape(label)}">'
        f"<ul>{''.join(links)}</ul></nav>"
    )


def _entry_html(item: Any, lang: str, o: Outline, from_path: str) -> str:
    """One lesson or tool: its label (a link when the notebook exists), time and status on a
    second line, the summary on a third."""
    label = escape(lesson_label(item, lang))
    meta = [escape(t("minutes", lang, n=item.minutes))]
    if o.available(item, lang):
        href = escape(relative_href(from_path, item.notebook.get(lang)))
        head = f'<a target="_self" class="aiact-entry-title" href="{href}">{label}</a>'
    else:
        head = f'<span class="aiact-entry-title aiact-planned-title">{label}</span>'
        meta.append(f'<span class="aiact-planned">{escape(t("planned", lang))}</span>')
    return (
        f'<li class="aiact-entry" data-id="{escape(item.id)}">{head}'
        f'<span class="aiact-meta">{" &middot; ".join(meta)}</span>'
        f'<span class="aiact-summary">{escape(item.summary.get(lang))}</span></li>'
    )


def landing_html(lang: str = "nl", o: Outline | None = None) -> str:
    """The landing page of ``lang``: title, which law as of which date, every lesson with its
    one-line summary and estimated time (a link when the notebook exists), the tools, the
    language switch and the disclaimer."""
    check_lang(lang)
    o = o or outline()
    meta = o.content.meta
    path = landing_path(lang)
    as_of = t("as_of", lang, date=format_date(meta.as_of, lang))
    lessons = "".join(_entry_html(i, lang, o, path) for i in o.lessons())
    tools = "".join(_entry_html(i, lang, o, path) for i in o.tools())
    total = t(
        "total", lang, n=len(o.lessons()), h=_hours(sum(i.minutes for i in o.lessons()), lang)
    )
    parts = [
        '<div class="aiact-landing">',
        f'<nav class="aiact-nav aiact-nav-lang" aria-label="{escape(t("nav_lang", lang))}">'
        f"<ul><li>{lang_switch_html(path, lang, o)}</li></ul></nav>",
        f"<h1>{escape(meta.title.get(lang))}</h1>",
        f'<p class="aiact-law">{escape(meta.law.get(lang))}. {escape(as_of)}</p>',
        f"<p>{escape(t('intro', lang))}</p>",
        f'<h2 id="aiact-lessons">{escape(t("lessons", lang))}</h2>',
        f'<ul class="aiact-list aiact-lessons" aria-labelledby="aiact-lessons">{lessons}</ul>',
        f'<p class="aiact-total">{escape(total)}</p>',
    ]
    parts += [
        f'<h2 id="aiact-tools">{escape(t("tools", lang))}</h2>',
        f'<ul class="aiact-list aiact-tools" aria-labelledby="aiact-tools">{tools}</ul>',
        f'<p class="aiact-disclaimer">{escape(meta.disclaimer.get(lang))}</p>',
        "</div>",
    ]
    return "".join(parts)


__all__ = ["nav_html", "landing_html", "lang_switch_html", "language_name", "LANDING_ID"]
