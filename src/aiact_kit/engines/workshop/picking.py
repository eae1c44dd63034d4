"""Which questions a live round asks, as the facilitator chooses them on the page: a number of
questions from chosen topics, the balanced final test, the quiz of a lesson, or hand-picked.

Only questions whose answers are options (:data:`LIVE_TYPES`) can be asked live, so the room's
answers can be shown per option. A lesson's quiz is what the lesson page asks: the arguments
of the ``quiz(...)`` calls in the lesson's notebook, read as literals (never run).
"""

from __future__ import annotations

import ast
import json
import random
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from aiact_kit.content import Content, default_content
from aiact_kit.engines.workshop.errors import InvalidInput

LIVE_TYPES = ("single", "multiple", "true_false", "date")


def live_ids(content: Content | None = None, topics: Iterable[str] | None = None) -> list[str]:
    """Every question that can be asked live (of ``topics`` when given), in content order."""
    content = content or default_content()
    wanted = None if topics is None else set(topics)
    return [
        q.id
        for q in content.kind("questions")
        if q.type in LIVE_TYPES and (wanted is None or q.topic in wanted)
    ]


def from_topics(
    topics: Iterable[str], count: int, seed: str, content: Content | None = None
) -> list[str]:
    """``count`` questions drawn from ``topics`` (the same ``seed`` draws the same ones), in
    content order."""
    chosen = list(topics)
    if not chosen:
        raise InvalidInput("tick at least one topic", "no_topics")
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise InvalidInput(f"the number of questions must be 1 or more, not {count!r}", "count")
    ids = live_ids(content, chosen)
    if not ids:
        raise InvalidInput("the ticked topics have no questions for a live round", "no_questions")
    picked = set(random.Random(f"live:{seed}").sample(ids, min(count, len(ids))))
    return [i for i in ids if i in picked]


def final_test(per_topic: int = 1, content: Content | None = None) -> list[str]:
    """The final test's balanced choice, kept to live questions: ``per_topic`` from each topic."""
    content = content or default_content()
    out: list[str] = []
    for topic in dict.fromkeys(q.topic for q in content.kind("questions")):
        ids = live_ids(content, [topic])
        n = len(ids)
        k = min(per_topic, n)
        out += [ids[(2 * i + 1) * n // (2 * k)] for i in range(k)] if k else []
    return out


def _quiz_calls(source: str) -> list[Any]:
    """The first argument of every ``quiz(...)`` call in ``source``, when it is a literal."""
    found: list[Any] = []
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return found
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "quiz"
            and node.args
        ):
            try:
                found.append(ast.literal_eval(node.args[0]))
            except ValueError:
                continue
    return found


def lesson_quiz(notebook: Path, content: Content | None = None) -> list[str]:
    """The live questions the lesson in ``notebook`` asks in its quizzes (topics expanded)."""
    content = content or default_content()
    try:
        cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError) as exc:
        raise InvalidInput(f"cannot read the lesson {notebook.name}: {exc}", "lesson") from None
    questions = {q.id: q for q in content.kind("questions")}
    out: list[str] = []
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        source = "".join(cell.get("source", []))
        for selection in _quiz_calls(source):
            items = [selection] if isinstance(selection, str) else list(selection)
            for item in items:
                if item in questions:
                    ids = [item]
                else:
                    ids = [q.id for q in questions.values() if q.topic == item]
                out += [i for i in ids if questions[i].type in LIVE_TYPES and i not in out]
    if not out:
        raise InvalidInput(
            f"the lesson {notebook.name} has no questions for a live round", "lesson"
        )
    return out


def hand_picked(ids: Iterable[str], content: Content | None = None) -> list[str]:
    """The ticked questions, checked: each must be a live question."""
    allowed = set(live_ids(content))
    out = list(dict.fromkeys(ids))
    for i in out:
        if i not in allowed:
            raise InvalidInput(f"{i!r} is not a question that can be asked live", "question")
    if not out:
        raise InvalidInput("tick at least one question", "no_questions")
    return out


__all__ = ["LIVE_TYPES", "final_test", "from_topics", "hand_picked", "lesson_quiz", "live_ids"]
