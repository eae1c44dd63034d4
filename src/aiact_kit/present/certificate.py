"""The record of completion after a passed final test (no ipywidgets): a printable,
self-contained HTML page, and the link that downloads it from the page itself.

It holds the name the learner typed (only in the download: it is never stored), the date, the
lessons completed, the final-test score per topic, the version of the law the kit states
(``as_of``), the kit's version and what the training covered for Art 4 (AI literacy). There is
no PDF: the page prints well, and the browser's "print to PDF" makes one.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from aiact_kit.content import Content, default_content
from aiact_kit.content.text import text
from aiact_kit.content.vocabulary import check_lang, format_date

NAME_MAX = 80

STYLE = """<style>
body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;
line-height:1.5;color:#1a1a1a}
h1{font-size:1.6rem;border-bottom:2px solid #1a1a1a;padding-bottom:.3rem}
table{border-collapse:collapse;margin:.5rem 0}
th,td{border:1px solid #767676;padding:.2rem .6rem;text-align:left}
.aiact-cert-name{font-size:1.4rem;font-weight:700}
.aiact-cert-small{font-size:.9rem;color:#333}
@media print{body{margin:0}}
</style>"""


@dataclass(frozen=True)
class CertificateData:
    name: str
    day: date
    lessons: Sequence[str]  # labels of the lessons completed
    topics: Sequence[tuple[str, int, int]]  # (topic label, right, total)
    correct: int
    total: int
    pass_mark: float
    kit_version: str


def clean_name(name: str) -> str:
    """The typed name, trimmed; a ValueError when it is empty or too long."""
    name = " ".join(str(name).split())
    if not name:
        raise ValueError("empty name")
    if len(name) > NAME_MAX:
        raise ValueError(f"a name of at most {NAME_MAX} characters")
    return name


def _t(key: str, lang: str, **fields: object) -> str:
    return text(f"quiz.cert_{key}", lang, **fields)


def certificate_html(data: CertificateData, lang: str, content: Content | None = None) -> str:
    """The whole printable page (every text escaped)."""
    check_lang(lang)
    meta = (content or default_content()).meta
    pct = int(data.correct / data.total * 100 + 0.5) if data.total else 0
    lessons = (
        "<ul>" + "".join(f"<li>{escape(label)}</li>" for label in data.lessons) + "</ul>"
        if data.lessons
        else f"<p>{escape(_t('no_lessons', lang))}</p>"
    )
    rows = "".join(
        f"<tr><td>{escape(label)}</td><td>{escape(_t('of', lang, n=right, total=total))}</td></tr>"
        for label, right, total in data.topics
    )
    facts = [
        (_t("date", lang), format_date(data.day, lang)),
        (
            _t("score", lang),
            _t(
                "score_value",
                lang,
                n=data.correct,
                total=data.total,
                pct=pct,
                mark=int(data.pass_mark * 100 + 0.5),
            ),
        ),
        (_t("law", lang), f"{meta.law.get(lang)} ({format_date(meta.as_of, lang)})"),
        (_t("kit", lang), _t("kit_value", lang, version=data.kit_version)),
    ]
    facts_html = "".join(
        f'<tr><th scope="row">{escape(k)}</th><td>{escape(v)}</td></tr>' for k, v in facts
    )
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{escape(_t('title', lang))}</title>{STYLE}</head><body><main>"
        f"<h1>{escape(_t('title', lang))}</h1>"
        f'<p>{escape(_t("intro", lang))}</p><p class="aiact-cert-name">{escape(data.name)}</p>'
        f"<p>{escape(_t('passed', lang))}</p>"
        f"<table>{facts_html}</table>"
        f"<h2>{escape(_t('lessons', lang))}</h2>{lessons}"
        f"<h2>{escape(_t('topics', lang))}</h2>"
        f'<table><thead><tr><th scope="col">{escape(text("quiz.topic", lang))}</th>'
        f'<th scope="col">{escape(text("quiz.right_col", lang))}</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
        f"<h2>{escape(_t('covered_head', lang))}</h2><p>{escape(_t('covered', lang))}</p>"
        f'<p class="aiact-cert-small">{escape(_t("note", lang))}</p>'
        "</main></body></html>"
    )


def download_link_html(page: str, lang: str) -> str:
    """A link that downloads ``page`` as a file, made in the page itself (a data: URL: the
    name goes from the kernel to this browser only, and is not stored)."""
    check_lang(lang)
    data = base64.b64encode(page.encode("utf-8")).decode("ascii")
    return (
        f'<p><a class="aiact-cert-download" download="{escape(_t("file_name", lang))}" '
        f'href="data:text/html;charset=utf-8;base64,{data}">'
        f"{escape(_t('download', lang))}</a></p>"
        f'<p class="aiact-cert-hint">{escape(_t("print_hint", lang))}</p>'
    )


__all__ = ["NAME_MAX", "CertificateData", "certificate_html", "clean_name", "download_link_html"]
