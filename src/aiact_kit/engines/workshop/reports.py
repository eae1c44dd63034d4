"""What the facilitator reads: the result types, the aggregates of a session (answer
distribution and share correct per question, participants, the participation summary) and the
anonymous CSV export.

Every function here works on one consistent read of a session (:data:`Snapshot`: the session
row, its participants and its answers, see :meth:`ResultsStore._read
<aiact_kit.engines.workshop.store.ResultsStore>`), so the dashboard's numbers agree with each
other. Aggregates count each participant's *first* attempt at a question: what the room knew
before feedback; later attempts are counted separately (``attempts``).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

Row = tuple[Any, ...]
# (session row, participant rows, answer rows): one consistent read of a session.
# session: id, code, title, lang, created, token_hash, quiz
# participant: id, pseudonym
# answer: participant_id, question_id, attempt, score, correct, answer, topic, quiz_id, answered_at
Snapshot = tuple[Row, list[Row], list[Row]]


@dataclass(frozen=True)
class SessionInfo:
    code: str
    title: str
    lang: str
    created: str  # ISO 8601, UTC
    quiz: tuple[str, ...] = ()  # what participants answer: topics and/or question ids


@dataclass(frozen=True)
class Participant:
    id: int
    number: int  # 1, 2, 3 ... in order of joining; used instead of the pseudonym in exports
    pseudonym: str  # raw: escape before showing
    answered: int  # questions answered (first attempts)
    average_score: float | None  # 0..1 over first attempts


@dataclass(frozen=True)
class AnswerCount:
    answer: Any  # the answer as given (decoded JSON)
    key: str  # the answer as canonical JSON
    count: int
    correct: bool  # this answer was graded correct


@dataclass(frozen=True)
class QuestionStats:
    question_id: str
    topic: str
    responses: int  # participants who answered (first attempt)
    correct: int
    pct_correct: float  # 0..100
    average_score: float  # 0..1
    attempts: int  # all attempts, including retries after feedback
    distribution: tuple[AnswerCount, ...]  # most chosen first
    pct_final: float = 0.0  # 0..100: right at each participant's last attempt
    first_index: int = 0  # order of the question's first answer in the session


@dataclass(frozen=True)
class SessionStats:
    session: SessionInfo
    participants: int  # joined
    active_participants: int  # answered at least one question
    answers: int  # stored answers (all attempts)
    questions: tuple[QuestionStats, ...]  # hardest first

    def in_session_order(self) -> tuple[QuestionStats, ...]:
        """The questions in the order the session reached them (stable while answers come)."""
        return tuple(sorted(self.questions, key=lambda q: q.first_index))


@dataclass(frozen=True)
class ParticipationSummary:
    """Evidence of an AI-literacy measure (Art. 4 AI Act); contains no personal data."""

    code: str
    title: str
    lang: str
    created: str
    first_answer: str | None
    last_answer: str | None
    topics: tuple[str, ...]
    questions: int
    participants: int
    active_participants: int
    average_score: float | None  # 0..1, first attempts
    answers: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["topics"] = list(self.topics)
        return data


@dataclass(frozen=True)
class SessionReport:
    """Everything the facilitator dashboard shows, read at one moment."""

    stats: SessionStats
    participants: list[Participant]
    summary: ParticipationSummary


def session_info(row: Sequence[Any]) -> SessionInfo:
    """The public facts of a session from its row (id, code, title, lang, created, ..., quiz)."""
    quiz = tuple(json.loads(row[6])) if len(row) > 6 and row[6] else ()
    return SessionInfo(row[1], row[2], row[3], row[4], quiz)


def session_stats(row: Row, people: list[Row], answers: list[Row]) -> SessionStats:
    """Per question the answer distribution and share correct (first attempts), hardest first."""
    firsts = first_attempts(answers)
    attempts = Counter(a[1] for a in answers)
    lasts: dict[tuple[Any, Any], Sequence[Any]] = {}
    seen: dict[str, int] = {}
    for a in answers:  # rows in the order they were stored
        seen.setdefault(a[1], len(seen))
        if (a[0], a[1]) not in lasts or a[2] >= lasts[(a[0], a[1])][2]:
            lasts[(a[0], a[1])] = a
    by_question: dict[str, list[Sequence[Any]]] = {}
    for first in firsts.values():
        by_question.setdefault(first[1], []).append(first)
    questions = []
    for qid, rows in by_question.items():
        counts: Counter[str] = Counter(r[5] for r in rows)
        correct_keys = {r[5] for r in rows if r[4]}
        distribution = tuple(
            AnswerCount(json.loads(key), key, n, key in correct_keys)
            for key, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        )
        n_correct = sum(1 for r in rows if r[4])
        finals = [r for (_p, q), r in lasts.items() if q == qid]
        questions.append(
            QuestionStats(
                question_id=qid,
                topic=next((r[6] for r in rows if r[6]), ""),
                responses=len(rows),
                correct=n_correct,
                pct_correct=100.0 * n_correct / len(rows),
                average_score=sum(r[3] for r in rows) / len(rows),
                attempts=attempts[qid],
                distribution=distribution,
                pct_final=100.0 * sum(1 for r in finals if r[4]) / len(finals),
                first_index=seen[qid],
            )
        )
    questions.sort(key=lambda q: (q.pct_correct, q.average_score, -q.responses, q.question_id))
    return SessionStats(
        session=session_info(row),
        participants=len(people),
        active_participants=len({a[0] for a in answers}),
        answers=len(answers),
        questions=tuple(questions),
    )


def participant_list(row: Row, people: list[Row], answers: list[Row]) -> list[Participant]:
    """Everyone who joined, numbered in order of joining, with their first-attempt score."""
    scores: dict[int, list[float]] = {}
    for a in first_attempts(answers).values():
        scores.setdefault(a[0], []).append(a[3])
    result = []
    for number, (pid, pseudonym) in enumerate(people, start=1):
        s = scores.get(pid, [])
        average = sum(s) / len(s) if s else None
        result.append(Participant(int(pid), number, pseudonym, len(s), average))
    return result


def participation_summary(row: Row, people: list[Row], answers: list[Row]) -> ParticipationSummary:
    """The participation summary of a session (no personal data)."""
    scores = [a[3] for a in first_attempts(answers).values()]
    times = sorted(a[8] for a in answers)
    return ParticipationSummary(
        code=row[1],
        title=row[2],
        lang=row[3],
        created=row[4],
        first_answer=times[0] if times else None,
        last_answer=times[-1] if times else None,
        topics=tuple(sorted({a[6] for a in answers if a[6]})),
        questions=len({a[1] for a in answers}),
        participants=len(people),
        active_participants=len({a[0] for a in answers}),
        average_score=sum(scores) / len(scores) if scores else None,
        answers=len(answers),
    )


EXPORT_COLUMNS = [
    "session",
    "participant",
    "question_id",
    "topic",
    "quiz_id",
    "attempt",
    "answer",
    "correct",
    "score",
    "answered_at",
]


# A cell a spreadsheet may read as a formula starts with one of these (OWASP "CSV injection":
# = + - @ tab carriage return; also line feed and the fullwidth forms of = + - @).
_FORMULA_START = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
# Inside a cell: a formula character after a separator that a spreadsheet may split on when it
# opens the file with another delimiter (Dutch Excel splits on ';') or breaks the line at,
# after optional blanks and quote marks.
_FORMULA_INSIDE = re.compile(r"([;\t\r\n][ \"']*)([=+\-@\uff1d\uff0b\uff0d\uff20])")


def _csv_safe(value: Any) -> Any:
    """A cell of the CSV export that no spreadsheet runs as a formula.

    Text (every ``str`` cell: ids, topics, the answer as JSON) that starts with a formula
    character, also after leading blanks, gets a leading ``'``, so a spreadsheet shows it as
    text: ``=HYPERLINK(...)``, ``+1``, ``@SUM(1)`` and also ``-1`` and ``-1+2`` (a negative
    number written as text is text in this export, never a number). A formula character
    inside text right after ``;``, a tab or a line break gets a ``'`` before it too, so a
    spreadsheet that splits there does not start a cell with it. Numbers the export itself
    makes (participant number, attempt, correct, score) are ``int``/``float`` and stay numbers.
    """
    if not isinstance(value, str) or not value:
        return value
    value = _FORMULA_INSIDE.sub(r"\1'\2", value)
    if value.lstrip(" \u00a0\u3000")[:1] in _FORMULA_START:
        value = "'" + value
    return value


csv_safe = _csv_safe  # public name: the labelled export (present) uses the same rule


def first_attempts(rows: Sequence[Sequence[Any]]) -> dict[tuple[Any, Any], Sequence[Any]]:
    """(participant, question) -> the row with the lowest attempt (rows: pid, qid, attempt...)."""
    firsts: dict[tuple[Any, Any], Sequence[Any]] = {}
    for r in rows:
        key = (r[0], r[1])
        if key not in firsts or r[2] < firsts[key][2]:
            firsts[key] = r
    return firsts


def export_rows(row: Row, people: list[Row], answers: list[Row]) -> list[dict[str, Any]]:
    """Anonymous results: one row per stored answer, participants by number only."""
    numbers = {pid: n for n, (pid, _name) in enumerate(people, start=1)}
    return [
        {
            "session": row[1],
            "participant": numbers.get(a[0], 0),
            "question_id": a[1],
            "topic": a[6],
            "quiz_id": a[7],
            "attempt": a[2],
            "answer": a[5],
            "correct": int(a[4]),
            "score": round(float(a[3]), 4),
            "answered_at": a[8],
        }
        for a in answers
    ]


def export_csv(rows: list[dict[str, Any]]) -> str:
    """The rows of :func:`export_rows` as CSV text, every cell made safe (:func:`_csv_safe`)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: _csv_safe(v) for k, v in r.items()})
    return out.getvalue()


__all__ = [
    "EXPORT_COLUMNS",
    "AnswerCount",
    "Participant",
    "ParticipationSummary",
    "QuestionStats",
    "Row",
    "SessionInfo",
    "SessionReport",
    "SessionStats",
    "Snapshot",
    "csv_safe",
    "export_csv",
    "export_rows",
    "first_attempts",
    "participant_list",
    "participation_summary",
    "session_info",
    "session_stats",
]
