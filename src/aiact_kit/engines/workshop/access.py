"""The facilitator's access to a session: the token check and the log-in with its lock-out.

A session's facilitator token is shown once; only its hash (:func:`token_hash`) is stored.
:meth:`FacilitatorAccess.login` takes untrusted input (the dashboard's form, page parameters)
and counts refused attempts per session code in the database, so every kernel and server
process shares the lock-out.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from aiact_kit.engines.workshop.db import Database
from aiact_kit.engines.workshop.errors import AccessDenied, SessionNotFound
from aiact_kit.engines.workshop.reports import Row, SessionInfo, session_info
from aiact_kit.engines.workshop.validate import normalize_code

# Facilitator log-in (:meth:`FacilitatorAccess.login`): after LOGIN_MAX_FAILURES refused attempts
# for one session code within LOGIN_WINDOW seconds, that code is locked for LOGIN_LOCKOUT seconds
# after the last refused attempt (attempts while locked are refused unseen and not counted).
LOGIN_MAX_FAILURES = 5
LOGIN_WINDOW = 15 * 60
LOGIN_LOCKOUT = 5 * 60
LOGIN_REFUSED = (
    "no access: the session code or the facilitator token is wrong, or there were too many "
    "failed attempts for this code (wait a few minutes)"
)


def token_hash(code: str, token: str) -> str:
    """The stored form of a session's facilitator token."""
    data = f"aiact-kit-facilitator:{code}:{token}".encode()
    return hashlib.sha256(data).hexdigest()


class FacilitatorAccess(Database):
    """Reading a session's row and checking its facilitator token (the base of
    :class:`aiact_kit.engines.workshop.store.ResultsStore`)."""

    def _session_row(self, conn: Any, code: str) -> Row:
        row: Row | None = self._q(
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
        return session_info(row)

    def _authorize(self, conn: Any, code: Any, token: Any) -> Row:
        if not isinstance(token, str) or not token.strip():
            raise AccessDenied("a facilitator token is required to see the results")
        code = normalize_code(code)
        row = self._session_row(conn, code)
        if not hmac.compare_digest(token_hash(code, token.strip()), row[5]):
            raise AccessDenied(f"wrong facilitator token for session {code}")
        return row

    def check_token(self, code: str, token: str) -> SessionInfo:
        """The session when ``token`` is its facilitator token, else :class:`AccessDenied`."""
        row = self._run(lambda conn: self._authorize(conn, code, token))
        return session_info(row)

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

        def work(conn: Any) -> Row | None:
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
                row: Row | None = self._q(
                    conn,
                    "SELECT id, code, title, lang, created, token_hash, quiz FROM sessions "
                    "WHERE code = ?",
                    (key,),
                ).fetchone()
                # an unknown code is compared with a random hash: same work as a wrong token
                expected = row[5] if row is not None else token_hash(key, secrets.token_hex(16))
                if hmac.compare_digest(token_hash(key, given), expected) and given and row:
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
        return session_info(row)


__all__ = [
    "LOGIN_LOCKOUT",
    "LOGIN_MAX_FAILURES",
    "LOGIN_REFUSED",
    "LOGIN_WINDOW",
    "FacilitatorAccess",
    "token_hash",
]
