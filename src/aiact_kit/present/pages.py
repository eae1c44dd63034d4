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


def _entry_html(
    item: Any, lang: str, o: Outline, from_path: str, status: dict[str, str] | None = None
) -> str:
    """One lesson or tool: its label (a link when the notebook exists), time and status on a
    second line, the summary on a third. ``status`` (the web app) maps a lesson id to
    not_started / in_progress / done."""
    label = escape(lesson_label(item, lang))
    meta = [escape(t("minutes", lang, n=item.minutes))]
    if status is not None and item.type == "lesson":
        state = status.get(item.id, "not_started")
        meta.append(
            f'<span class="aiact-status aiact-status-{escape(state)}">'
            f"{escape(t('status_' + state, lang))}</span>"
        )
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


# Pages for whoever runs a workshop, listed at the foot of the landing page, not among the tools.
FACILITATOR_PAGES = ("tool-workshop-facilitator", "tool-workshop-screen")


def continue_html(last_page: dict[str, str], lang: str, o: Outline | None = None) -> str:
    """ "Continue where you left off": a link to the last page opened (empty when none)."""
    o = o or outline()
    try:
        item = o.get(last_page["id"])
    except KeyError:
        return ""
    if not o.available(item, lang):
        return ""
    href = relative_href(landing_path(lang), item.notebook.get(lang))
    return (
        f'<p class="aiact-continue"><a href="{escape(href)}">'
        f"{escape(t('continue', lang, page=lesson_label(item, lang)))}</a></p>"
    )


# Every route ends its lessons with the final test, also where later lessons (11, 12) exist.
FINAL_TEST_ID = "lesson-final-test"


def route_items(role: str, o: Outline | None = None) -> list[Any]:
    """The lessons (in course order, the final test last) and then the tools of ``role``'s
    route."""
    o = o or outline()
    lessons = [i for i in o.lessons() if role in i.roles]
    lessons.sort(key=lambda i: i.id == FINAL_TEST_ID)  # stable: only the final test moves
    return lessons + [i for i in o.tools() if role in i.roles]


def route_html(role: str, lang: str, o: Outline | None = None) -> str:
    """The recommended route of a learner role: what to pay most attention to, the lessons
    and tools with their time (links when the notebook exists), and the total time."""
    check_lang(lang)
    o = o or outline()
    items = route_items(role, o)
    if not items:
        raise ValueError(f"no route for role {role!r}")
    path = landing_path(lang)
    entries = []
    for item in items:
        label = escape(lesson_label(item, lang))
        minutes = escape(t("minutes", lang, n=item.minutes))
        if o.available(item, lang):
            href = escape(relative_href(path, item.notebook.get(lang)))
            label = f'<a href="{href}">{label}</a>'
        entries.append(f"<li>{label} ({minutes})</li>")
    total = t("route_total", lang, n=len(items), m=sum(i.minutes for i in items))
    return (
        f'<div class="aiact-route" data-role="{escape(role)}">'
        f"<p><strong>{escape(t('route_focus_label', lang))}:</strong> "
        f"{escape(t('route_focus_' + role, lang))}</p>"
        f"<ol>{''.join(entries)}</ol><p>{escape(total)}</p></div>"
    )


def landing_html(
    lang: str = "nl", o: Outline | None = None, status: dict[str, str] | None = None
) -> str:
    """The whole landing page (see :func:`landing_parts`)."""
    head, body = landing_parts(lang, o, status)
    return head + body


def landing_parts(
    lang: str = "nl", o: Outline | None = None, status: dict[str, str] | None = None
) -> tuple[str, str]:
    """The landing page of ``lang``: title, which law as of which date, every lesson with its
    one-line summary and estimated time (a link when the notebook exists), the tools, the
    language switch and the disclaimer. ``status`` adds each lesson's status (the web app).
    Two parts: the head (language switch, title, law, intro) and the body (lessons, tools,
    disclaimer), so a page can put the role picker between them."""
    check_lang(lang)
    o = o or outline()
    meta = o.content.meta
    path = landing_path(lang)
    as_of = t("as_of", lang, date=format_date(meta.as_of, lang))
    lessons = "".join(_entry_html(i, lang, o, path, status) for i in o.lessons())
    learner_tools = [i for i in o.tools() if i.id not in FACILITATOR_PAGES]
    tools = "".join(_entry_html(i, lang, o, path) for i in learner_tools)
    # the facilitator's pages: not among the learners' tools, in a small list at the foot
    hosts = "".join(_entry_html(i, lang, o, path) for i in o.tools() if i not in learner_tools)
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
        "</div>",
    ]
    body = [
        '<div class="aiact-landing">',
        f'<h2 id="aiact-lessons">{escape(t("lessons", lang))}</h2>',
        f'<ul class="aiact-list aiact-lessons" aria-labelledby="aiact-lessons">{lessons}</ul>',
        f'<p class="aiact-total">{escape(total)}</p>',
    ]
    body += [
        f'<h2 id="aiact-tools">{escape(t("tools", lang))}</h2>',
        f'<ul class="aiact-list aiact-tools" aria-labelledby="aiact-tools">{tools}</ul>',
        f'<p class="aiact-disclaimer">{escape(meta.disclaimer.get(lang))}</p>',
    ]
    if hosts:
        body += [
            f'<h2 id="aiact-hosts" class="aiact-foot">{escape(t("for_facilitators", lang))}</h2>',
            f'<ul class="aiact-list aiact-foot" aria-labelledby="aiact-hosts">{hosts}</ul>',
        ]
    body.append("</div>")
    return "".join(parts), "".join(body)


__all__ = [
    "route_html",
    "route_items",
    "landing_parts",
    "continue_html",
    "nav_html",
    "landing_html",
    "lang_switch_html",
    "language_name",
    "LANDING_ID",
]
