"""The workshop results store: sessions, participants and answers (pure Python, no
ipywidgets).

A facilitator opens a *session* (a short code plus a secret facilitator token); participants
*join* it under a pseudonym and every checked quiz answer is *recorded* once. The facilitator
reads aggregates (answer distribution and share correct per question, hardest first), exports
anonymous results as CSV, prints a participation summary (evidence of AI-literacy measures,
Art. 4 AI Act) and deletes the session with all its answers and participants.

The database is chosen by the ``url`` argument, else ``AIACT_KIT_DB``, else
``<user data dir>/results.sqlite`` (see :mod:`aiact_kit.engines.workshop.db`).

Privacy: a participant is only a pseudonym (validated, stored as typed, never interpreted;
whoever shows it must escape it). Exports use participant numbers, never pseudonyms. Deleting a
session deletes its answers and participants.

Idempotency: an answer is identified by (participant, question, attempt); writing the same
submission again (a retry after a timeout, a double click) is ignored (``INSERT ... ON CONFLICT
DO NOTHING``), so it never counts twice. A nickname is taken by the first person who joins
under it; only they get back in, with their personal rejoin code (see ``identity``).
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from aiact_kit.engines.workshop.access import token_hash
from aiact_kit.engines.workshop.db import Dialect, make_dialect
from aiact_kit.engines.workshop.errors import (
    StoreError,
    UnknownParticipant,
)
from aiact_kit.engines.workshop.live_store import LiveAccess
from aiact_kit.engines.workshop.record import (
    DEFAULT_TZ,
    ParticipationRecord,
    build_record,
    zone,
)
from aiact_kit.engines.workshop.reports import (
    Participant,
    ParticipationSummary,
    Row,
    SessionReport,
    SessionStats,
    Snapshot,
    export_csv,
    export_rows,
    first_attempts,
    participant_list,
    participation_summary,
    session_stats,
)
from aiact_kit.engines.workshop.validate import (
    CODE_ALPHABET,
    CODE_LENGTH,
    TITLE_MAX,
    TOKEN_ALPHABET,
    TOKEN_LENGTH,
    AnswerRecord,
    answer_from_event,
    clean_text,
    quiz_ids,
    validate_answer,
)


@dataclass(frozen=True)
class Credentials:
    """What the facilitator gets when opening a session. Keep the token secret."""

    code: str
    token: str

    def __iter__(self) -> Iterator[str]:  # code, token = store.create_session(...)
        return iter((self.code, self.token))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


class ResultsStore(LiveAccess):
    """Workshop sessions, participants and answers in SQLite or PostgreSQL.

    Thread-safe: each thread uses its own connection. Safe across processes: SQLite in WAL mode
    with a busy timeout; PostgreSQL by its own locking. Use as a context manager or call
    :meth:`close`.
    """

    def __init__(
        self,
        url: str | os.PathLike[str] | None = None,
        *,
        busy_timeout: float = 30.0,
        synchronous: str = "NORMAL",
        migrate: bool = True,
        dialect: Dialect | None = None,
    ):
        super().__init__(
            dialect or make_dialect(url, busy_timeout=busy_timeout, synchronous=synchronous)
        )
        if migrate:
            self.upgrade()

    # -- sessions -------------------------------------------------------------------------
    def create_session(
        self, title: str, lang: str = "nl", quiz: Sequence[str] = (), organisation: str = ""
    ) -> Credentials:
        """Open a session; returns its code (for participants) and the facilitator token
        (shown once; only its hash is stored). ``quiz``: the topics and/or question ids the
        participants answer on the join page (see :func:`check_quiz_selection`)."""
        from aiact_kit.content.vocabulary import (
            check_lang,  # imported here: keeps the store import light
        )

        title = clean_text(title, "the session title", TITLE_MAX)
        org = clean_text(organisation, "the organisation", TITLE_MAX, allow_empty=True)
        check_lang(lang)
        quiz_json = json.dumps(quiz_ids(quiz))
        # letters and digits only (about 143 bits): never starts with '-', which a command
        # line would read as an option; easy to copy
        token = "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(TOKEN_LENGTH))
        for _ in range(20):
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))

            def work(conn: Any, code: str = code) -> bool:
                try:
                    self._q(
                        conn,
                        "INSERT INTO sessions (code, title, lang, created, token_hash, quiz, "
                        "organisation) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (code, title, lang, _now(), token_hash(code, token), quiz_json, org),
                    )
                except self.dialect.integrity_errors:
                    return False  # code already taken: draw another
                return True

            if self._run(work):
                return Credentials(code, token)
        raise StoreError("could not find a free session code; try again")  # pragma: no cover

    def delete_session(self, code: str, token: str) -> dict[str, int]:
        """Delete the session with all its answers and participants; returns what was deleted."""

        def work(conn: Any) -> dict[str, int]:
            with self.dialect.transaction(conn):
                sid = self._authorize(conn, code, token)[0]
                self._q(conn, "DELETE FROM live_state WHERE session_id = ?", (sid,))
                answers = self._q(conn, "DELETE FROM answers WHERE session_id = ?", (sid,))
                people = self._q(conn, "DELETE FROM participants WHERE session_id = ?", (sid,))
                self._q(conn, "DELETE FROM sessions WHERE id = ?", (sid,))
                return {"answers": answers.rowcount, "participants": people.rowcount}

        return self._run(work)

    # -- participants (joining: see identity.Participants) -------------------------------
    def participant(self, participant_id: int) -> Participant:
        """One participant with their number and progress (for their own status line)."""

        def work(conn: Any) -> Participant:
            row = self._q(
                conn,
                "SELECT session_id, pseudonym FROM participants WHERE id = ?",
                (participant_id,),
            ).fetchone()
            if row is None:
                raise UnknownParticipant(
                    f"participant {participant_id} is not in any session (it may have been deleted)"
                )
            number = self._q(
                conn,
                "SELECT COUNT(*) FROM participants WHERE session_id = ? AND id <= ?",
                (row[0], participant_id),
            ).fetchone()[0]
            firsts = first_attempts(
                self._q(
                    conn,
                    "SELECT participant_id, question_id, attempt, score FROM answers "
                    "WHERE participant_id = ?",
                    (participant_id,),
                ).fetchall()
            )
            scores = [r[3] for r in firsts.values()]
            avg = sum(scores) / len(scores) if scores else None
            return Participant(int(participant_id), int(number), row[1], len(scores), avg)

        return self._run(work)

    # -- answers --------------------------------------------------------------------------
    def record_answer(
        self,
        participant_id: int,
        question_id: str,
        answer: Any,
        correct: bool,
        score: float | None = None,
        attempt: int = 1,
        *,
        topic: str = "",
        quiz_id: str = "",
    ) -> bool:
        """Store one answer. Returns True when stored, False when this submission (participant,
        question, attempt) was already stored: a retry never counts twice."""
        rec = validate_answer(question_id, answer, correct, score, attempt, topic, quiz_id)
        return self.record(participant_id, rec)

    def record_event(self, participant_id: int, payload: dict[str, Any]) -> bool:
        """Store the payload of an ``"answer"`` event (see :mod:`aiact_kit.engines.events`)."""
        return self.record(participant_id, answer_from_event(payload))

    def record(self, participant_id: int, rec: AnswerRecord) -> bool:
        if isinstance(participant_id, bool) or not isinstance(participant_id, int):
            raise UnknownParticipant(f"not a participant id: {participant_id!r}")

        def work(conn: Any) -> bool:
            cur = self._q(
                conn,
                "INSERT INTO answers (session_id, participant_id, question_id, topic, quiz_id, "
                "answer, correct, score, attempt, answered_at) "
                "SELECT session_id, id, ?, ?, ?, ?, CAST(? AS INTEGER), CAST(? AS "
                f"{self.dialect.float_type}), CAST(? AS INTEGER), ? "
                "FROM participants WHERE id = ? "
                "ON CONFLICT (participant_id, question_id, attempt) DO NOTHING",
                (
                    rec.question_id,
                    rec.topic,
                    rec.quiz_id,
                    rec.answer_json,
                    int(rec.correct),
                    rec.score,
                    rec.attempt,
                    _now(),
                    participant_id,
                ),
            )
            if cur.rowcount == 1:
                return True
            exists = self._q(
                conn, "SELECT 1 FROM participants WHERE id = ?", (participant_id,)
            ).fetchone()
            if exists is None:
                raise UnknownParticipant(
                    f"participant {participant_id} is not in any session "
                    "(the session may have been deleted)"
                )
            return False

        return self._run(work)

    # -- facilitator reads ----------------------------------------------------------------
    def _answer_rows(self, conn: Any, sid: int) -> list[Row]:
        rows: list[Row] = self._q(
            conn,
            "SELECT participant_id, question_id, attempt, score, correct, answer, topic, "
            "quiz_id, answered_at FROM answers WHERE session_id = ? ORDER BY id",
            (sid,),
        ).fetchall()
        return rows

    def _participant_rows(self, conn: Any, sid: int) -> list[Row]:
        rows: list[Row] = self._q(
            conn,
            "SELECT id, pseudonym FROM participants WHERE session_id = ? ORDER BY id",
            (sid,),
        ).fetchall()
        return rows

    def _read(self, code: str, token: str) -> Snapshot:
        def work(conn: Any) -> Snapshot:
            with self.dialect.snapshot(conn):  # participants and answers from one state
                row = self._authorize(conn, code, token)
                return row, self._participant_rows(conn, row[0]), self._answer_rows(conn, row[0])

        return self._run(work)

    def stats(self, code: str, token: str) -> SessionStats:
        """Aggregates for the facilitator dashboard: participants, and per question the answer
        distribution and share correct (first attempts), hardest question first."""
        return session_stats(*self._read(code, token))

    def participants(self, code: str, token: str) -> list[Participant]:
        """Everyone who joined, numbered in order of joining, with their first-attempt score.
        The pseudonym is raw text: escape it before showing it."""
        return participant_list(*self._read(code, token))

    def report(self, code: str, token: str) -> SessionReport:
        """Stats, participants and summary from one consistent read (for the dashboard)."""
        data = self._read(code, token)
        return SessionReport(
            session_stats(*data), participant_list(*data), participation_summary(*data)
        )

    def export_rows(self, code: str, token: str) -> list[dict[str, Any]]:
        """Anonymous results: one row per stored answer, participants by number only."""
        return export_rows(*self._read(code, token))

    def export_csv(self, code: str, token: str) -> str:
        """The anonymous results as CSV text (no pseudonyms; see :meth:`export_rows`)."""
        return export_csv(self.export_rows(code, token))

    def participation_record(
        self, code: str, token: str, tz: str = DEFAULT_TZ
    ) -> ParticipationRecord:
        """The printable participation record (no names; see ``record``)."""
        from aiact_kit.content import default_content

        zone(tz)  # an unknown zone is refused before anything is read

        def work(conn: Any) -> tuple[Snapshot, str]:
            with self.dialect.snapshot(conn):
                row = self._authorize(conn, code, token)
                org = self._q(
                    conn, "SELECT organisation FROM sessions WHERE id = ?", (row[0],)
                ).fetchone()[0]
                data = (row, self._participant_rows(conn, row[0]), self._answer_rows(conn, row[0]))
                return data, str(org)

        data, org = self._run(work)
        as_of = str(default_content().meta.as_of)
        return build_record(*data, organisation=org, as_of=as_of, tz=tz)

    def set_organisation(self, code: str, token: str, organisation: str) -> None:
        """Name the organisation on the participation record."""
        org = clean_text(organisation, "the organisation", TITLE_MAX, allow_empty=True)

        def work(conn: Any) -> None:
            with self.dialect.transaction(conn):
                sid = self._authorize(conn, code, token)[0]
                self._q(conn, "UPDATE sessions SET organisation = ? WHERE id = ?", (org, sid))

        self._run(work)

    def summary(self, code: str, token: str) -> ParticipationSummary:
        """Participation summary of a session (evidence of AI-literacy measures, Art. 4)."""
        return participation_summary(*self._read(code, token))


def open_store(url: str | os.PathLike[str] | None = None, **options: Any) -> ResultsStore:
    """A :class:`ResultsStore` for ``url`` (a file path, ``sqlite:///PATH`` or
    ``postgresql://...``), else ``AIACT_KIT_DB``, else the default results file."""
    return ResultsStore(url, **options)


__all__ = [
    "Credentials",
    "ResultsStore",
    "open_store",
]
