"""The record of completion under a passed final test: the learner types a name and gets a
download link to a printable page (:mod:`aiact_kit.present.certificate`).

The name stays in this page's kernel until the page closes: it is not put in the browser's
progress record, the local progress file or the workshop database.
"""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

import ipywidgets as widgets

from aiact_kit import __version__
from aiact_kit.content.text import text
from aiact_kit.engines.course import lesson_label, outline
from aiact_kit.present.certificate import (
    NAME_MAX,
    CertificateData,
    certificate_html,
    clean_name,
    download_link_html,
)
from aiact_kit.widgets.browser_store import current_store


def _t(key: str, lang: str, **fields: Any) -> str:
    return text(f"quiz.cert_{key}", lang, **fields)


def lessons_done(lang: str, content: Any = None) -> list[str]:
    """Labels of the lessons this browser has finished (the web app; empty elsewhere)."""
    store = current_store()
    if store is None:
        return []
    course = outline(content)
    return [lesson_label(i, lang) for i in course.lessons() if store.data.status(i.id) == "done"]


def certificate_box(session: Any, today: date | None = None) -> widgets.VBox:
    """The name field, the button and (after a click) the download link, for ``session``
    (a finished final test that was passed)."""
    lang = session.lang
    summary = session.summary()
    name = widgets.Text(
        description=_t("name_label", lang),
        style={"description_width": "initial"},
        layout=widgets.Layout(width="100%", max_width="30em"),
    )
    button = widgets.Button(description=_t("make", lang), layout=widgets.Layout(width="auto"))
    out = widgets.HTML()
    out.add_class("aiact-cert-out")

    def make(_: object = None) -> None:
        try:
            typed = clean_name(name.value)
        except ValueError:
            out.value = f'<p role="alert">{escape(_t("name_error", lang, n=NAME_MAX))}</p>'
            return
        data = CertificateData(
            name=typed,
            day=today or date.today(),
            lessons=lessons_done(lang, session.content),
            topics=[(t.label, t.correct, t.total) for t in summary.topics],
            correct=summary.correct,
            total=summary.total,
            pass_mark=summary.pass_mark or 0.0,
            kit_version=__version__,
        )
        out.value = download_link_html(certificate_html(data, lang, session.content), lang)

    button.on_click(make)
    box = widgets.VBox(
        [
            widgets.HTML(
                f'<h3 class="aiact-heading">{escape(_t("heading", lang))}</h3>'
                f"<p>{escape(_t('privacy', lang))}</p>"
            ),
            name,
            button,
            out,
        ]
    )
    box.add_class("aiact-certificate")
    return box


__all__ = ["certificate_box", "lessons_done"]
