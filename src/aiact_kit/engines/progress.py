"""Local self-study progress (pure Python, no ipywidgets).

Without a workshop session, every checked answer (the ``"answer"`` event of
:mod:`aiact_kit.engines.events`) is kept in a small SQLite file, so a learner who restarts the
kernel or the app can resume: which questions they answered, whether the last answer was right, and
their score.

Where: the ``path`` argument, else the environment variable ``AIACT_KIT_PROGRESS`` (a file
path, or ``off`` to keep nothing), else ``<user data dir>/progress.sqlite``
(:func:`aiact_kit.settings.user_data_dir`). Under Voila the default is *off*: kernels served to
many people run as one user, so a shared file would mix their progress; set
``AIACT_KIT_PROGRESS`` to a path to keep progress for a single-user app.

While the learner has joined a workshop session, answers go to the session instead
(:func:`pause` / :func:`resume`, called by the join widget).

The record format (one concept for every place that keeps progress: this SQLite file in
JupyterLab and Notebook 7, the browser's own storage in the web app). Two kinds of record, as
JSON objects; times are ISO 8601 in UTC with microseconds (``2026-12-03T13:36:05.123456+00:00``):

``answer`` -- one checked answer, kept in order (the last one of a question counts)::

    {"question_id": "q-roles-bought-system", "quiz_id": "roles", "topic": "roles",
     "answer": "deployer", "correct": true, "score": 1.0, "attempt": 1, "answered_at": "..."}

(``quiz_id``: the quiz's topic, "custom" for a list, or as given; ``answer``: the engine's
shape as JSON; ``score`` 0..1; ``attempt`` 1 for the first try in its quiz.)

``quiz`` -- the selection a learner works on, so a quiz reopened later shows the same questions
(same seed) until the learner asks for new ones ("start again" replaces the record)::

    {"key": "lesson-ai-system|definition", "page_id": "lesson-ai-system",
     "quiz_id": "definition", "seed": 123456789, "question_ids": ["q-...", "..."],
     "started_at": "..."}

(``key``: the page id given to ``page_nav`` + "|" + the quiz's own key; ``page_id`` "" off a
lesson page; ``seed``: the QuizSession seed; ``question_ids`` in the order asked.) A question
of a quiz counts as answered when an ``answer`` record of the same ``quiz_id`` and
``question_id`` is at or after the quiz's ``started_at`` (:meth:`ProgressStore.quiz_answers`).
A lesson is finished when every question of every quiz record of its page is answered; its
finishing time is the last of those answers (:meth:`ProgressStore.page_progress`).
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiact_kit.engines import events
from aiact_kit.engines.progress_model import (
    PageProgress,
    ProgressSummary,
    QuestionProgress,
    QuizRecord,
    quiz_record_from_row,
)
from aiact_kit.settings import PROGRESS, user_data_dir

# aiact_kit.engines.workshop (sqlite3, csv, hashing, ...) is imported when a progress file is
# opened, not here: every widget import loads this module, and under Voila progress is off.

_OFF = {"off", "0", "no", "none", "false"}
_SCHEMA = [
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS answers (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        question_id TEXT NOT NULL,
        quiz_id TEXT NOT NULL DEFAULT '',
        topic TEXT NOT NULL DEFAULT '',
        answer TEXT NOT NULL,
        correct INTEGER NOT NULL,
        score REAL NOT NULL,
        attempt INTEGER NOT NULL,
        answered_at TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS answers_by_question ON answers (question_id, id)",
    "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', '1')",
    # schema 2 (additive): the selection of each quiz, see the module docstring
    """CREATE TABLE IF NOT EXISTS quizzes (
        key TEXT PRIMARY KEY,
        page_id TEXT NOT NULL DEFAULT '',
        quiz_id TEXT NOT NULL,
        seed INTEGER NOT NULL,
        question_ids TEXT NOT NULL,
        started_at TEXT NOT NULL
    )""",
    "UPDATE meta SET value = '2' WHERE key = 'schema_version' AND value = '1'",
]


def progress_path() -> Path | None:
    """The default progress file, or None when progress is switched off (or under Voila)."""
    env = PROGRESS.get()
    if env is not None and env.strip():
        if env.strip().lower() in _OFF:
            return None
        return Path(env.strip()).expanduser()
    if "VOILA_PREHEAT" in os.environ or "VOILA_SERVER_URL" in os.environ:
        return None  # a shared server: do not mix the progress of different people
    return user_data_dir() / "progress.sqlite"


class ProgressStore:
    """The learner's answers in a local SQLite file (WAL mode, safe for two open notebooks)."""

    def __init__(self, path: str | os.PathLike[str] | None = None):
        target = Path(path) if path is not None else progress_path()
        if target is None:
            raise ValueError(
                f"local progress is switched off ({PROGRESS.env}=off, or running under Voila); "
                "give a path to keep it anyway"
            )
        self.path = target.expanduser()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        from aiact_kit.engines.workshop import sqlite_connect

        self._conn = sqlite_connect(self.path)
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                for statement in _SCHEMA:
                    self._conn.execute(statement)
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise

    def __repr__(self) -> str:
        return f"ProgressStore({str(self.path)!r})"

    def close(self) -> None:
        with self._lock, contextlib.suppress(Exception):
            self._conn.close()

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def record(self, payload: dict[str, Any]) -> None:
        """Keep one ``"answer"`` event payload (validated; bad payloads raise InvalidAnswer)."""
        from aiact_kit.engines.workshop import answer_from_event

        rec = answer_from_event(payload)
        with self._lock:
            self._conn.execute(
                "INSERT INTO answers (question_id, quiz_id, topic, answer, correct, score, "
                "attempt, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    rec.question_id,
                    rec.quiz_id,
                    rec.topic,
                    rec.answer_json,
                    int(rec.correct),
                    rec.score,
                    rec.attempt,
                    datetime.now(UTC).isoformat(timespec="microseconds"),
                ),
            )

    def answered(
        self,
        quiz_id: str | None = None,
        topic: str | None = None,
        *,
        question_id: str | None = None,
        since: str | None = None,
    ) -> dict[str, QuestionProgress]:
        """Progress per question answered (optionally of one quiz, topic or question, and only
        answers at or after the ISO time ``since``), in the order the questions were first
        answered."""

        query = (
            "SELECT question_id, quiz_id, topic, answer, correct, score, answered_at FROM answers"
        )
        where, params = [], []
        if quiz_id is not None:
            where.append("quiz_id = ?")
            params.append(quiz_id)
        if topic is not None:
            where.append("topic = ?")
            params.append(topic)
        if question_id is not None:
            where.append("question_id = ?")
            params.append(question_id)
        if since is not None:
            where.append("answered_at >= ?")
            params.append(since)
        if where:
            query += " WHERE " + " AND ".join(where)
        with self._lock:
            rows = self._conn.execute(query + " ORDER BY id", params).fetchall()
        result: dict[str, QuestionProgress] = {}
        for qid, quiz, top, answer, correct, score, at in rows:
            prev = result.get(qid)
            result[qid] = QuestionProgress(
                question_id=qid,
                quiz_id=quiz,
                topic=top,
                attempts=(prev.attempts if prev else 0) + 1,
                last_answer=json.loads(answer),
                last_correct=bool(correct),
                last_score=float(score),
                best_score=max(float(score), prev.best_score if prev else 0.0),
                first_answered=prev.first_answered if prev else at,
                last_answered=at,
            )
        return result

    def question(self, question_id: str) -> QuestionProgress | None:
        """The learner's progress on one question, or None when never answered."""
        return self.answered(question_id=question_id).get(question_id)

    def summary(self, quiz_id: str | None = None, topic: str | None = None) -> ProgressSummary:
        """How many questions answered, how many right (last answer), the score."""
        questions = self.answered(quiz_id, topic)
        return ProgressSummary(
            answered=len(questions),
            correct=sum(1 for q in questions.values() if q.last_correct),
            score=sum(q.last_score for q in questions.values()),
            best=sum(q.best_score for q in questions.values()),
            questions=questions,
        )

    # -- quiz selections (schema 2) --------------------------------------------------------
    def quiz_record(self, key: str) -> QuizRecord | None:
        """The selection kept for the quiz ``key``, or None."""
        with self._lock:
            row = self._conn.execute(
                "SELECT key, page_id, quiz_id, seed, question_ids, started_at FROM quizzes "
                "WHERE key = ?",
                (key,),
            ).fetchone()
        return None if row is None else quiz_record_from_row(row)

    def start_quiz(
        self, key: str, page_id: str, quiz_id: str, seed: int, question_ids: list[str]
    ) -> QuizRecord:
        """Keep (or replace) the selection of quiz ``key``, starting now."""
        at = datetime.now(UTC).isoformat(timespec="microseconds")
        ids = json.dumps(list(question_ids))
        with self._lock:
            self._conn.execute(
                "INSERT INTO quizzes (key, page_id, quiz_id, seed, question_ids, started_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET "
                "page_id = excluded.page_id, quiz_id = excluded.quiz_id, seed = excluded.seed, "
                "question_ids = excluded.question_ids, started_at = excluded.started_at",
                (key, page_id, quiz_id, int(seed), ids, at),
            )
        return QuizRecord(key, page_id, quiz_id, int(seed), tuple(question_ids), at)

    def quiz_records(self, page_id: str | None = None) -> list[QuizRecord]:
        """Every kept quiz selection (of one page), oldest first."""
        query = "SELECT key, page_id, quiz_id, seed, question_ids, started_at FROM quizzes"
        params: tuple[str, ...] = ()
        if page_id is not None:
            query, params = query + " WHERE page_id = ?", (page_id,)
        with self._lock:
            rows = self._conn.execute(query + " ORDER BY started_at, key", params).fetchall()
        return [quiz_record_from_row(r) for r in rows]

    def quiz_answers(self, record: QuizRecord) -> dict[str, QuestionProgress]:
        """Progress on the questions of a quiz selection, counting only answers given in that
        quiz since its selection started."""
        wanted = set(record.question_ids)
        return {
            qid: p
            for qid, p in self.answered(record.quiz_id, since=record.started_at).items()
            if qid in wanted
        }

    def page_progress(self, page_id: str) -> PageProgress:
        """The learner's progress on the quiz selections of page ``page_id``."""
        total = answered = correct = 0
        last: str | None = None
        for record in self.quiz_records(page_id):
            done = self.quiz_answers(record)
            total += len(record.question_ids)
            answered += len(done)
            correct += sum(1 for p in done.values() if p.last_correct)
            for p in done.values():
                last = p.last_answered if last is None else max(last, p.last_answered)
        finished = last if total and answered == total else None
        return PageProgress(page_id, total, answered, correct, last, finished)

    def reset(self, quiz_id: str | None = None) -> int:
        """Forget the answers (of one quiz, or all); returns how many were removed."""
        with self._lock:
            if quiz_id is None:
                cur = self._conn.execute("DELETE FROM answers")
            else:
                cur = self._conn.execute("DELETE FROM answers WHERE quiz_id = ?", (quiz_id,))
            return cur.rowcount


# -- the page a notebook is on (set by page_nav) -------------------------------------------
_page: str = ""


def set_page(page_id: str) -> None:
    """Remember the page (lesson) this kernel shows, so its quizzes count for that lesson."""
    global _page
    _page = page_id


def current_page() -> str:
    """The page id last given to :func:`set_page` ("" when none)."""
    return _page


# -- tracking the answer events -----------------------------------------------------------
_state_lock = threading.RLock()
_default: ProgressStore | None = None
_default_path: Path | None = None
_unsubscribe: Any = None
_paused = False


def default_progress() -> ProgressStore | None:
    """The progress store at the default path (opened on first use), or None when off."""
    global _default, _default_path
    path = progress_path()
    with _state_lock:
        if path is None:
            return None
        if _default is None or _default_path != path:
            if _default is not None:
                _default.close()
            _default, _default_path = ProgressStore(path), path
        return _default


def _on_answer(payload: dict[str, Any]) -> None:
    if _paused:
        return
    target = default_progress()
    if target is not None:
        target.record(payload)


def ensure_tracking() -> None:
    """Keep every ``"answer"`` event in the local progress file (idempotent; the file is only
    opened when the first answer arrives)."""
    global _unsubscribe
    with _state_lock:
        if _unsubscribe is not None:
            _unsubscribe()  # re-subscribe: exactly one subscription, even after events.clear
        _unsubscribe = events.subscribe("answer", _on_answer)


def stop_tracking() -> None:
    global _unsubscribe, _default, _default_path
    with _state_lock:
        if _unsubscribe is not None:
            _unsubscribe()
            _unsubscribe = None
        if _default is not None:
            _default.close()
        _default, _default_path = None, None


def pause() -> None:
    """Stop keeping answers locally (a workshop session records them instead)."""
    global _paused
    _paused = True


def resume() -> None:
    global _paused
    _paused = False


def is_paused() -> bool:
    return _paused


__all__ = [
    "PageProgress",
    "QuizRecord",
    "set_page",
    "current_page",
    "ProgressStore",
    "ProgressSummary",
    "QuestionProgress",
    "progress_path",
    "default_progress",
    "ensure_tracking",
    "stop_tracking",
    "pause",
    "resume",
    "is_paused",
]
