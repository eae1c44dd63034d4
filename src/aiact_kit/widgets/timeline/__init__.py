"""Timeline views: a chart of the milestones, an explorer "what applies on this date", the
2026 changes and an ordering exercise. The views hold no legal knowledge: everything comes from
:mod:`aiact_kit.engines.timeline` (the engine) and the timeline data; their words come from the
text catalogue (``content/text/timeline.yaml``).

One module per view: :mod:`.chart`, :mod:`.explorer`, :mod:`.changes`, :mod:`.ordering`
(and :mod:`.common`, what they share). Import from this package.
"""

from __future__ import annotations

from typing import Any

from aiact_kit.widgets.timeline.changes import changes_2026, changes_html
from aiact_kit.widgets.timeline.chart import chart_alt_text, chart_png, chart_spec, timeline_chart
from aiact_kit.widgets.timeline.common import STYLE
from aiact_kit.widgets.timeline.explorer import TimelineExplorer, result_html, timeline_explorer
from aiact_kit.widgets.timeline.ordering import (
    DEFAULT_ORDER_IDS,
    OrderMilestones,
    order_milestones,
    ordering_question,
)


def __getattr__(name: str) -> Any:
    # ``WORDS[lang][key]``: the views' words as a table, for code written before the text
    # catalogue (built on first use; new code calls ``text("timeline.<key>", lang)``).
    if name == "WORDS":
        from aiact_kit.content.records import LANGS
        from aiact_kit.content.text import texts

        entries = texts("timeline.")
        return {lang: {key: entry[lang] for key, entry in entries.items()} for lang in LANGS}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "timeline_chart",
    "timeline_explorer",
    "changes_2026",
    "order_milestones",
    "TimelineExplorer",
    "OrderMilestones",
    "chart_png",
    "chart_spec",
    "chart_alt_text",
    "result_html",
    "changes_html",
    "ordering_question",
    "DEFAULT_ORDER_IDS",
    "STYLE",
]
