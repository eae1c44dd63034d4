"""A small question bank with one or more questions of every type, for quiz engine and widget
tests. It is loaded next to copies of the shipped meta and timeline, so dates are real."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from aiact_kit.content import CONTENT_DIR, load_content


def t(nl: str, en: str | None = None) -> dict:
    return {"nl": nl, "en": en or f"{nl} (en)"}


def opt(id_: str, correct: bool = False, feedback: str | None = None) -> dict:
    o = {"id": id_, "text": t(f"Optie {id_}", f"Option {id_}"), "correct": correct}
    if feedback:
        o["feedback"] = t(feedback)
    return o


QUESTIONS = [
    {
        "id": "t-single",
        "type": "single",
        "topic": "scope",
        "difficulty": 1,
        "prompt": t("Welke optie?", "Which option?"),
        "options": [opt("a", True, "Goed gekozen"), opt("b", False, "Fout gekozen"), opt("c")],
        "hint": t("Denk aan a.", "Think of a."),
        "explanation": t("Uitleg vanaf {date:chapters-i-ii}.", "Explanation."),
        "citations": ["Art. 2(1)", "Annex III 5(a)"],
    },
    {
        "id": "t-multiple",
        "type": "multiple",
        "topic": "scope",
        "difficulty": 2,
        "prompt": t("Welke opties?", "Which options?"),
        "options": [opt("a", True), opt("b", True), opt("c", False, "Niet c"), opt("d"), opt("e")],
        "explanation": t("a en b.", "a and b."),
        "citations": ["Art. 2(3)"],
    },
    {
        "id": "t-tf",
        "type": "true_false",
        "topic": "roles",
        "difficulty": 1,
        "prompt": t("Stelling.", "Statement."),
        "answer": False,
        "explanation": t("Niet waar.", "False."),
        "citations": ["Art. 3(4)"],
    },
    {
        "id": "t-match",
        "type": "matching",
        "topic": "roles",
        "difficulty": 2,
        "prompt": t("Koppel.", "Match."),
        "pairs": [
            {"id": "p1", "left": t("Links 1", "Left 1"), "right": t("Rechts A", "Right A")},
            {"id": "p2", "left": t("Links 2", "Left 2"), "right": t("Rechts B", "Right B")},
            {"id": "p3", "left": t("Links 3", "Left 3"), "right": t("Rechts A", "Right A")},
        ],
        "explanation": t("Zo.", "Like so."),
        "citations": ["Art. 3(3)"],
    },
    {
        "id": "t-order",
        "type": "ordering",
        "topic": "roles",
        "difficulty": 2,
        "prompt": t("Volgorde.", "Order."),
        "sequence": [
            {"id": "s1", "text": t("Stap een", "Step one")},
            {"id": "s2", "text": t("Stap twee", "Step two")},
            {"id": "s3", "text": t("Stap drie", "Step three")},
            {"id": "s4", "text": t("Stap vier", "Step four")},
        ],
        "hint": t("Tel.", "Count."),
        "explanation": t("Een tot vier.", "One to four."),
        "citations": ["Art. 3(9)"],
    },
    {
        "id": "t-order-ms",
        "type": "ordering",
        "topic": "timeline",
        "difficulty": 3,
        "prompt": t("Op datum.", "By date."),
        "sequence": [
            {"id": "general", "milestone": "general-application"},
            {"id": "first", "milestone": "chapters-i-ii"},
            {"id": "nudify", "milestone": "new-prohibitions"},
            {"id": "marking", "milestone": "generative-legacy"},
        ],
        "explanation": t("Op datum.", "By date."),
        "citations": ["Art. 113"],
    },
    {
        "id": "t-date",
        "type": "date",
        "topic": "timeline",
        "difficulty": 1,
        "prompt": t("Wanneer?", "When?"),
        "milestone": "annex-iii-high-risk",
        "distractors": [
            "general-application",
            "annex-i-high-risk",
            "chapters-i-ii",
            "sandboxes",
            "gpai-legacy",
        ],
        "explanation": t("Vanaf {date:annex-iii-high-risk}.", "From {date:annex-iii-high-risk}."),
        "citations": ["Art. 113(c)(i)"],
    },
    {
        "id": "t-date-original",
        "type": "date",
        "topic": "timeline",
        "difficulty": 3,
        "version": "original",
        "prompt": t("Wanneer oorspronkelijk?", "When originally?"),
        "milestone": "annex-iii-high-risk",
        "distractors": ["general-application", "new-prohibitions", "annex-i-high-risk"],
        "explanation": t("Vanaf {date:annex-iii-high-risk}.", "From {date:annex-iii-high-risk}."),
        "citations": ["Art. 113"],
    },
    {
        "id": "t-scenario",
        "type": "scenario",
        "topic": "literacy",
        "difficulty": 2,
        "prompt": t("Casusvragen.", "Case questions."),
        "scenario": t("Een gemeente doet iets.", "A municipality does something."),
        "parts": [
            {
                "id": "q1",
                "label": t("Rol", "Role"),
                "options": [opt("x", True), opt("y", False, "Y is fout")],
            },
            {"id": "q2", "label": t("Risico", "Risk"), "options": [opt("x"), opt("y", True)]},
            {"id": "q3", "label": t("Plicht", "Duty"), "options": [opt("x", True), opt("z")]},
        ],
        "explanation": t("Casusuitleg.", "Case explanation."),
        "citations": ["Art. 4(1)"],
    },
]


def make_bank(path: Path, questions: list[dict] | None = None, timeline_edit=None) -> Path:
    """Write a content directory: shipped meta and timeline plus the test questions.

    ``timeline_edit(data)`` may change the loaded timeline YAML before it is written.
    """
    path.mkdir(parents=True, exist_ok=True)
    shutil.copy(CONTENT_DIR / "meta.yaml", path / "meta.yaml")
    timeline = yaml.safe_load((CONTENT_DIR / "timeline.yaml").read_text(encoding="utf-8"))
    if timeline_edit is not None:
        timeline_edit(timeline)
    (path / "timeline.yaml").write_text(yaml.safe_dump(timeline, allow_unicode=True))
    data = {"kind": "questions", "items": questions if questions is not None else QUESTIONS}
    (path / "questions-test.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
    return path


def load_bank(path: Path, **kwargs):
    return load_content(make_bank(path, **kwargs))


def set_milestone(milestone_id: str, field: str, value: str):
    """A timeline_edit that sets one date of one milestone."""

    def edit(data: dict) -> None:
        for item in data["items"]:
            if item["id"] == milestone_id:
                item[field] = value
                return
        raise KeyError(milestone_id)

    return edit
