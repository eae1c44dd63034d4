"""Which questions a quiz asks, and in which order: a selection of topics and question ids,
shuffled with a seed and cut to a limit."""

from __future__ import annotations

import random
from collections.abc import Iterable

from aiact_kit.content import Content, default_content
from aiact_kit.content.records import TOPICS
from aiact_kit.engines.quiz.errors import QuizError


def questions_for(selection: str | Iterable[str], content: Content | None = None) -> list[str]:
    """Question ids for a topic, a question id, or a list mixing topics and question ids
    (in content order per topic, duplicates removed)."""
    content = content or default_content()
    bank = content.items.get("questions", {})
    items = [selection] if isinstance(selection, str) else list(selection)
    if not items:
        raise QuizError("empty selection: give a topic or question ids", reason="selection")
    ids: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise QuizError(
                f"a selection item must be a topic or question id, not {type(item).__name__} "
                f"{item!r}",
                value=item,
                reason="selection",
            )
        if item in bank:
            found = [item]
        elif item in TOPICS:
            found = content.ids_where("questions", topic=item)  # reads only those questions
            if not found:
                raise QuizError(
                    f"there are no questions on topic {item!r} yet", value=item, reason="selection"
                )
        else:
            raise QuizError(
                f"{item!r} is neither a topic ({', '.join(TOPICS)}) nor a question id",
                value=item,
                reason="selection",
            )
        ids.extend(i for i in found if i not in ids)
    return ids


def quiz_topics(content: Content | None = None) -> dict[str, int]:
    """Topics that have questions, with the number of questions, in the kit's topic order."""
    content = content or default_content()
    counts = dict.fromkeys(TOPICS, 0)
    for q in content.kind("questions"):
        counts[q.topic] += 1
    return {topic: n for topic, n in counts.items() if n}


def arrange_questions(
    ids: list[str], seed: int | str, shuffle: bool = True, limit: int | None = None
) -> list[str]:
    """``ids`` shuffled with ``seed`` (the same seed gives the same order) unless ``shuffle``
    is false, then the first ``limit``."""
    ids = list(ids)
    if shuffle:
        random.Random(f"order:{seed}").shuffle(ids)
    if limit is not None:
        ids = ids[:limit]
    return ids


def option_rng(seed: int | str, question_id: str) -> random.Random:
    """The generator that shuffles the options of one question of a seeded quiz."""
    return random.Random(f"options:{seed}:{question_id}")


__all__ = ["arrange_questions", "option_rng", "questions_for", "quiz_topics"]
