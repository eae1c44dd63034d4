"""Page navigation and the landing page, as notebook outputs (static HTML display data, see
:mod:`aiact_kit.present.static`, not widgets).

Every lesson or tool notebook starts with one code cell::

    from aiact_kit import page_nav
    page_nav("lesson-ai-system", lang="nl")

and may end with ``page_nav("lesson-ai-system", lang="nl", place="bottom")``. A landing
notebook (``notebooks/<lang>/index.ipynb``) holds ``landing(lang="nl")``.

Why a call in the notebook and not the Voila template: the navigation depends on the course
outline (``content/data/lessons.yaml``) and on which notebooks exist, which the template cannot
read;
and the call takes its language and page id from the notebook itself, so it works with
pre-heated kernels (Voila executes those before any request arrives, so a query string such as
``?lang=en`` is not available to them). The links are relative, so they work in Voila, Jupyter
Notebook 7 and JupyterLab.
"""

from __future__ import annotations

import os
from html import escape

import ipywidgets as widgets
from IPython.display import display

from aiact_kit.app import lite
from aiact_kit.content.records import ROUTE_ROLES
from aiact_kit.content.text import text
from aiact_kit.engines import progress
from aiact_kit.engines.browser_progress import LearnerRecord
from aiact_kit.engines.course import outline
from aiact_kit.present.pages import (
    continue_html,
    landing_parts,
    nav_html,
    route_html,
)
from aiact_kit.present.static import StaticHTML
from aiact_kit.present.theme import style
from aiact_kit.widgets import browser_store

STYLE = style(
    """
.aiact-nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1.25rem}
.aiact-nav li{margin:0;padding:0}
.aiact-nav a{display:inline-block;padding:.3rem 0;min-height:24px;line-height:1.5}
nav.aiact-nav a:link,nav.aiact-nav a:visited,div.aiact-landing a:link,
div.aiact-landing a:visited{color:var(--aiact-link);text-decoration:underline}
nav.aiact-nav a:hover,div.aiact-landing a:hover{text-decoration-thickness:2px}
.aiact-nav-top{border-bottom:1px solid var(--aiact-border);padding-bottom:.4rem;margin-bottom:.6rem}
.aiact-nav-bottom{border-top:1px solid var(--aiact-border);padding-top:.4rem;margin-top:1rem}
.aiact-nav .aiact-lang-switch{font-weight:600}
.aiact-landing{max-width:52rem;line-height:1.5}
.aiact-landing h1{margin-top:.4rem}
.aiact-landing .aiact-list{list-style:none;padding:0}
.aiact-landing .aiact-entry{margin:0 0 .9rem 0}
.aiact-landing .aiact-entry-title{font-weight:600;display:inline-block;padding:.15rem 0}
.aiact-landing .aiact-meta{display:block;color:var(--aiact-muted);font-size:.95em}
.aiact-landing .aiact-summary{display:block}
.aiact-landing .aiact-foot{font-size:.9em}
.aiact-landing .aiact-status{font-weight:600}
.aiact-landing .aiact-status-done{color:var(--aiact-right)}
.aiact-landing .aiact-status-in_progress{color:var(--aiact-partial)}
.aiact-progress-note{color:var(--aiact-muted);font-size:.95em}
.aiact-landing .aiact-disclaimer{color:var(--aiact-muted);font-size:.95em;
border-top:1px solid var(--aiact-border);  padding-top:.6rem;margin-top:1.2rem}
""",
)


def _t(key: str, lang: str) -> str:
    return text(f"pages.{key}", lang)


def page_nav(page_id: str, lang: str = "nl", place: str = "top") -> StaticHTML | widgets.Widget:
    """The navigation bar of a lesson or tool page (``page_id`` from ``content/data/lessons.yaml``):
    overview, previous/next lesson (or the related lesson of a tool) and the language switch.

    In the web app the top bar also holds the page's browser store (the page counts as opened;
    see :mod:`aiact_kit.widgets.browser_store`) and the bottom bar of a lesson a button "I have
    finished this lesson". Elsewhere (JupyterLab, Notebook 7) the bar is plain HTML output, so a
    saved notebook keeps it, and the quizzes below count for this page in the local progress."""
    html = _carry(nav_html(page_id, lang, place), lang)
    if lite.running():  # the static site: an HTML widget, whose links JupyterLite leaves alone
        return widgets.HTML(value=STYLE + html)
    if not browser_store.active():
        if place == "top":
            progress.set_page(page_id)
        return StaticHTML(html, STYLE)
    bar = widgets.HTML(value=STYLE + html)
    course = outline()
    item = course.get(page_id)
    if place == "top":
        store = browser_store.page_store(page_id, item.notebook.get(lang))
        return widgets.VBox([bar, store]) if store is not None else bar
    store = browser_store.current_store()
    if store is None or item.type != "lesson":
        return bar
    button = widgets.Button(description=_t("mark_done", lang), layout=widgets.Layout(width="auto"))
    button.add_class("aiact-mark-done")
    note = widgets.HTML()

    def done(_: object = None) -> None:
        store.finish_lesson(page_id)
        note.value = f'<p role="status">{escape(_t("marked_done", lang))}</p>'

    button.on_click(done)
    return widgets.VBox([button, note, bar])


def role_picker(lang: str = "nl") -> widgets.VBox:
    """ "Choose your role": a labelled dropdown and the recommended route of the chosen role
    (Art 4 asks for AI literacy that fits people's role)."""
    course = outline()
    options = [(_t("route_none", lang), "")] + [
        (_t(f"route_role_{r}", lang), r) for r in ROUTE_ROLES
    ]
    pick = widgets.Dropdown(
        options=options,
        value="",
        description=_t("route_pick", lang),
        style={"description_width": "initial"},
        layout=widgets.Layout(width="auto", max_width="100%"),
    )
    route = widgets.HTML()
    route.add_class("aiact-route-out")

    def show(_: object = None) -> None:
        route.value = route_html(pick.value, lang, course) if pick.value else ""

    pick.observe(show, names="value")
    box = widgets.VBox(
        [
            widgets.HTML(
                f'<h2 class="aiact-route-heading">{escape(_t("route_heading", lang))}</h2>'
                f"<p>{escape(_t('route_intro', lang))}</p>"
            ),
            pick,
            route,
        ]
    )
    box.add_class("aiact-roles")
    return box


def landing(lang: str = "nl") -> StaticHTML | widgets.Widget:
    """The landing page of ``lang``: every lesson with its summary and time, the tools, the
    language switch, the date of the law and a route per learner role. In the web app also
    each lesson's status (not started / in progress / done), "continue where you left off" and
    "forget my progress". Outside the web app a plain HTML output with the role picker below."""
    course = outline()
    head_html, body_html = landing_parts(lang, course)
    head_html, body_html = _carry(head_html, lang), _carry(body_html, lang)
    if not browser_store.active() and not lite.running():
        # JupyterLab / Notebook 7: the text as plain HTML output (kept in a saved notebook),
        # only the role picker is a widget
        display(StaticHTML(head_html, STYLE))
        display(role_picker(lang))
        return StaticHTML(body_html, STYLE)
    head = widgets.HTML(value=STYLE + head_html)
    page = widgets.HTML(value=body_html)
    page.add_class("aiact-landing-body")
    roles = role_picker(lang)
    store = browser_store.page_store("index")
    if store is None:
        return widgets.VBox([head, roles, page])
    resume = widgets.HTML()
    note = widgets.HTML(f'<p class="aiact-progress-note">{escape(_t("progress_kept", lang))}</p>')
    forget = widgets.Button(description=_t("forget", lang), layout=widgets.Layout(width="auto"))
    forget.add_class("aiact-forget")
    said = widgets.HTML()

    def show(record: LearnerRecord) -> None:
        status = {i.id: record.status(i.id) for i in course.lessons()}
        page.value = _carry(landing_parts(lang, course, status)[1], lang)
        resume.value = continue_html(record.last_page, lang, course) if record.last_page else ""

    def on_forget(_: object = None) -> None:
        store.forget()
        said.value = f'<p role="status">{escape(_t("forgotten", lang))}</p>'

    forget.on_click(on_forget)
    store.on_loaded(show)
    return widgets.VBox([store, head, resume, roles, page, note, forget, said])


def _carry(html: str, lang: str) -> str:
    """A workshop participant who came through a join link stays joined on every page (see
    :mod:`aiact_kit.widgets.workshop.carry`); the workshop code is only imported for them."""
    if "ws=" not in os.environ.get("QUERY_STRING", ""):
        return html
    from aiact_kit.widgets.workshop.carry import carry

    return carry(html, lang)


__all__ = ["page_nav", "landing", "role_picker", "STYLE"]
