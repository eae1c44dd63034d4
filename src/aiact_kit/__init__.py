"""AI Act Leerkit: learn the EU AI Act (Regulation (EU) 2024/1689 as amended by Regulation (EU)
2026/1744) with bilingual quizzes, a decision aid and a timeline.

The interactive helpers are imported lazily so that ``import aiact_kit`` stays light and the
pure engines never pull in ipywidgets.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# public name -> "module:attribute", resolved on first use
_LAZY = {
    "load_content": "aiact_kit.content:load_content",
    "default_content": "aiact_kit.content:default_content",
    "ContentError": "aiact_kit.content:ContentError",
    "show": "aiact_kit.widgets.facts:show",
    "glossary": "aiact_kit.widgets.facts:glossary",
    "about": "aiact_kit.widgets.facts:about",
    "quiz": "aiact_kit.widgets.quiz:quiz",
    "quiz_topics": "aiact_kit.engines.quiz:quiz_topics",
    "timeline_chart": "aiact_kit.widgets.timeline:timeline_chart",
    "timeline_explorer": "aiact_kit.widgets.timeline:timeline_explorer",
    "changes_2026": "aiact_kit.widgets.timeline:changes_2026",
    "order_milestones": "aiact_kit.widgets.timeline:order_milestones",
    "final_test_ids": "aiact_kit.engines.final_test:final_test_ids",
    "question_card": "aiact_kit.widgets.worksheet:question_card",
    "question_answer": "aiact_kit.widgets.worksheet:question_answer",
    "applies_question": "aiact_kit.widgets.worksheet:applies_question",
    "applies_answer": "aiact_kit.widgets.worksheet:applies_answer",
    "checklist": "aiact_kit.widgets.checklist:checklist",
    "checklist_answer": "aiact_kit.widgets.checklist:checklist_answer",
    "case_card": "aiact_kit.widgets.worksheet_cases:case_card",
    "case_solution": "aiact_kit.widgets.worksheet_cases:case_solution",
    "page_nav": "aiact_kit.widgets.nav:page_nav",
    "progress": "aiact_kit.present.progress_view:progress",
    "landing": "aiact_kit.widgets.nav:landing",
    "decision_aid": "aiact_kit.widgets.decision:decision_aid",
    "case_exercise": "aiact_kit.widgets.case_exercise:case_exercise",
    "case_ids": "aiact_kit.engines.decision:case_ids",
    "join_session": "aiact_kit.widgets.workshop:join_session",
    "facilitator_dashboard": "aiact_kit.widgets.workshop:facilitator_dashboard",
    "projector_screen": "aiact_kit.widgets.workshop:projector_screen",
    "create_session": "aiact_kit.widgets.workshop:create_session",
}


def __getattr__(name: str) -> Any:
    target = _LAZY.get(name)
    if target is None:
        raise AttributeError(f"module 'aiact_kit' has no attribute {name!r}")
    module_name, attr = target.split(":")
    value = getattr(importlib.import_module(module_name), attr)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(list(globals()) + list(_LAZY))


__all__ = ["__version__", *_LAZY]
