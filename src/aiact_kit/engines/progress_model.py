"""The records of local self-study progress (pure Python): where the learner stands on a
question, a quiz selection, a page and overall. The record format, and the store that reads
and writes these records, are described in :mod:`aiact_kit.engines.progress`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class QuestionProgress:
    """Where the learner stands on one question (the last answer counts)."""

    question_id: str
    quiz_id: str
    topic: str
    attempts: int
    last_answer: Any  # JSON-decoded
    last_correct: bool
    last_score: float
    best_score: float
    first_answered: str
    last_answered: str


@dataclass(frozen=True)
class QuizRecord:
    """The selection of one quiz (the ``quiz`` record of the module docstring)."""

    key: str
    page_id: str
    quiz_id: str
    seed: int
    question_ids: tuple[str, ...]
    started_at: str


@dataclass(frozen=True)
class PageProgress:
    """Where the learner stands on the quizzes of one page (lesson)."""

    page_id: str
    total: int  # questions in the page's quiz selections
    answered: int
    correct: int  # last answer right
    last_answered: str | None  # the latest answer of those questions
    finished_at: str | None  # when every question was answered: the time of the last answer

    @property
    def finished(self) -> bool:
        return self.finished_at is not None


@dataclass(frozen=True)
class ProgressSummary:
    answered: int  # questions answered at least once
    correct: int  # questions whose last answer was right
    score: float  # sum of the last scores (each 0..1)
    best: float  # sum of the best scores
    questions: dict[str, QuestionProgress]

    @property
    def percent(self) -> float | None:
        return None if not self.answered else 100.0 * self.score / self.answered


def quiz_record_from_row(row: tuple[Any, ...]) -> QuizRecord:
    """A QuizRecord from a row of the ``quizzes`` table."""
    key, page_id, quiz_id, seed, ids, at = row
    return QuizRecord(key, page_id, quiz_id, int(seed), tuple(json.loads(ids)), at)


__all__ = [
    "PageProgress",
    "ProgressSummary",
    "QuestionProgress",
    "QuizRecord",
    "quiz_record_from_row",
]
