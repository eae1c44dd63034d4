"""What the timeline views share: their style, their words (the catalogue's ``timeline.*``),
citations as HTML and the checks of a date and a version."""

from __future__ import annotations

from datetime import date, datetime
from html import escape
from typing import Any

from aiact_kit.content.citations import parse_citation
from aiact_kit.content.text import text
from aiact_kit.content.vocabulary import check_lang, ui
from aiact_kit.engines import timeline as engine
from aiact_kit.present.theme import style

STYLE = style(
    """
.aiact-timeline-panel{line-height:1.5;max-width:60em}
.aiact-timeline-panel ul{margin:.2em 0 .8em 1.2em;padding:0}
.aiact-timeline-panel .aiact-when{font-size:.92em}
.aiact-cite{color:var(--aiact-muted);font-size:.9em}
.aiact-reported{color:var(--aiact-reported);font-size:.9em}
.aiact-changes table,.aiact-timeline-chart table{border-collapse:collapse}
.aiact-scroll{overflow-x:auto;max-width:100%}
.aiact-changes caption{text-align:left;padding-bottom:.3em}
.aiact-changes th,.aiact-changes td,.aiact-timeline-chart th,.aiact-timeline-chart td{
border:1px solid var(--aiact-border);padding:.25em .5em;text-align:left}
.aiact-vtimeline{display:none;list-style:none;margin:.4em 0;padding:0 0 0 .8em;
border-left:3px solid var(--aiact-right)}
.aiact-vtimeline li{margin:0 0 .6em 0;font-size:1rem;line-height:1.4}
.aiact-timeline-chart table{display:block;overflow-x:auto;max-width:100%}
@media (max-width:600px){.aiact-timeline-chart .aiact-chart-img{display:none}
.aiact-vtimeline{display:block}}
.aiact-order-feedback .aiact-right::before{content:"\\2713  "}
.aiact-order-feedback .aiact-wrong::before{content:"\\2717  "}
""",
)


def word(key: str, lang: str) -> str:
    """An interface word of the timeline views: the catalogue's ``timeline.<key>``."""
    check_lang(lang)
    return text(f"timeline.{key}", lang)


def cites_html(citations: Any, lang: str) -> str:
    labels = ", ".join(escape(parse_citation(c).label(lang)) for c in citations)
    return f'<span class="aiact-cite">{escape(ui("source", lang))}: {labels}</span>'


def as_date(value: date | datetime | str | None) -> date:
    return date.today() if value is None else engine.parse_day(value)


def check_version(version: str, allow_both: bool = False) -> str:
    allowed = (*engine.VERSIONS, "both") if allow_both else engine.VERSIONS
    if version not in allowed:
        raise ValueError(f"unknown version {version!r}; expected one of {', '.join(allowed)}")
    return version
