"""Workshop results store (pure Python, no ipywidgets).

A facilitator opens a *session* (a short code plus a secret facilitator token); participants
*join* it under a pseudonym and every checked quiz answer is *recorded* once. The facilitator
reads aggregates (answer distribution and share correct per question, hardest first), exports
anonymous results as CSV, prints a participation summary (evidence of AI-literacy measures,
Art. 4 AI Act) and deletes the session with all its answers and participants.

Storage: embedded SQLite by default (WAL mode, a busy timeout, one connection per thread), or
PostgreSQL when given a ``postgresql://`` URL (psycopg 3). The two differ only in a small
:class:`Dialect` (placeholders, id column, locking for migrations); the SQL is otherwise the
same. The database is chosen by the ``url`` argument, else the environment variable
``AIACT_KIT_DB``, else ``<user data dir>/results.sqlite`` (see
:func:`aiact_kit.settings.user_data_dir`; never inside the repository).

Privacy: a participant is only a pseudonym (validated, stored as typed, never interpreted;
whoever shows it must escape it). Exports use participant numbers, never pseudonyms. Deleting a
session deletes its answers and participants.

Idempotency: an answer is identified by (participant, question, attempt); writing the same
submission again (a retry after a timeout, a double click) is ignored (``INSERT ... ON CONFLICT
DO NOTHING``), so it never counts twice. Joining again with the same pseudonym (after a page
reload) returns the same participant.

Aggregates count each participant's *first* attempt at a question: what the room knew before
feedback. Later attempts are counted separately (``attempts``).
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import hmac
import io
import json
import math
import os
import re
import secrets
import sqlite3
import string
import threading
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from aiact_kit.settings import user_data_dir

SCHEMA_VERSION = 3
PSEUDONYM_MAX = 40
TITLE_MAX = 200
ID_MAX = 200
ANSWER_MAX = 20_000  # characters of the answer as JSON
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0, 1: easy to read aloud
CODE_LENGTH = 6
TOKEN_ALPHABET = string.ascii_letters + string.digits
TOKEN_LENGTH = 24
ENV_DB = "AIACT_KIT_DB"
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_MIGRATION_LOCK = 0x41494143  # "AIAC": PostgreSQL advisory lock key for schema upgrades
# Facilitator log-in (:meth:`ResultsStore.login`): after LOGIN_MAX_FAILURES refused attempts for
# one session code within LOGIN_WINDOW seconds, that code is locked for LOGIN_LOCKOUT seconds
# after the last refused attempt (attempts while locked are refused unseen and not counted).
LOGIN_MAX_FAILURES = 5
LOGIN_WINDOW = 15 * 60
LOGIN_LOCKOUT = 5 * 60
LOGIN_REFUSED = (
    "no access: the session code or the facilitator token is wrong, or there were too many "
    "failed attempts for this code (wait a few minutes)"
)


# -- errors -----------------------------------------------------------------------------------
class StoreError(Exception):
    """Base class of every error of the results store. ``reason`` is a stable key."""

    reason = "error"


class SessionNotFound(StoreError, LookupError):
    reason = "session_not_found"


class AccessDenied(StoreError, PermissionError):
    """Missing or wrong facilitator token: no data is returned."""

    reason = "access_denied"


class UnknownParticipant(StoreError, LookupError):
    reason = "unknown_participant"


class InvalidInput(StoreError, ValueError):
    """Bad input with a specific message; ``reason`` and ``limit`` say what was wrong."""

    def __init__(self, message: str, reason: str = "invalid", limit: int | None = None):
        super().__init__(message)
        self.reason = reason
        self.limit = limit


class InvalidPseudonym(InvalidInput):
    pass


class InvalidAnswer(InvalidInput):
    pass


class SchemaTooNew(StoreError):
    reason = "schema_too_new"


class StoreUnavailable(StoreError):
    """The database cannot be reached (or stayed locked beyond the busy timeout)."""

    reason = "unavailable"


# -- validation -------------------------------------------------------------------------------
def _bad_char(text: str) -> str | None:
    for ch in text:
        if unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp") or ch in _BIDI_CONTROLS:
            return ch
    return None


def validate_pseudonym(value: Any) -> str:
    """The pseudonym with surrounding white space removed, or :class:`InvalidPseudonym`.

    1 to :data:`PSEUDONYM_MAX` characters; any letters, digits, emoji and right-to-left text;
    no control characters (NUL, line breaks, tabs inside, bidirectional overrides); at least
    one visible character (not only white space, zero-width or other format characters,
    combining marks). Stored as typed; :func:`pseudonym_key` decides who is the same person.
    """
    if not isinstance(value, str):
        raise InvalidPseudonym("a pseudonym must be text", "type")
    text = value.strip()
    if not text:
        raise InvalidPseudonym("a pseudonym must not be empty", "empty", PSEUDONYM_MAX)
    if len(text) > PSEUDONYM_MAX:
        raise InvalidPseudonym(
            f"a pseudonym has at most {PSEUDONYM_MAX} characters (this one has {len(text)})",
            "too_long",
            PSEUDONYM_MAX,
        )
    bad = _bad_char(text)
    if bad is not None:
        raise InvalidPseudonym(
            f"a pseudonym may not contain control characters (found U+{ord(bad):04X})",
            "control",
        )
    if not any(_visible(ch) for ch in text):
        raise InvalidPseudonym(
            "a pseudonym needs at least one visible letter, digit or symbol (this one has only "
            "white space, invisible characters or combining marks)",
            "invisible",
        )
    return text


# Code points that show nothing by themselves: Unicode's Default_Ignorable_Code_Point (zero-width
# space/joiners, soft hyphen, word joiner, variation selectors, Hangul fillers, tags, ...) and
# the blank Braille pattern. They are dropped before two pseudonyms are compared.
_INVISIBLE_RANGES = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x2800, 0x2800),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)
# Categories that are not visible on their own: format and control characters, white space,
# combining marks, private-use, surrogate and unassigned code points.
_INVISIBLE_CATEGORIES = frozenset(
    ("Cf", "Cc", "Cs", "Co", "Cn", "Zs", "Zl", "Zp", "Mn", "Mc", "Me")
)


def _ignorable(ch: str) -> bool:
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in _INVISIBLE_RANGES)


def _visible(ch: str) -> bool:
    """A letter, digit, punctuation mark or symbol that shows on its own."""
    return unicodedata.category(ch) not in _INVISIBLE_CATEGORIES and not _ignorable(ch)


def _drop_ignorable(text: str) -> str:
    return "".join(ch for ch in text if not _ignorable(ch) and unicodedata.category(ch) != "Cf")


def pseudonym_key(pseudonym: str) -> str:
    """The form two pseudonyms are compared in, so look-alikes are one person: 'Anna',
    ' anna ', 'ANNA', fullwidth 'Ａｎｎａ' and 'Anna' with a zero-width space are the same key.

    NFKC (compatibility forms such as fullwidth letters and ligatures), invisible and format
    characters dropped, case folded, white space runs collapsed to one space. Letters of
    different scripts that merely look alike (Latin 'a', Cyrillic 'а') stay different.
    """
    text = _drop_ignorable(unicodedata.normalize("NFKC", pseudonym))
    text = _drop_ignorable(unicodedata.normalize("NFKC", text.casefold()))
    return " ".join(text.split())


def _legacy_pseudonym_key(pseudonym: str) -> str:
    """The key kit versions up to schema 2 stored (NFKC and case only): joining again under a
    name stored that way still finds its participant."""
    return " ".join(unicodedata.normalize("NFKC", pseudonym).casefold().split())


def _text(value: Any, what: str, max_len: int, *, allow_empty: bool = False) -> str:
    if not isinstance(value, str):
        raise InvalidAnswer(f"{what} must be text, not {type(value).__name__}", "type")
    text = value.strip()
    if not text and not allow_empty:
        raise InvalidAnswer(f"{what} must not be empty", "empty")
    if len(text) > max_len:
        raise InvalidAnswer(f"{what} has at most {max_len} characters", "too_long", max_len)
    bad = _bad_char(text)
    if bad is not None:
        raise InvalidAnswer(
            f"{what} may not contain control characters (found U+{ord(bad):04X})", "control"
        )
    return text


def normalize_code(code: Any) -> str:
    """'abc-234 ' -> 'ABC234'; a clear error for anything that cannot be a session code."""
    if not isinstance(code, str):
        raise SessionNotFound("a session code is text such as 'K7M2QX'")
    text = re.sub(r"[\s-]+", "", code).upper()
    if not text:
        raise SessionNotFound("enter a session code")
    if len(text) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in text):
        raise SessionNotFound(
            f"{code.strip()!r} is not a session code (a code has {CODE_LENGTH} letters and digits)"
        )
    return text


@dataclass(frozen=True)
class AnswerRecord:
    """A validated answer ready to be written."""

    question_id: str
    answer_json: str
    correct: bool
    score: float
    attempt: int
    topic: str = ""
    quiz_id: str = ""


def validate_answer(
    question_id: Any,
    answer: Any,
    correct: Any,
    score: Any = None,
    attempt: Any = 1,
    topic: Any = "",
    quiz_id: Any = "",
) -> AnswerRecord:
    """Check one answer; raises :class:`InvalidAnswer` naming the field that is wrong."""
    qid = _text(question_id, "question_id", ID_MAX)
    if isinstance(correct, bool):
        ok = correct
    elif isinstance(correct, int) and correct in (0, 1):
        ok = bool(correct)
    else:
        raise InvalidAnswer(f"correct must be true or false, not {correct!r}", "correct")
    if score is None:
        score = 1.0 if ok else 0.0
    if isinstance(score, bool) or not isinstance(score, (int, float)):
        raise InvalidAnswer(f"score must be a number from 0 to 1, not {score!r}", "score")
    score = float(score)
    if not math.isfinite(score) or not 0.0 <= score <= 1.0:
        raise InvalidAnswer(f"score must be a number from 0 to 1, not {score!r}", "score")
    if isinstance(attempt, bool) or not isinstance(attempt, int) or attempt < 1:
        raise InvalidAnswer(f"attempt must be a whole number from 1, not {attempt!r}", "attempt")
    try:
        answer_json = json.dumps(answer, sort_keys=True, ensure_ascii=False, allow_nan=False)
        answer_json.encode("utf-8")
    except (TypeError, ValueError) as exc:
        raise InvalidAnswer(f"the answer cannot be stored as JSON: {exc}", "answer") from None
    if len(answer_json) > ANSWER_MAX:
        raise InvalidAnswer(
            f"the answer is too long ({len(answer_json)} characters as JSON; at most {ANSWER_MAX})",
            "too_long",
            ANSWER_MAX,
        )
    return AnswerRecord(
        question_id=qid,
        answer_json=answer_json,
        correct=ok,
        score=score,
        attempt=attempt,
        topic=_text(topic or "", "topic", ID_MAX, allow_empty=True),
        quiz_id=_text(quiz_id or "", "quiz_id", ID_MAX, allow_empty=True),
    )


def answer_from_event(payload: dict[str, Any]) -> AnswerRecord:
    """Validate an ``"answer"`` event payload (see :mod:`aiact_kit.engines.events`)."""
    if not isinstance(payload, dict):
        raise InvalidAnswer("an answer event must be a dictionary", "type")
    for key in ("question_id", "answer", "correct"):
        if key not in payload:
            raise InvalidAnswer(f"the answer event has no {key!r}", "missing")
    return validate_answer(
        payload["question_id"],
        payload["answer"],
        payload["correct"],
        payload.get("score"),
        payload.get("attempt", 1),
        payload.get("topic", ""),
        payload.get("quiz_id", ""),
    )


_ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


def _quiz_ids(selection: Any) -> list[str]:
    """A session's quiz selection as a list of ids (format check only)."""
    if isinstance(selection, str):
        selection = [s for s in re.split(r"[,\s]+", selection) if s]
    ids = []
    for item in selection or ():
        if not isinstance(item, str) or not _ID_RE.match(item) or len(item) > 80:
            raise InvalidInput(
                f"{item!r} is not a topic or question id (lowercase letters, digits, . _ -)",
                "quiz",
            )
        if item not in ids:
            ids.append(item)
    return ids


def check_quiz_selection(selection: Any, content: Any = None) -> list[str]:
    """The selection as a list, each entry a quiz topic or a question id of the content;
    :class:`InvalidInput` naming the first unknown entry."""
    from aiact_kit.content import default_content
    from aiact_kit.content.schema.questions import TOPICS

    ids = _quiz_ids(selection)
    content = content or default_content()
    known = {q.id for q in content.kind("questions")}
    for item in ids:
        if item not in TOPICS and item not in known:
            raise InvalidInput(
                f"unknown quiz topic or question {item!r}; topics: {', '.join(TOPICS)}", "quiz"
            )
    return ids


def _session_info(row: Sequence[Any]) -> SessionInfo:
    quiz = tuple(json.loads(row[6])) if len(row) > 6 and row[6] else ()
    return SessionInfo(row[1], row[2], row[3], row[4], quiz)


# -- tokens -----------------------------------------------------------------------------------
def _token_hash(code: str, token: str) -> str:
    data = f"aiact-kit-facilitator:{code}:{token}".encode()
    return hashlib.sha256(data).hexdigest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


# -- dialects ---------------------------------------------------------------------------------
class Dialect:
    """What differs between SQLite and PostgreSQL. SQL is written with ``?`` placeholders."""

    name = "base"
    id_column = ""
    ref_type = ""
    float_type = ""
    integrity_errors: tuple[type[Exception], ...] = ()

    def connect(self) -> Any:
        raise NotImplementedError

    def sql(self, query: str) -> str:
        return query

    def transaction(self, conn: Any) -> contextlib.AbstractContextManager[None]:
        """A read-write transaction (SQLite: the write lock is taken at the start)."""
        raise NotImplementedError

    def snapshot(self, conn: Any) -> contextlib.AbstractContextManager[None]:
        """A read-only transaction in which several reads see one consistent state."""
        raise NotImplementedError

    def is_transient(self, exc: Exception) -> bool:
        return False

    def describe(self) -> str:
        return self.name


class SQLiteDialect(Dialect):
    name = "sqlite"
    id_column = "INTEGER PRIMARY KEY AUTOINCREMENT"  # ids are never reused after a delete
    ref_type = "INTEGER"
    float_type = "REAL"
    integrity_errors = (sqlite3.IntegrityError,)

    def __init__(self, path: Path, busy_timeout: float = 30.0, synchronous: str = "NORMAL"):
        if synchronous.upper() not in ("OFF", "NORMAL", "FULL", "EXTRA"):
            raise ValueError(f"unknown SQLite synchronous mode {synchronous!r}")
        self.path = path
        self.busy_timeout = busy_timeout
        self.synchronous = synchronous.upper()

    def connect(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreUnavailable(f"cannot create the folder {self.path.parent}: {exc}") from None
        try:
            return sqlite_connect(self.path, self.busy_timeout, self.synchronous)
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"cannot open the results file {self.path}: {exc}") from None

    @contextlib.contextmanager
    def transaction(self, conn: sqlite3.Connection) -> Iterator[None]:
        conn.execute("BEGIN IMMEDIATE")  # take the write lock now: no lock-upgrade deadlock
        try:
            yield
            conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise

    @contextlib.contextmanager
    def snapshot(self, conn: sqlite3.Connection) -> Iterator[None]:
        conn.execute("BEGIN")  # a read transaction: all reads see one state of the file
        try:
            yield
        finally:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("COMMIT")

    def is_transient(self, exc: Exception) -> bool:
        msg = str(exc).lower()
        return isinstance(exc, sqlite3.OperationalError) and ("locked" in msg or "busy" in msg)

    def describe(self) -> str:
        return f"sqlite:{self.path}"


def sqlite_connect(
    path: Path, busy_timeout: float = 30.0, synchronous: str = "NORMAL"
) -> sqlite3.Connection:
    """An autocommit SQLite connection in WAL mode with a busy timeout (shared with progress).

    In WAL mode with ``synchronous=NORMAL`` a committed transaction survives a crash or kill of
    the process; ``FULL`` also survives a power cut, at the cost of an fsync per commit.
    """
    conn = sqlite3.connect(
        str(path), timeout=busy_timeout, isolation_level=None, check_same_thread=False
    )
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
    for _ in range(50):  # switching to WAL needs a moment alone with the file
        try:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            break
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc).lower():
                raise
            time.sleep(0.05)
    else:  # pragma: no cover - only under extreme contention
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    if str(mode).lower() != "wal":
        raise sqlite3.OperationalError(f"cannot switch {path} to WAL mode (got {mode!r})")
    conn.execute(f"PRAGMA synchronous = {synchronous}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


class PostgresDialect(Dialect):
    name = "postgresql"
    id_column = "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
    ref_type = "BIGINT"
    float_type = "DOUBLE PRECISION"

    def __init__(self, url: str, connect_timeout: int = 10):
        import psycopg

        self._psycopg = psycopg
        self.url = url
        self.connect_timeout = connect_timeout
        self.integrity_errors = (psycopg.IntegrityError,)

    def connect(self) -> Any:
        try:
            return self._psycopg.connect(
                self.url, autocommit=True, connect_timeout=self.connect_timeout
            )
        except self._psycopg.Error as exc:
            raise StoreUnavailable(f"cannot connect to PostgreSQL: {exc}") from None

    def sql(self, query: str) -> str:
        return query.replace("?", "%s")

    @contextlib.contextmanager
    def transaction(self, conn: Any) -> Iterator[None]:
        with conn.transaction():
            yield

    @contextlib.contextmanager
    def snapshot(self, conn: Any) -> Iterator[None]:
        with conn.transaction():
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield

    def is_transient(self, exc: Exception) -> bool:
        return isinstance(exc, self._psycopg.OperationalError)

    def describe(self) -> str:
        # never show a password that may be part of the URL
        return re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", self.url)


def default_url() -> str:
    """``AIACT_KIT_DB`` if set, else the results file in the user's data folder."""
    return os.environ.get(ENV_DB) or str(user_data_dir() / "results.sqlite")


def make_dialect(url: str | os.PathLike | None = None, **options: Any) -> Dialect:
    """The dialect for a database URL (``postgresql://...``, ``sqlite:///ABSOLUTE/PATH``) or a
    plain SQLite file path. ``options``: ``busy_timeout`` and ``synchronous`` (SQLite),
    ``connect_timeout`` (PostgreSQL)."""
    target = os.fspath(url) if url is not None else default_url()
    if not isinstance(target, str) or not target.strip():
        raise ValueError("no results database given")
    target = target.strip()
    if re.match(r"^postgres(ql)?(\+\w+)?://", target):
        target = re.sub(r"^postgres(ql)?(\+\w+)?://", "postgresql://", target)
        pg_options = {k: v for k, v in options.items() if k == "connect_timeout"}
        return PostgresDialect(target, **pg_options)
    if target.startswith("sqlite://"):
        target = "/" + target[len("sqlite://") :].lstrip("/")
    if target == ":memory:" or "://" in target:
        raise ValueError(
            f"unsupported results database {target!r}: give a file path, sqlite:///PATH or "
            "postgresql://USER@HOST:PORT/DBNAME"
        )
    sqlite_options = {k: v for k, v in options.items() if k in ("busy_timeout", "synchronous")}
    return SQLiteDialect(Path(target).expanduser(), **sqlite_options)


# -- schema -----------------------------------------------------------------------------------
def _schema_v1(d: Dialect) -> list[str]:
    """The first schema (kit 0.1 development): answers had no topic and no quiz id."""
    return [
        f"""CREATE TABLE sessions (
            id {d.id_column},
            code TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            lang TEXT NOT NULL,
            created TEXT NOT NULL,
            token_hash TEXT NOT NULL
        )""",
        f"""CREATE TABLE participants (
            id {d.id_column},
            session_id {d.ref_type} NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            pseudonym TEXT NOT NULL,
            pseudonym_key TEXT NOT NULL,
            joined TEXT NOT NULL,
            UNIQUE (session_id, pseudonym_key)
        )""",
        f"""CREATE TABLE answers (
            id {d.id_column},
            session_id {d.ref_type} NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            participant_id {d.ref_type} NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
            question_id TEXT NOT NULL,
            answer TEXT NOT NULL,
            correct INTEGER NOT NULL,
            score {d.float_type} NOT NULL,
            attempt INTEGER NOT NULL,
            answered_at TEXT NOT NULL,
            UNIQUE (participant_id, question_id, attempt)
        )""",
    ]


def _schema_v2(d: Dialect) -> list[str]:
    """v2: a session names its quiz (topics or question ids shown on the join page); answers
    know their topic and quiz (for the participation summary); indexes for the dashboard."""
    return [
        "ALTER TABLE sessions ADD COLUMN quiz TEXT NOT NULL DEFAULT '[]'",
        "ALTER TABLE answers ADD COLUMN topic TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE answers ADD COLUMN quiz_id TEXT NOT NULL DEFAULT ''",
        "CREATE INDEX answers_by_session ON answers (session_id, question_id)",
        "CREATE INDEX participants_by_session ON participants (session_id)",
    ]


def _schema_v3(d: Dialect) -> list[str]:
    """v3: refused facilitator log-ins per session code (also codes that do not exist), for the
    lock-out of :meth:`ResultsStore.login`; rows older than the window are pruned."""
    return [
        f"""CREATE TABLE login_failures (
            id {d.id_column},
            code TEXT NOT NULL,
            failed_at TEXT NOT NULL
        )""",
        "CREATE INDEX login_failures_by_code ON login_failures (code, failed_at)",
    ]


# version -> the statements that bring a database from version-1 to version
MIGRATIONS: dict[int, Callable[[Dialect], list[str]]] = {
    1: _schema_v1,
    2: _schema_v2,
    3: _schema_v3,
}
assert sorted(MIGRATIONS) == list(range(1, SCHEMA_VERSION + 1))


# -- result types -----------------------------------------------------------------------------
@dataclass(frozen=True)
class SessionInfo:
    code: str
    title: str
    lang: str
    created: str  # ISO 8601, UTC
    quiz: tuple[str, ...] = ()  # what participants answer: topics and/or question ids


@dataclass(frozen=True)
class Credentials:
    """What the facilitator gets when opening a session. Keep the token secret."""

    code: str
    token: str

    def __iter__(self) -> Iterator[str]:  # code, token = store.create_session(...)
        return iter((self.code, self.token))


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


@dataclass(frozen=True)
class SessionStats:
    session: SessionInfo
    participants: int  # joined
    active_participants: int  # answered at least one question
    answers: int  # stored answers (all attempts)
    questions: tuple[QuestionStats, ...]  # hardest first


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


# -- the store --------------------------------------------------------------------------------
class ResultsStore:
    """Workshop sessions, participants and answers in SQLite or PostgreSQL.

    Thread-safe: each thread uses its own connection. Safe across processes: SQLite in WAL mode
    with a busy timeout; PostgreSQL by its own locking. Use as a context manager or call
    :meth:`close`.
    """

    def __init__(
        self,
        url: str | os.PathLike | None = None,
        *,
        busy_timeout: float = 30.0,
        synchronous: str = "NORMAL",
        migrate: bool = True,
        dialect: Dialect | None = None,
    ):
        self.dialect = dialect or make_dialect(
            url, busy_timeout=busy_timeout, synchronous=synchronous
        )
        self._local = threading.local()
        self._conns: list[Any] = []
        self._lock = threading.Lock()
        self._pid = os.getpid()
        if migrate:
            self.upgrade()

    def __repr__(self) -> str:
        return f"ResultsStore({self.dialect.describe()!r})"

    def __enter__(self) -> ResultsStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- connections ----------------------------------------------------------------------
    def _conn(self) -> Any:
        if os.getpid() != self._pid:  # forked: never share a parent's connection
            self._local = threading.local()
            self._conns = []
            self._pid = os.getpid()
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self.dialect.connect()
            self._local.conn = conn
            with self._lock:
                self._conns.append(conn)
        return conn

    def _drop_conn(self) -> None:
        conn = getattr(self._local, "conn", None)
        self._local.conn = None
        if conn is not None:
            with self._lock:
                if conn in self._conns:
                    self._conns.remove(conn)
            with contextlib.suppress(Exception):
                conn.close()

    def close(self) -> None:
        """Close every connection this store opened (in any thread)."""
        with self._lock:
            conns, self._conns = self._conns, []
        for conn in conns:
            with contextlib.suppress(Exception):
                conn.close()
        self._local = threading.local()

    def _run(self, work: Callable[[Any], Any], retries: int = 3) -> Any:
        """Run ``work(conn)``; on a transient error (locked, connection lost) retry with a
        fresh connection. Only used for work that is safe to repeat."""
        for attempt in range(retries + 1):
            conn = self._conn()
            try:
                return work(conn)
            except StoreError:
                raise
            except Exception as exc:
                if not self.dialect.is_transient(exc):
                    raise
                self._drop_conn()
                if attempt == retries:
                    raise StoreUnavailable(
                        f"the results database is not available: {exc}"
                    ) from None
                time.sleep(0.05 * (attempt + 1))
        raise AssertionError("unreachable")  # pragma: no cover

    def _q(self, conn: Any, query: str, params: Sequence[Any] = ()) -> Any:
        return conn.execute(self.dialect.sql(query), tuple(params))

    # -- schema ---------------------------------------------------------------------------
    def schema_version(self) -> int:
        """The schema version of the database (0 for an empty database)."""

        def work(conn: Any) -> int:
            try:
                row = self._q(conn, "SELECT version FROM schema_version WHERE id = 1").fetchone()
            except Exception as exc:
                if self.dialect.is_transient(exc):
                    raise
                return 0  # no such table yet
            return int(row[0]) if row else 0

        return self._run(work)

    def upgrade(self, target: int = SCHEMA_VERSION) -> int:
        """Create the tables or upgrade an older database to ``target``; returns the version.

        Runs in one transaction (SQLite: an immediate write lock; PostgreSQL: an advisory lock),
        so processes opening a new database at the same moment do not race.
        """
        if not 0 < target <= SCHEMA_VERSION:
            raise ValueError(f"schema version must be 1..{SCHEMA_VERSION}, not {target}")

        def work(conn: Any) -> int:
            with self.dialect.transaction(conn):
                if self.dialect.name == "postgresql":
                    self._q(conn, "SELECT pg_advisory_xact_lock(?)", (_MIGRATION_LOCK,))
                self._q(
                    conn,
                    "CREATE TABLE IF NOT EXISTS schema_version "
                    "(id INTEGER PRIMARY KEY, version INTEGER NOT NULL)",
                )
                row = self._q(conn, "SELECT version FROM schema_version WHERE id = 1").fetchone()
                current = int(row[0]) if row else 0
                if current > SCHEMA_VERSION:
                    raise SchemaTooNew(
                        f"the results database {self.dialect.describe()} has schema version "
                        f"{current}, newer than this kit understands ({SCHEMA_VERSION}); "
                        "update the kit"
                    )
                for version in range(current + 1, target + 1):
                    for statement in MIGRATIONS[version](self.dialect):
                        self._q(conn, statement)
                if target > current:
                    if row:
                        self._q(
                            conn, "UPDATE schema_version SET version = ? WHERE id = 1", (target,)
                        )
                    else:
                        self._q(
                            conn,
                            "INSERT INTO schema_version (id, version) VALUES (1, ?)",
                            (target,),
                        )
                return max(current, target)

        return self._run(work)

    # -- sessions -------------------------------------------------------------------------
    def create_session(self, title: str, lang: str = "nl", quiz: Sequence[str] = ()) -> Credentials:
        """Open a session; returns its code (for participants) and the facilitator token
        (shown once; only its hash is stored). ``quiz``: the topics and/or question ids the
        participants answer on the join page (see :func:`check_quiz_selection`)."""
        from aiact_kit.content.vocabulary import (
            check_lang,  # imported here: keeps the store import light
        )

        title = _text(title, "the session title", TITLE_MAX)
        check_lang(lang)
        quiz_json = json.dumps(_quiz_ids(quiz))
        # letters and digits only (about 143 bits): never starts with '-', which a command
        # line would read as an option; easy to copy
        token = "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(TOKEN_LENGTH))
        for _ in range(20):
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))

            def work(conn: Any, code: str = code) -> bool:
                try:
                    self._q(
                        conn,
                        "INSERT INTO sessions (code, title, lang, created, token_hash, quiz) "
                        "VALUES (?, ?, ?, ?, ?, ?)",
                        (code, title, lang, _now(), _token_hash(code, token), quiz_json),
                    )
                except self.dialect.integrity_errors:
                    return False  # code already taken: draw another
                return True

            if self._run(work):
                return Credentials(code, token)
        raise StoreError("could not find a free session code; try again")  # pragma: no cover

    def _session_row(self, conn: Any, code: str) -> tuple[Any, ...]:
        row = self._q(
            conn,
            "SELECT id, code, title, lang, created, token_hash, quiz FROM sessions WHERE code = ?",
            (code,),
        ).fetchone()
        if row is None:
            raise SessionNotFound(f"there is no session with code {code!r}")
        return row

    def session_info(self, code: str) -> SessionInfo:
        """Public facts of a session (title, language), for participants joining it."""
        code = normalize_code(code)
        row = self._run(lambda conn: self._session_row(conn, code))
        return _session_info(row)

    def _authorize(self, conn: Any, code: Any, token: Any) -> tuple[Any, ...]:
        if not isinstance(token, str) or not token.strip():
            raise AccessDenied("a facilitator token is required to see the results")
        code = normalize_code(code)
        row = self._session_row(conn, code)
        if not hmac.compare_digest(_token_hash(code, token.strip()), row[5]):
            raise AccessDenied(f"wrong facilitator token for session {code}")
        return row

    def check_token(self, code: str, token: str) -> SessionInfo:
        """The session when ``token`` is its facilitator token, else :class:`AccessDenied`."""
        row = self._run(lambda conn: self._authorize(conn, code, token))
        return _session_info(row)

    def login(self, code: Any, token: Any) -> SessionInfo:
        """:meth:`check_token` for untrusted input (the dashboard's form and page parameters).

        Every refusal is the same :class:`AccessDenied` with the message :data:`LOGIN_REFUSED`:
        an unknown or malformed code, a missing or wrong token and a locked code cannot be told
        apart (an unknown code also costs a token comparison and a write, like a wrong token).
        A refused attempt with a well-formed code is counted for that code; after
        :data:`LOGIN_MAX_FAILURES` within :data:`LOGIN_WINDOW` seconds the code is locked for
        :data:`LOGIN_LOCKOUT` seconds after the last counted attempt, even for the right token.
        Counts live in the database, so every kernel and server process shares them.
        """
        try:
            key = normalize_code(code)
        except SessionNotFound:
            raise AccessDenied(LOGIN_REFUSED) from None
        given = token.strip() if isinstance(token, str) else ""

        def work(conn: Any) -> tuple[Any, ...] | None:
            now = datetime.now(UTC)

            def ago(seconds: float) -> str:
                return (now - timedelta(seconds=seconds)).isoformat(timespec="microseconds")

            with self.dialect.transaction(conn):
                recent = self._q(
                    conn,
                    "SELECT failed_at FROM login_failures WHERE code = ? AND failed_at > ? "
                    "ORDER BY failed_at DESC",
                    (key, ago(LOGIN_WINDOW)),
                ).fetchall()
                if len(recent) >= LOGIN_MAX_FAILURES and recent[0][0] > ago(LOGIN_LOCKOUT):
                    return None  # locked: the token is not even compared
                row = self._q(
                    conn,
                    "SELECT id, code, title, lang, created, token_hash, quiz FROM sessions "
                    "WHERE code = ?",
                    (key,),
                ).fetchone()
                # an unknown code is compared with a random hash: same work as a wrong token
                expected = row[5] if row is not None else _token_hash(key, secrets.token_hex(16))
                if hmac.compare_digest(_token_hash(key, given), expected) and given and row:
                    return row
                if not given:
                    return None  # nothing was guessed: not counted
                self._q(
                    conn,
                    "INSERT INTO login_failures (code, failed_at) VALUES (?, ?)",
                    (key, ago(0)),
                )
                self._q(
                    conn, "DELETE FROM login_failures WHERE failed_at < ?", (ago(LOGIN_WINDOW),)
                )
                return None

        row = self._run(work)
        if row is None:
            raise AccessDenied(LOGIN_REFUSED)
        return _session_info(row)

    def delete_session(self, code: str, token: str) -> dict[str, int]:
        """Delete the session with all its answers and participants; returns what was deleted."""

        def work(conn: Any) -> dict[str, int]:
            with self.dialect.transaction(conn):
                sid = self._authorize(conn, code, token)[0]
                answers = self._q(conn, "DELETE FROM answers WHERE session_id = ?", (sid,))
                people = self._q(conn, "DELETE FROM participants WHERE session_id = ?", (sid,))
                self._q(conn, "DELETE FROM sessions WHERE id = ?", (sid,))
                return {"answers": answers.rowcount, "participants": people.rowcount}

        return self._run(work)

    # -- participants ---------------------------------------------------------------------
    def join(self, code: str, pseudonym: str) -> int:
        """Join a session; returns the participant id. Joining again with the same pseudonym
        (compared as :func:`pseudonym_key`: case, look-alike forms and invisible characters
        ignored) returns the same participant."""
        name = validate_pseudonym(pseudonym)
        key = pseudonym_key(name)
        legacy = _legacy_pseudonym_key(name)
        code = normalize_code(code)

        def work(conn: Any) -> int:
            sid = self._session_row(conn, code)[0]
            if legacy != key:  # joined before the key dropped invisible characters
                row = self._q(
                    conn,
                    "SELECT id FROM participants WHERE session_id = ? AND pseudonym_key = ?",
                    (sid, legacy),
                ).fetchone()
                if row is not None:
                    return int(row[0])
            row = self._q(
                conn,
                "INSERT INTO participants (session_id, pseudonym, pseudonym_key, joined) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (session_id, pseudonym_key) DO NOTHING "
                "RETURNING id",
                (sid, name, key, _now()),
            ).fetchone()
            if row is None:
                row = self._q(
                    conn,
                    "SELECT id FROM participants WHERE session_id = ? AND pseudonym_key = ?",
                    (sid, key),
                ).fetchone()
            if row is None:  # pragma: no cover - the session was deleted in between
                raise SessionNotFound(f"session {code} was just deleted")
            return int(row[0])

        return self._run(work)

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
            firsts = _first_attempts(
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
    def _answer_rows(self, conn: Any, sid: int) -> list[tuple[Any, ...]]:
        return self._q(
            conn,
            "SELECT participant_id, question_id, attempt, score, correct, answer, topic, "
            "quiz_id, answered_at FROM answers WHERE session_id = ? ORDER BY id",
            (sid,),
        ).fetchall()

    def _participant_rows(self, conn: Any, sid: int) -> list[tuple[Any, ...]]:
        return self._q(
            conn,
            "SELECT id, pseudonym FROM participants WHERE session_id = ? ORDER BY id",
            (sid,),
        ).fetchall()

    def _read(self, code: str, token: str) -> tuple[tuple[Any, ...], list, list]:
        def work(conn: Any) -> tuple[tuple[Any, ...], list, list]:
            with self.dialect.snapshot(conn):  # participants and answers from one state
                row = self._authorize(conn, code, token)
                return row, self._participant_rows(conn, row[0]), self._answer_rows(conn, row[0])

        return self._run(work)

    def stats(self, code: str, token: str) -> SessionStats:
        """Aggregates for the facilitator dashboard: participants, and per question the answer
        distribution and share correct (first attempts), hardest question first."""
        return _stats(*self._read(code, token))

    def participants(self, code: str, token: str) -> list[Participant]:
        """Everyone who joined, numbered in order of joining, with their first-attempt score.
        The pseudonym is raw text: escape it before showing it."""
        return _participants(*self._read(code, token))

    def report(self, code: str, token: str) -> SessionReport:
        """Stats, participants and summary from one consistent read (for the dashboard)."""
        data = self._read(code, token)
        return SessionReport(_stats(*data), _participants(*data), _summary(*data))

    def export_rows(self, code: str, token: str) -> list[dict[str, Any]]:
        """Anonymous results: one row per stored answer, participants by number only."""
        row, people, answers = self._read(code, token)
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

    def export_csv(self, code: str, token: str) -> str:
        """The anonymous results as CSV text (no pseudonyms; see :meth:`export_rows`)."""
        rows = self.export_rows(code, token)
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for r in rows:
            writer.writerow({k: _csv_safe(v) for k, v in r.items()})
        return out.getvalue()

    def summary(self, code: str, token: str) -> ParticipationSummary:
        """Participation summary of a session (evidence of AI-literacy measures, Art. 4)."""
        return _summary(*self._read(code, token))


def _stats(row: Sequence[Any], people: list, answers: list) -> SessionStats:
    firsts = _first_attempts(answers)
    attempts = Counter(a[1] for a in answers)
    by_question: dict[str, list[Sequence[Any]]] = {}
    for a in firsts.values():
        by_question.setdefault(a[1], []).append(a)
    questions = []
    for qid, rows in by_question.items():
        counts: Counter[str] = Counter(r[5] for r in rows)
        correct_keys = {r[5] for r in rows if r[4]}
        distribution = tuple(
            AnswerCount(json.loads(key), key, n, key in correct_keys)
            for key, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        )
        n_correct = sum(1 for r in rows if r[4])
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
            )
        )
    questions.sort(key=lambda q: (q.pct_correct, q.average_score, -q.responses, q.question_id))
    return SessionStats(
        session=_session_info(row),
        participants=len(people),
        active_participants=len({a[0] for a in answers}),
        answers=len(answers),
        questions=tuple(questions),
    )


def _participants(row: Sequence[Any], people: list, answers: list) -> list[Participant]:
    scores: dict[int, list[float]] = {}
    for a in _first_attempts(answers).values():
        scores.setdefault(a[0], []).append(a[3])
    result = []
    for number, (pid, pseudonym) in enumerate(people, start=1):
        s = scores.get(pid, [])
        average = sum(s) / len(s) if s else None
        result.append(Participant(int(pid), number, pseudonym, len(s), average))
    return result


def _summary(row: Sequence[Any], people: list, answers: list) -> ParticipationSummary:
    scores = [a[3] for a in _first_attempts(answers).values()]
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


def _first_attempts(rows: Sequence[Sequence[Any]]) -> dict[tuple[Any, Any], Sequence[Any]]:
    """(participant, question) -> the row with the lowest attempt (rows: pid, qid, attempt...)."""
    firsts: dict[tuple[Any, Any], Sequence[Any]] = {}
    for r in rows:
        key = (r[0], r[1])
        if key not in firsts or r[2] < firsts[key][2]:
            firsts[key] = r
    return firsts


# -- participation summary as text --------------------------------------------------------
TOPIC_NAMES: dict[str, dict[str, str]] = {
    "definition": {"nl": "Wat is een AI-systeem", "en": "What an AI system is"},
    "scope": {"nl": "Reikwijdte", "en": "Scope"},
    "roles": {"nl": "Rollen", "en": "Roles"},
    "prohibited": {"nl": "Verboden AI-praktijken", "en": "Prohibited AI practices"},
    "high-risk": {"nl": "Hoog-risico-AI", "en": "High-risk AI"},
    "transparency": {"nl": "Transparantie", "en": "Transparency"},
    "gpai": {"nl": "AI-modellen voor algemene doeleinden", "en": "General-purpose AI models"},
    "timeline": {"nl": "Tijdlijn", "en": "Timeline"},
    "penalties-supervision": {"nl": "Sancties en toezicht", "en": "Penalties and supervision"},
    "literacy": {"nl": "AI-geletterdheid", "en": "AI literacy"},
}

_SUMMARY_TEXT: dict[str, dict[str, str]] = {
    "heading": {"nl": "Deelname-overzicht", "en": "Participation summary"},
    "note": {
        "nl": (
            "Dit overzicht kan dienen als bewijs van een maatregel voor AI-geletterdheid: "
            "aanbieders en gebruiksverantwoordelijken nemen maatregelen om de AI-geletterdheid "
            "van hun personeel te ondersteunen (art. 4 AI-verordening). Het bevat geen "
            "persoonsgegevens en zegt niets over de kennis van een individuele deelnemer."
        ),
        "en": (
            "This summary can serve as evidence of a measure for AI literacy: providers and "
            "deployers take measures to support the AI literacy of their staff (Art. 4 AI Act). "
            "It contains no personal data and says nothing about what any individual participant "
            "knows."
        ),
    },
    "session": {"nl": "Sessie", "en": "Session"},
    "title": {"nl": "Titel", "en": "Title"},
    "date": {"nl": "Datum", "en": "Date"},
    "topics": {"nl": "Behandelde onderwerpen", "en": "Topics covered"},
    "participants": {"nl": "Deelnemers", "en": "Participants"},
    "active": {"nl": "Deelnemers die antwoordden", "en": "Participants who answered"},
    "questions": {"nl": "Beantwoorde vragen", "en": "Questions answered"},
    "average": {
        "nl": "Gemiddelde score (eerste poging)",
        "en": "Average score (first attempt)",
    },
    "none": {"nl": "geen", "en": "none"},
}


def topic_name(topic: str, lang: str = "nl") -> str:
    return TOPIC_NAMES.get(topic, {}).get(lang, topic)


def summary_text(name: str, lang: str = "nl") -> str:
    """A label of the participation summary (``heading``, ``note``, ...) in ``lang``."""
    from aiact_kit.content.vocabulary import check_lang

    check_lang(lang)
    return _SUMMARY_TEXT[name][lang]


def summary_lines(summary: ParticipationSummary, lang: str = "nl") -> list[tuple[str, str]]:
    """(label, value) pairs of the summary in ``lang``; values are raw text (escape for HTML)."""
    from aiact_kit.content.vocabulary import check_lang, format_date

    check_lang(lang)
    t = _SUMMARY_TEXT
    created = datetime.fromisoformat(summary.created).astimezone()
    topics = ", ".join(topic_name(x, lang) for x in summary.topics) or t["none"][lang]
    avg = "–" if summary.average_score is None else f"{round(100 * summary.average_score)}%"
    return [
        (t["session"][lang], summary.code),
        (t["title"][lang], summary.title),
        (t["date"][lang], format_date(created.date(), lang)),
        (t["topics"][lang], topics),
        (t["participants"][lang], str(summary.participants)),
        (t["active"][lang], str(summary.active_participants)),
        (t["questions"][lang], str(summary.questions)),
        (t["average"][lang], avg),
    ]


def summary_plain(summary: ParticipationSummary, lang: str = "nl") -> str:
    """The summary as plain text (for the command line and for pasting into a report)."""
    lines = [summary_text("heading", lang), ""]
    lines += [f"{label}: {value}" for label, value in summary_lines(summary, lang)]
    lines += ["", summary_text("note", lang)]
    return "\n".join(lines) + "\n"


def open_store(url: str | os.PathLike | None = None, **options: Any) -> ResultsStore:
    """A :class:`ResultsStore` for ``url`` (a file path, ``sqlite:///PATH`` or
    ``postgresql://...``), else ``AIACT_KIT_DB``, else the default results file."""
    return ResultsStore(url, **options)


__all__ = [
    "SCHEMA_VERSION",
    "PSEUDONYM_MAX",
    "ResultsStore",
    "open_store",
    "default_url",
    "make_dialect",
    "Credentials",
    "SessionInfo",
    "Participant",
    "AnswerCount",
    "QuestionStats",
    "SessionStats",
    "ParticipationSummary",
    "SessionReport",
    "StoreError",
    "SessionNotFound",
    "AccessDenied",
    "UnknownParticipant",
    "InvalidInput",
    "InvalidPseudonym",
    "InvalidAnswer",
    "SchemaTooNew",
    "StoreUnavailable",
    "validate_pseudonym",
    "validate_answer",
    "answer_from_event",
    "normalize_code",
    "check_quiz_selection",
    "summary_lines",
    "summary_plain",
    "summary_text",
    "topic_name",
    "EXPORT_COLUMNS",
]
