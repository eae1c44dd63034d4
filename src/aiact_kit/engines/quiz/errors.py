"""The quiz's one exception, with a stable ``reason`` code the widgets translate."""

from __future__ import annotations

from typing import Any


class QuizError(ValueError):
    """Invalid quiz input or set-up. ``reason`` is a stable code the widgets translate:

    ``no_answer`` (nothing chosen), ``incomplete`` (a matching/scenario/ordering answer misses
    items), ``duplicate_position`` (widgets: two steps given the same place), ``invalid`` (wrong
    shape or unknown id), ``finished`` (the question was already finished),
    ``unknown_question``, ``selection`` (nothing to quiz on), ``config`` (bad settings),
    ``content`` (the content cannot make this question, e.g. a missing date).
    """

    def __init__(
        self,
        message: str,
        *,
        question_id: str | None = None,
        value: Any = None,
        reason: str = "invalid",
    ):
        self.question_id = question_id
        self.value = value
        self.reason = reason
        prefix = f"question '{question_id}': " if question_id else ""
        super().__init__(prefix + message)


__all__ = ["QuizError"]
