"""Live mode in the database: the state of a session's live round (see ``live``) is one row of
``live_state`` with a version number, so every server reads the same question, lock and reveal.
Participants' and the projector's pages poll :meth:`LiveAccess.live_state` (a primary-key read)
a few times a second (``bench/live.py`` measures it); the facilitator's actions need the token.
A live answer is only stored while its question is open, checked in the same transaction as the
write.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from aiact_kit.engines.workshop.errors import LiveClosed, UnknownParticipant
from aiact_kit.engines.workshop.identity import Participants
from aiact_kit.engines.workshop.live import LiveState, accepts, step
from aiact_kit.engines.workshop.validate import AnswerRecord, normalize_code

LIVE_QUIZ_ID = "live"


@dataclass(frozen=True)
class LiveCounts:
    """How the room answered one live question (one answer each; no names)."""

    question_id: str
    responses: int
    correct: int
    counts: dict[str, int]  # the answer as canonical JSON -> how many gave it
    choices: dict[str, int]  # one option id -> how many chose it (multiple: each option)


def _now() -> datetime:
    return datetime.now(UTC)


def _choice_counts(counts: dict[str, int]) -> dict[str, int]:
    out: Counter[str] = Counter()
    for key, n in counts.items():
        value = json.loads(key)
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, bool):
                out["true" if item else "false"] += n
            elif isinstance(item, (str, int, float)):
                out[str(item)] += n
    return dict(out)


class LiveAccess(Participants):
    """Reading and changing a session's live round (a base of ``ResultsStore``)."""

    def _live_row(self, conn: Any, sid: int) -> LiveState:
        row = self._q(
            conn, "SELECT state, version FROM live_state WHERE session_id = ?", (sid,)
        ).fetchone()
        return LiveState() if row is None else LiveState.from_json(row[0], int(row[1]))

    def live_state(self, code: str) -> LiveState:
        """The live round of a session (public: no answers, no names)."""
        code = normalize_code(code)

        def work(conn: Any) -> LiveState:
            sid = self._session_row(conn, code)[0]
            return self._live_row(conn, sid)

        return self._run(work)

    def live_step(self, code: str, token: str, action: str, **options: Any) -> LiveState:
        """Apply a facilitator action (see :func:`aiact_kit.engines.workshop.live.step`)."""

        def work(conn: Any) -> LiveState:
            with self.dialect.transaction(conn):
                sid = self._authorize(conn, code, token)[0]
                old = self._live_row(conn, sid)
                new = step(old, action, _now(), **options)
                version = old.version + 1
                updated = _now().isoformat(timespec="microseconds")
                if old.version == 0:
                    self._q(
                        conn,
                        "INSERT INTO live_state (session_id, state, version, updated) "
                        "VALUES (?, ?, ?, ?)",
                        (sid, new.to_json(), version, updated),
                    )
                else:
                    self._q(
                        conn,
                        "UPDATE live_state SET state = ?, version = ?, updated = ? "
                        "WHERE session_id = ?",
                        (new.to_json(), version, updated, sid),
                    )
                return LiveState.from_json(new.to_json(), version)

        return self._run(work)

    def live_answer(self, participant_id: int, rec: AnswerRecord) -> bool:
        """Store a live answer while its question is open; :class:`LiveClosed` otherwise.
        Returns False when this participant already answered it (the first answer counts)."""
        if isinstance(participant_id, bool) or not isinstance(participant_id, int):
            raise UnknownParticipant(f"not a participant id: {participant_id!r}")

        def work(conn: Any) -> bool:
            with self.dialect.transaction(conn):
                row = self._q(
                    conn, "SELECT session_id FROM participants WHERE id = ?", (participant_id,)
                ).fetchone()
                if row is None:
                    raise UnknownParticipant(f"participant {participant_id} is in no session")
                state = self._live_row(conn, row[0])
                if not accepts(state, rec.question_id, _now()):
                    raise LiveClosed(f"question {rec.question_id} is not open for answers")
                # one live answer per participant and question; it comes after any answer
                # they gave to the same question in the self-paced quiz (a later attempt)
                done = self._q(
                    conn,
                    "SELECT MAX(attempt), SUM(CASE WHEN quiz_id = ? THEN 1 ELSE 0 END) "
                    "FROM answers WHERE participant_id = ? AND question_id = ?",
                    (LIVE_QUIZ_ID, participant_id, rec.question_id),
                ).fetchone()
                if done is not None and done[1]:
                    return False
                attempt = int(done[0] or 0) + 1 if done is not None else 1
                self._q(
                    conn,
                    "INSERT INTO answers (session_id, participant_id, question_id, topic, "
                    "quiz_id, answer, correct, score, attempt, answered_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        row[0],
                        participant_id,
                        rec.question_id,
                        rec.topic,
                        LIVE_QUIZ_ID,
                        rec.answer_json,
                        int(rec.correct),
                        rec.score,
                        attempt,
                        _now().isoformat(timespec="microseconds"),
                    ),
                )
                return True

        try:
            return self._run(work)
        except self.dialect.integrity_errors:
            return False  # the same participant's other send won: the first answer counts

    def live_names(self, code: str) -> list[str]:
        """The nicknames, in order of joining, only while the facilitator has switched them on
        for the projector (else an empty list). Raw text: escape before showing."""
        code = normalize_code(code)

        def work(conn: Any) -> list[str]:
            sid = self._session_row(conn, code)[0]
            if not self._live_row(conn, sid).show_names:
                return []
            rows = self._q(
                conn, "SELECT pseudonym FROM participants WHERE session_id = ? ORDER BY id", (sid,)
            ).fetchall()
            return [str(r[0]) for r in rows]

        return self._run(work)

    def live_counts(self, code: str, question_id: str) -> LiveCounts:
        """How the room answered a question in the live round (one answer each; no names)."""
        code = normalize_code(code)

        def work(conn: Any) -> LiveCounts:
            sid = self._session_row(conn, code)[0]
            rows = self._q(
                conn,
                "SELECT answer, correct FROM answers WHERE session_id = ? AND question_id = ? "
                "AND quiz_id = ?",
                (sid, question_id, LIVE_QUIZ_ID),
            ).fetchall()
            counts = Counter(str(r[0]) for r in rows)
            return LiveCounts(
                question_id,
                len(rows),
                sum(1 for r in rows if r[1]),
                dict(counts),
                _choice_counts(dict(counts)),
            )

        return self._run(work)


__all__ = ["LIVE_QUIZ_ID", "LiveAccess", "LiveCounts"]
