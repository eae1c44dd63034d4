"""The timeline chart: the milestones on a time axis with a marker for today, drawn by the chart
worker from a spec, with an alt text and a table of the same data."""

from __future__ import annotations

import base64
import logging
from datetime import date, datetime
from html import escape
from typing import Any

from aiact_kit.content import Content, default_content
from aiact_kit.content.text import text
from aiact_kit.content.vocabulary import check_lang, format_date
from aiact_kit.present.static import StaticHTML
from aiact_kit.widgets.timeline.common import STYLE, as_date, check_version, word

log = logging.getLogger(__name__)


def _rows(version: str, content: Content) -> list[tuple[Any, date | None, date | None]]:
    """(milestone, amended date, original date) for the chart, in date order."""
    rows = []
    for m in content.kind("timeline"):
        a = m.date_amended if version in ("both", "amended") else None
        o = m.date_original if version in ("both", "original") else None
        if a is None and o is None:
            continue
        rows.append((m, a, o))
    rows.sort(key=lambda r: (r[1] or r[2], r[2] or r[1]))
    return rows


def chart_alt_text(
    lang: str = "nl",
    version: str = "both",
    today: date | datetime | str | None = None,
    content: Content | None = None,
) -> str:
    """The alt text of the chart: what it shows and every milestone with its date(s)."""
    check_lang(lang)
    check_version(version, allow_both=True)
    content = content or default_content()
    day = as_date(today)
    if version == "both":
        intro = f"{word('alt_intro', lang)}, {word('alt_both', lang)}."
    else:
        intro = f"{word('alt_intro', lang)}, {word(version, lang).lower()}."
    parts = []
    for m, a, o in _rows(version, content):
        title = content.render(m.title, lang, "amended" if a else "original")
        if version == "both" and a and o and a != o:
            text = f"{format_date(a, lang)} ({word('alt_was', lang)} {format_date(o, lang)})"
        elif version == "both" and a and not o:
            text = f"{format_date(a, lang)} ({word('only_amended', lang)})"
        elif version == "both" and o and not a:
            text = f"{format_date(o, lang)} ({word('only_original', lang)})"
        else:
            text = format_date(a or o, lang)
        parts.append(f"{title}: {text}")
    return (
        f"{intro} {word('today', lang)}: {format_date(day, lang)}. "
        f"{word('alt_milestones', lang)}: " + "; ".join(parts) + "."
    )


def chart_spec(
    lang: str = "nl",
    version: str = "both",
    today: date | datetime | str | None = None,
    content: Content | None = None,
) -> dict[str, Any]:
    """The timeline chart as data for :func:`aiact_kit.present.charts.render_png` (kind
    ``timeline``):
    the milestones in date order with their dates and translated titles and labels."""
    check_lang(lang)
    check_version(version, allow_both=True)
    content = content or default_content()
    day = as_date(today)
    rows = [
        {
            "title": content.render(m.title, lang, "amended" if a else "original"),
            "amended": a.isoformat() if a else None,
            "original": o.isoformat() if o else None,
            "date_label": format_date(a or o, lang),
        }
        for m, a, o in _rows(version, content)
    ]
    return {
        "kind": "timeline",
        "lang": lang,
        "version": version,
        "today": day.isoformat(),
        "today_label": f"{word('today', lang)}: {format_date(day, lang)}",
        "title": word("chart_title", lang),
        "legend": {key: word(key, lang) for key in ("amended", "original", "moved", "today")},
        "rows": rows,
        "size": [10, 0.42 * len(rows) + 2.2],
        "dpi": 100,
    }


def chart_png(
    lang: str = "nl",
    version: str = "both",
    today: date | datetime | str | None = None,
    content: Content | None = None,
) -> bytes:
    """The timeline chart as PNG bytes, drawn by matplotlib in the chart worker process (never
    in this kernel) and cached on disk. Raises :class:`aiact_kit.present.charts.ChartError` when it
    cannot be drawn."""
    from aiact_kit.present.charts import render_png

    return render_png(chart_spec(lang, version, today, content))


def _milestone_table(lang: str, version: str, content: Content) -> str:
    head = f"<tr><th scope='col'>{escape(word('milestone', lang))}</th>"
    versions = ["amended", "original"] if version == "both" else [version]
    head += "".join(f"<th scope='col'>{escape(word(v, lang))}</th>" for v in versions) + "</tr>"
    body = []
    for m, a, o in _rows(version, content):
        title = escape(content.render(m.title, lang, "amended" if a else "original"))
        cells = []
        for v in versions:
            d = a if v == "amended" else o
            cells.append(
                f"<td>{escape(format_date(d, lang)) if d else word('not_in_version', lang)}</td>"
            )
        body.append(f"<tr><th scope='row'>{title}</th>{''.join(cells)}</tr>")
    return (
        f"<details><summary>{escape(word('table_summary', lang))}</summary>"
        f"<table>{head}{''.join(body)}</table></details>"
    )


def _vertical_timeline(lang: str, version: str, content: Content) -> str:
    """The milestones as a text-first vertical list (shown instead of the image on a narrow
    screen, where the chart's labels would be too small to read)."""
    items = []
    for m, a, o in _rows(version, content):
        day = a or o
        title = escape(content.render(m.title, lang, "amended" if a else "original"))
        extra = ""
        if a and o and a != o:
            extra = f" ({escape(text('pages.originally', lang, date=format_date(o, lang)))})"
        elif a is None and version == "both":
            extra = f" ({escape(text('pages.only_in_original', lang))})"
        when = escape(format_date(day, lang)) if day else ""
        items.append(f"<li><strong>{when}</strong> {title}{extra}</li>")
    return f'<ol class="aiact-vtimeline">{"".join(items)}</ol>'


def timeline_chart(
    lang: str = "nl",
    version: str = "both",
    today: date | datetime | str | None = None,
) -> StaticHTML:
    """The milestones on a time axis with a marker for today. ``version``: ``both`` (amended as
    dots, original as open squares, moved dates joined by a dashed arrow), ``amended`` or
    ``original``. The image carries an alt text listing the milestones, and a table of the
    same data follows it."""
    from aiact_kit.present.charts import ChartError

    content = default_content()
    alt = chart_alt_text(lang, version, today, content)
    try:
        png = chart_png(lang, version, today, content)
    except ChartError:
        log.warning("timeline chart not drawn; showing its text instead", exc_info=True)
        png = None
    if png is None:  # the same data as text, and the table opened
        image = [
            f'<p class="aiact-chart-missing" role="note">{escape(word("chart_missing", lang))}</p>'
            f"<p>{escape(alt)}</p>"
        ]
        table = _milestone_table(lang, version, content).replace("<details>", "<details open>", 1)
    else:
        image = [
            '<img src="data:image/png;base64,',
            base64.b64encode(png).decode("ascii"),
            f'" alt="{escape(alt, quote=True)}" class="aiact-chart-img" '
            'style="max-width:100%;height:auto">',
        ]
        table = _milestone_table(lang, version, content)
    # joined once: the image is the bulk of the page's HTML, every copy costs kernel memory
    html = "".join(
        [
            STYLE,
            '<figure class="aiact-timeline-chart" style="margin:0">',
            *image,
            _vertical_timeline(lang, version, content),
            f"<figcaption>{escape(word('chart_title', lang))}</figcaption>{table}</figure>",
        ]
    )
    return StaticHTML(html)


__all__ = ["chart_alt_text", "chart_png", "chart_spec", "timeline_chart"]
