"""The schema of the results database, version by version: :data:`MIGRATIONS` maps a version
to the statements that bring a database from the version before to it
(:meth:`aiact_kit.engines.workshop.db.Database.upgrade` runs them in one transaction)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aiact_kit.engines.workshop.db import Dialect

SCHEMA_VERSION = 4
MIGRATION_LOCK = 0x41494143  # "AIAC": PostgreSQL advisory lock key for schema upgrades


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
    lock-out of the facilitator log-in (:mod:`aiact_kit.engines.workshop.access`); rows older
    than the window are pruned."""
    return [
        f"""CREATE TABLE login_failures (
            id {d.id_column},
            code TEXT NOT NULL,
            failed_at TEXT NOT NULL
        )""",
        "CREATE INDEX login_failures_by_code ON login_failures (code, failed_at)",
    ]


def _schema_v4(d: Dialect) -> list[str]:
    """v4: a participant's personal rejoin code (only its hash; an existing participant has
    none, so its nickname stays taken and nobody can take it over); the live-mode state of a
    session (one row, a JSON document with a version number), shared by every server through
    the database; the organisation named on the participation record."""
    return [
        "ALTER TABLE participants ADD COLUMN rejoin_hash TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE sessions ADD COLUMN organisation TEXT NOT NULL DEFAULT ''",
        f"""CREATE TABLE live_state (
            session_id {d.ref_type} PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
            state TEXT NOT NULL,
            version INTEGER NOT NULL,
            updated TEXT NOT NULL
        )""",
    ]


# version -> the statements that bring a database from version-1 to version
MIGRATIONS: dict[int, Callable[[Dialect], list[str]]] = {
    1: _schema_v1,
    2: _schema_v2,
    3: _schema_v3,
    4: _schema_v4,
}
assert sorted(MIGRATIONS) == list(range(1, SCHEMA_VERSION + 1))


__all__ = ["MIGRATIONS", "MIGRATION_LOCK", "SCHEMA_VERSION"]
