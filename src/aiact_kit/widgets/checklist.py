"""The checklist "before we buy or deploy" in a notebook or Voila page: :func:`checklist`
(the lines to answer) and :func:`checklist_answer` (each line with what the rules say), both
rendered by :mod:`aiact_kit.present.checklist` from the content."""

from __future__ import annotations

import ipywidgets as widgets

from aiact_kit.present.checklist import checklist_answer_html, checklist_html
from aiact_kit.widgets.facts import STYLE


def checklist(lang: str = "nl", stage: str | None = None) -> widgets.HTML:
    """The checklist lines (all stages, or one ``stage``), numbered."""
    return widgets.HTML(value=STYLE + checklist_html(stage, lang))


def checklist_answer(lang: str = "nl", stage: str | None = None) -> widgets.HTML:
    """The checklist lines with what the rules say about each, cited."""
    return widgets.HTML(value=STYLE + checklist_answer_html(stage, lang))
