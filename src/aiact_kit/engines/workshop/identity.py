"""Who is who in a session: a nickname is taken by the first person who joins under it, and
only that person gets back in, with the short personal rejoin code the kit showed them.

Two nicknames are the same when their :func:`pseudonym_key` is (NFKC, case folded, invisible
characters dropped): 'Anna' and ' ANNA ' are one nickname. A second person typing a taken
nickname is refused (:class:`NicknameTaken`) instead of being merged into the first. Only a
hash of the rejoin code is stored. Wrong rejoin codes are counted per session and nickname in
the database (shared by every server), and after :data:`REJOIN_MAX_FAILURES` within
:data:`REJOIN_WINDOW` seconds that nickname is locked for :data:`REJOIN_LOCKOUT` seconds.
Participants stored before schema 4 have no rejoin code: their nickname stays taken.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from aiact_kit.engines.workshop.access import FacilitatorAccess
from aiact_kit.engines.workshop.errors import NicknameTaken, SessionNotFound
from aiact_kit.engines.workshop.validate import (
    CODE_ALPHABET,
    legacy_pseudonym_key,
    normalize_code,
    pseudonym_key,
    validate_pseudonym,
)

REJOIN_LENGTH = 4  # 32**4 codes; wrong guesses lock the nickname (below)
REJOIN_MAX_FAILURES = 5
REJOIN_WINDOW = 15 * 60
REJOIN_LOCKOUT = 5 * 60


@dataclass(frozen=True)
class Joined:
    """What joining returns: the participant, their rejoin code, and whether they came back."""

    participant_id: int
    rejoin_code: str
    rejoined: bool


def normalize_rejoin(value: Any) -> str:
    """'ab-2c ' -> 'AB2C'; '' for anything that is not text."""
    if not isinstance(value, str):
        return ""
    return re.sub(r"[\s-]+", "", value).upper()


def rejoin_hash(session_code: str, key: str, rejoin: str) -> str:
    data = f"aiact-kit-rejoin:{session_code}:{key}:{rejoin}".encode()
    return hashlib.sha256(data).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds")


class Participants(FacilitatorAccess):
    """Joining a session under a nickname (the base of ``ResultsStore``)."""

    def enter(self, code: str, pseudonym: str, rejoin: str | None = None) -> Joined:
        """Join a session. A new nickname gets a new participant and a fresh rejoin code; a
        taken nickname (compared as :func:`pseudonym_key`) is only let back in with its rejoin
        code, else :class:`NicknameTaken`."""
        name = validate_pseudonym(pseudonym)
        key = pseudonym_key(name)
        legacy = legacy_pseudonym_key(name)
        code = normalize_code(code)
        given = normalize_rejoin(rejoin)
        lock_key = "R:" + hashlib.sha256(f"{code}:{key}".encode()).hexdigest()[:24]

        def work(conn: Any) -> Joined | NicknameTaken:
            # a refusal is returned, not raised: the counted wrong guess must be committed
            with self.dialect.transaction(conn):
                sid = self._session_row(conn, code)[0]
                row = self._q(
                    conn,
                    "SELECT id, rejoin_hash FROM participants WHERE session_id = ? "
                    "AND pseudonym_key IN (?, ?) ORDER BY id",
                    (sid, key, legacy),
                ).fetchone()
                if row is None:  # a name stored under an older key: compare by today's key
                    row = next(
                        (
                            (r[0], r[2])
                            for r in self._q(
                                conn,
                                "SELECT id, pseudonym, rejoin_hash FROM participants "
                                "WHERE session_id = ? ORDER BY id",
                                (sid,),
                            ).fetchall()
                            if pseudonym_key(r[1]) == key
                        ),
                        None,
                    )
                if row is None:
                    new = "".join(secrets.choice(CODE_ALPHABET) for _ in range(REJOIN_LENGTH))
                    pid = self._q(
                        conn,
                        "INSERT INTO participants (session_id, pseudonym, pseudonym_key, joined, "
                        "rejoin_hash) VALUES (?, ?, ?, ?, ?) RETURNING id",
                        (sid, name, key, _iso(_now()), rejoin_hash(code, key, new)),
                    ).fetchone()[0]
                    return Joined(int(pid), new, False)
                return self._rejoin(conn, code, key, lock_key, int(row[0]), row[1], given)

        try:
            result = self._run(work)
        except self.dialect.integrity_errors:
            # someone took the nickname in the same moment: the second is refused like any other
            raise NicknameTaken(f"the nickname is already taken in session {code}") from None
        if isinstance(result, NicknameTaken):
            raise result
        return result

    def _rejoin(
        self, conn: Any, code: str, key: str, lock_key: str, pid: int, stored: str, given: str
    ) -> Joined | NicknameTaken:
        now = _now()
        window = _iso(now - timedelta(seconds=REJOIN_WINDOW))
        recent = self._q(
            conn,
            "SELECT failed_at FROM login_failures WHERE code = ? AND failed_at > ? "
            "ORDER BY failed_at DESC",
            (lock_key, window),
        ).fetchall()
        lockout = _iso(now - timedelta(seconds=REJOIN_LOCKOUT))
        if len(recent) >= REJOIN_MAX_FAILURES and recent[0][0] > lockout:
            return NicknameTaken("too many wrong rejoin codes for this nickname", locked=True)
        if given and stored and hmac.compare_digest(rejoin_hash(code, key, given), stored):
            return Joined(pid, given, True)
        if given:  # a guess: counted (an empty code is just "taken", not counted)
            self._q(
                conn,
                "INSERT INTO login_failures (code, failed_at) VALUES (?, ?)",
                (lock_key, _iso(now)),
            )
        return NicknameTaken(f"the nickname is already taken in session {code}")

    def join(self, code: str, pseudonym: str, rejoin: str | None = None) -> int:
        """:meth:`enter`, returning only the participant id."""
        return self.enter(code, pseudonym, rejoin).participant_id

    def participant_count(self, code: str) -> int:
        """How many joined (public: the projector shows it)."""
        code = normalize_code(code)

        def work(conn: Any) -> int:
            sid = self._session_row(conn, code)[0]
            return int(
                self._q(
                    conn, "SELECT COUNT(*) FROM participants WHERE session_id = ?", (sid,)
                ).fetchone()[0]
            )

        return self._run(work)

    def session_of(self, participant_id: int) -> str:
        """The code of the session a participant is in."""

        def work(conn: Any) -> str:
            row = self._q(
                conn,
                "SELECT s.code FROM participants p JOIN sessions s ON s.id = p.session_id "
                "WHERE p.id = ?",
                (participant_id,),
            ).fetchone()
            if row is None:
                raise SessionNotFound(f"participant {participant_id} is in no session")
            return str(row[0])

        return self._run(work)


__all__ = [
    "REJOIN_LENGTH",
    "REJOIN_LOCKOUT",
    "REJOIN_MAX_FAILURES",
    "REJOIN_WINDOW",
    "Joined",
    "Participants",
    "normalize_rejoin",
    "rejoin_hash",
]
