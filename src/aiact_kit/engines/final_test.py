"""The question selection of the final test (lesson 10): a balanced set from every quiz topic.

Pure Python (no ipywidgets). ``quiz()`` accepts a list of topics, but then takes *every*
question of those topics (and ``limit`` cuts after shuffling, so some topics may be missing).
The final test instead takes the same number of questions from each topic, spread evenly over
the topic's questions in content order, so the selection is deterministic (every participant of
a workshop gets the same questions) and covers easy and harder questions alike.

Notebook use::

    from aiact_kit import final_test_ids, quiz
    quiz(final_test_ids(per_topic=3), lang="nl", quiz_id="final-test")
"""

from __future__ import annotations

from collections.abc import Iterable

from aiact_kit.content import Content, default_content
from aiact_kit.content.records import TOPICS
from aiact_kit.engines.quiz import QuizError


def _spread(ids: list[str], k: int) -> list[str]:
    """``k`` items of ``ids`` spread evenly (all of them when there are no more than ``k``)."""
    n = len(ids)
    if n <= k:
        return list(ids)
    return [ids[(2 * i + 1) * n // (2 * k)] for i in range(k)]


def final_test_ids(
    per_topic: int = 3,
    topics: Iterable[str] | None = None,
    content: Content | None = None,
) -> list[str]:
    """Question ids for the final test: up to ``per_topic`` questions from each topic (all
    topics that have questions, or the listed ``topics``), in the kit's topic order.

    Raises :class:`aiact_kit.engines.quiz.QuizError` for a ``per_topic`` below 1, an unknown
    topic, a listed topic without questions, or when no question is found at all."""
    if isinstance(per_topic, bool) or not isinstance(per_topic, int) or per_topic < 1:
        raise QuizError(
            f"per_topic must be a whole number of at least 1, got {per_topic!r}",
            value=per_topic,
            reason="config",
        )
    content = content or default_content()
    # by the topic index: reads only the questions that are picked
    by_topic = {t: content.ids_where("questions", topic=t) for t in TOPICS}
    if topics is None:
        wanted = [t for t in TOPICS if by_topic[t]]
    else:
        wanted = list(topics)
        for t in wanted:
            if t not in by_topic:
                raise QuizError(
                    f"unknown topic {t!r}; known topics: {', '.join(TOPICS)}",
                    value=t,
                    reason="selection",
                )
            if not by_topic[t]:
                raise QuizError(
                    f"there are no questions on topic {t!r} yet", value=t, reason="selection"
                )
    ids = [i for t in wanted for i in _spread(by_topic[t], per_topic)]
    if not ids:
        raise QuizError("there are no quiz questions in the content", reason="selection")
    return ids


__all__ = ["final_test_ids"]
