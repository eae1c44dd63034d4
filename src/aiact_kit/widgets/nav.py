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

from aiact_kit.engines import progress
from aiact_kit.present.pages import landing_html, nav_html
from aiact_kit.present.static import StaticHTML
from aiact_kit.present.theme import style

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
.aiact-landing .aiact-disclaimer{color:var(--aiact-muted);font-size:.95em;
border-top:1px solid var(--aiact-border);  padding-top:.6rem;margin-top:1.2rem}
""",
)


def page_nav(page_id: str, lang: str = "nl", place: str = "top") -> StaticHTML:
    """The navigation bar of a lesson or tool page (``page_id`` from ``content/data/lessons.yaml``):
    overview, previous/next lesson (or the related lesson of a tool) and the language switch."""
    if place == "top":
        progress.set_page(page_id)  # the quizzes below count for this page (lesson)
    return StaticHTML(nav_html(page_id, lang, place), STYLE)


def landing(lang: str = "nl") -> StaticHTML:
    """The landing page of ``lang``: every lesson with its summary and time, the tools, the
    language switch and the date of the law."""
    return StaticHTML(landing_html(lang), STYLE)


__all__ = ["page_nav", "landing", "STYLE"]
