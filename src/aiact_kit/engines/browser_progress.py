"""A learner's progress as one JSON record, kept in the browser's own storage by the web app
(pure Python, no ipywidgets).

In the web app many people share one server, so the server keeps nothing about a self-learner
(:mod:`aiact_kit.engines.progress` is off under Voila). Instead the page keeps this record in
the browser (``localStorage``, see :mod:`aiact_kit.widgets.browser_store`). Its answers use the
same fields as the local progress file: the ``"answer"`` event payload of the quiz
(``question_id``, ``quiz_id``, ``topic``, ``answer``, ``correct``, ``score``, ``attempt``) with
``answered_at``. Besides the answers it holds, per lesson, when it was first opened and when it
was finished, the last page opened, and the latest final-test result. No name, no account.

Everything read back from the browser is checked: a broken or foreign record gives an empty
record, a bad entry is left out, and the record is kept below :data:`MAX_ANSWERS` answers.
"""

from __future__ import annotations

import contextlib
import json
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

VERSION = 1
STORAGE_KEY = "aiact-kit-progress-v1"
MAX_ANSWERS = 2000  # the oldest answers are dropped beyond this (a few hundred KB at most)
MAX_TEXT = 200  # longest id, path or date string kept

LessonStatus = Literal["not_started", "in_progress", "done"]
STATUSES: tuple[LessonStatus, ...] = ("not_started", "in_progress", "done")

_ANSWER_FIELDS = ("question_id", "quiz_id", "topic", "correct", "score", "attempt", "answered_at")


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class LearnerRecord:
    """What the browser keeps for one learner (see the module docstring)."""

    answers: list[dict[str, Any]] = field(default_factory=list)
    lessons: dict[str, dict[str, str]] = field(default_factory=dict)  # id -> {started, done}
    last_page: dict[str, str] = field(default_factory=dict)  # {id, path}
    final: dict[str, Any] | None = None  # the latest final-test result
    seeds: dict[str, int] = field(default_factory=dict)  # quiz id -> the seed of its order

    # -- changes ----------------------------------------------------------------------------
    def add_answer(self, payload: dict[str, Any], at: str | None = None) -> None:
        """Keep one ``"answer"`` event payload (checked; a bad one raises ValueError)."""
        entry = _answer(dict(payload, answered_at=at or now()))
        if entry is None:
            raise ValueError(f"not a valid answer event: {payload!r}")
        self.answers.append(entry)
        del self.answers[:-MAX_ANSWERS]

    def open_page(self, page_id: str, path: str, at: str | None = None) -> None:
        """The learner opened a page: a lesson becomes "in progress"; it is the last page."""
        self.lessons.setdefault(_text(page_id), {}).setdefault("started", at or now())
        self.last_page = {"id": _text(page_id), "path": _text(path)}

    def finish_lesson(self, page_id: str, at: str | None = None) -> None:
        entry = self.lessons.setdefault(_text(page_id), {})
        entry.setdefault("started", at or now())
        entry.setdefault("done", at or now())

    def set_final(self, result: dict[str, Any]) -> None:
        """Keep the final-test result: ``correct``, ``total``, ``passed``, ``pass_mark`` and
        ``topics`` ({topic: [correct, total]}), with the date."""
        checked = _final(dict(result, date=result.get("date") or now()))
        if checked is None:
            raise ValueError(f"not a valid final-test result: {result!r}")
        self.final = checked

    # -- reading ----------------------------------------------------------------------------
    def answers_for(self, quiz_id: str) -> list[dict[str, Any]]:
        """The answers given in one quiz, oldest first."""
        return [a for a in self.answers if a["quiz_id"] == quiz_id]

    def status(self, page_id: str) -> LessonStatus:
        entry = self.lessons.get(page_id, {})
        if "done" in entry:
            return "done"
        return "in_progress" if entry else "not_started"

    @property
    def empty(self) -> bool:
        return not (self.answers or self.lessons or self.last_page or self.final)

    def to_json(self) -> str:
        data = {
            "version": VERSION,
            "answers": self.answers,
            "lessons": self.lessons,
            "last_page": self.last_page,
            "final": self.final,
            "seeds": self.seeds,
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


# -- reading a record back from the browser -----------------------------------------------------
def _text(value: Any) -> str:
    if not isinstance(value, str) or not value or len(value) > MAX_TEXT:
        raise ValueError(f"expected a short text, got {value!r}")
    return value


def _answer(raw: Any) -> dict[str, Any] | None:
    try:
        if not isinstance(raw, dict):
            return None
        score, attempt = raw["score"], raw["attempt"]
        if isinstance(score, bool) or not isinstance(score, (int, float)):
            return None
        if not math.isfinite(score) or not 0 <= score <= 1:
            return None
        if isinstance(attempt, bool) or not isinstance(attempt, int) or not 0 < attempt < 100:
            return None
        if not isinstance(raw["correct"], bool):
            return None
        answer = raw["answer"]
        if len(json.dumps(answer)) > 2000:
            return None
        entry = {k: raw[k] for k in _ANSWER_FIELDS}
        for k in ("question_id", "quiz_id", "topic", "answered_at"):
            entry[k] = _text(entry[k])
        entry["answer"] = answer
        return entry
    except (KeyError, TypeError, ValueError):
        return None


def _final(raw: Any) -> dict[str, Any] | None:
    try:
        correct, total, mark = raw["correct"], raw["total"], raw["pass_mark"]
        if not all(type(v) is int for v in (correct, total)) or not 0 <= correct <= total:
            return None
        if isinstance(mark, bool) or not isinstance(mark, (int, float)) or not 0 < mark <= 1:
            return None
        topics = {
            _text(t): [int(c), int(n)]
            for t, (c, n) in raw["topics"].items()
            if type(c) is int and type(n) is int and 0 <= c <= n
        }
        return {
            "correct": correct,
            "total": total,
            "pass_mark": float(mark),
            "passed": bool(total) and correct / total >= mark - 1e-9,
            "topics": topics,
            "date": _text(raw["date"]),
        }
    except (AttributeError, KeyError, TypeError, ValueError):
        return None


def parse_record(raw: str | None) -> LearnerRecord:
    """The record kept in the browser; an empty record for nothing, broken JSON, another
    version or another shape. Bad entries are left out, good ones kept."""
    if not raw:
        return LearnerRecord()
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return LearnerRecord()
    if not isinstance(data, dict) or data.get("version") != VERSION:
        return LearnerRecord()
    record = LearnerRecord()
    answers = data.get("answers")
    if isinstance(answers, list):
        record.answers = [a for a in map(_answer, answers[-MAX_ANSWERS:]) if a is not None]
    lessons = data.get("lessons")
    if isinstance(lessons, dict):
        for page_id, entry in list(lessons.items())[:200]:
            if not isinstance(entry, dict):
                continue
            try:
                kept = {k: _text(entry[k]) for k in ("started", "done") if k in entry}
                record.lessons[_text(page_id)] = kept
            except ValueError:
                continue
    page = data.get("last_page")
    if isinstance(page, dict):
        with contextlib.suppress(KeyError, ValueError):
            record.last_page = {"id": _text(page["id"]), "path": _text(page["path"])}
    if data.get("final") is not None:
        record.final = _final(data["final"])
    seeds = data.get("seeds")
    if isinstance(seeds, dict):
        record.seeds = {
            k: v
            for k, v in list(seeds.items())[:200]
            if isinstance(k, str) and len(k) <= MAX_TEXT and type(v) is int and 0 <= v < 2**32
        }
    return record


def merge(stored: LearnerRecord, fresh: LearnerRecord) -> LearnerRecord:
    """``stored`` (from the browser) with what this page recorded before it was read
    (``fresh``): answers of both (stored first), lessons of both, the fresh last page and
    final result when there are any."""
    out = LearnerRecord(
        answers=(stored.answers + fresh.answers)[-MAX_ANSWERS:],
        lessons={k: dict(v) for k, v in stored.lessons.items()},
        last_page=fresh.last_page or stored.last_page,
        final=fresh.final or stored.final,
        seeds={**fresh.seeds, **stored.seeds},
    )
    for page_id, entry in fresh.lessons.items():
        target = out.lessons.setdefault(page_id, {})
        for key, value in entry.items():
            target.setdefault(key, value)
    return out


__all__ = [
    "MAX_ANSWERS",
    "STATUSES",
    "STORAGE_KEY",
    "VERSION",
    "LearnerRecord",
    "LessonStatus",
    "merge",
    "now",
    "parse_record",
]
