"""Workshop results store (pure Python, no ipywidgets): sessions, participants, answers and
what the facilitator reads of them.

A facilitator opens a session (a code for participants, a secret token for the facilitator);
participants join under a pseudonym and every checked answer is stored once; the facilitator
reads aggregates, exports anonymous CSV, prints a participation summary (Art. 4 AI Act) and
deletes the session. Storage: embedded SQLite (WAL) or PostgreSQL.

The modules, each of one concern (import the names from this package, not from them):

- ``validate``: pseudonyms (NFKC and case-folded keys, invisible-only names refused), session
  codes, answers and quiz selections;
- ``db`` and ``migrations``: the SQLite/PostgreSQL dialects, per-thread connections and the
  schema versions;
- ``access``: the facilitator token and the log-in with its lock-out;
- ``identity``: joining under a nickname; a taken nickname only with its rejoin code;
- ``picking``: the questions of a live round (topics, final test, a lesson's quiz, ticked);
- ``live`` and ``live_store``: live mode (the facilitator shows one question at a time) as
  pure state, and that state in the database;
- ``store``: :class:`ResultsStore`, the sessions, participants and answers;
- ``reports``: the result types, the aggregates and the CSV export;
- ``record``: the printable participation record (local times, score distribution);
- ``summary``: the participation summary as text (labels from the text catalogue).
"""

from __future__ import annotations

from aiact_kit.engines.workshop.access import (
    LOGIN_LOCKOUT,
    LOGIN_MAX_FAILURES,
    LOGIN_REFUSED,
    LOGIN_WINDOW,
)
from aiact_kit.engines.workshop.db import (
    Dialect,
    PostgresDialect,
    SQLiteDialect,
    default_url,
    make_dialect,
    sqlite_connect,
)
from aiact_kit.engines.workshop.errors import (
    AccessDenied,
    InvalidAnswer,
    InvalidInput,
    InvalidPseudonym,
    LiveClosed,
    NicknameTaken,
    SchemaTooNew,
    SessionNotFound,
    StoreError,
    StoreUnavailable,
    UnknownParticipant,
)
from aiact_kit.engines.workshop.identity import REJOIN_LENGTH, Joined, normalize_rejoin
from aiact_kit.engines.workshop.live import (
    COUNTDOWNS,
    LiveError,
    LiveState,
    accepts,
    phase_at,
    remaining,
)
from aiact_kit.engines.workshop.live_store import LIVE_QUIZ_ID, LiveCounts
from aiact_kit.engines.workshop.migrations import MIGRATIONS, SCHEMA_VERSION
from aiact_kit.engines.workshop.picking import (
    LIVE_TYPES,
    final_test,
    from_topics,
    hand_picked,
    lesson_quiz,
    live_ids,
)
from aiact_kit.engines.workshop.record import (
    DEFAULT_TZ,
    ParticipationRecord,
    local_time,
)
from aiact_kit.engines.workshop.reports import (
    EXPORT_COLUMNS,
    AnswerCount,
    Participant,
    ParticipationSummary,
    QuestionStats,
    SessionInfo,
    SessionReport,
    SessionStats,
    csv_safe,
)
from aiact_kit.engines.workshop.store import Credentials, ResultsStore, open_store
from aiact_kit.engines.workshop.summary import (
    summary_lines,
    summary_plain,
    summary_text,
    topic_name,
)
from aiact_kit.engines.workshop.validate import (
    CODE_ALPHABET,
    CODE_LENGTH,
    PSEUDONYM_MAX,
    TITLE_MAX,
    AnswerRecord,
    answer_from_event,
    check_quiz_selection,
    normalize_code,
    pseudonym_key,
    validate_answer,
    validate_pseudonym,
)

__all__ = [
    "CODE_ALPHABET",
    "COUNTDOWNS",
    "DEFAULT_TZ",
    "csv_safe",
    "ParticipationRecord",
    "local_time",
    "LIVE_QUIZ_ID",
    "LIVE_TYPES",
    "final_test",
    "from_topics",
    "hand_picked",
    "lesson_quiz",
    "live_ids",
    "REJOIN_LENGTH",
    "Joined",
    "LiveClosed",
    "LiveCounts",
    "LiveError",
    "LiveState",
    "NicknameTaken",
    "accepts",
    "normalize_rejoin",
    "phase_at",
    "remaining",
    "CODE_LENGTH",
    "EXPORT_COLUMNS",
    "LOGIN_LOCKOUT",
    "LOGIN_MAX_FAILURES",
    "LOGIN_REFUSED",
    "LOGIN_WINDOW",
    "MIGRATIONS",
    "PSEUDONYM_MAX",
    "SCHEMA_VERSION",
    "TITLE_MAX",
    "AccessDenied",
    "AnswerCount",
    "AnswerRecord",
    "Credentials",
    "Dialect",
    "InvalidAnswer",
    "InvalidInput",
    "InvalidPseudonym",
    "Participant",
    "ParticipationSummary",
    "PostgresDialect",
    "QuestionStats",
    "ResultsStore",
    "SQLiteDialect",
    "SchemaTooNew",
    "SessionInfo",
    "SessionNotFound",
    "SessionReport",
    "SessionStats",
    "StoreError",
    "StoreUnavailable",
    "UnknownParticipant",
    "answer_from_event",
    "check_quiz_selection",
    "default_url",
    "make_dialect",
    "normalize_code",
    "open_store",
    "pseudonym_key",
    "sqlite_connect",
    "summary_lines",
    "summary_plain",
    "summary_text",
    "topic_name",
    "validate_answer",
    "validate_pseudonym",
]
