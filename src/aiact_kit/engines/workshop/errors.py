"""The errors of the results store: one base class, a stable ``reason`` key on each."""

from __future__ import annotations


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


class NicknameTaken(StoreError):
    """The nickname is already used in this session and no (or a wrong) rejoin code was given.
    ``locked``: too many wrong rejoin codes for this nickname; wait a few minutes."""

    reason = "nickname_taken"

    def __init__(self, message: str, locked: bool = False):
        super().__init__(message)
        self.locked = locked


class LiveClosed(StoreError):
    """A live answer for a question that is not open (not shown, locked or revealed)."""

    reason = "live_closed"


class SchemaTooNew(StoreError):
    reason = "schema_too_new"


class StoreUnavailable(StoreError):
    """The database cannot be reached (or stayed locked beyond the busy timeout)."""

    reason = "unavailable"


__all__ = [
    "AccessDenied",
    "InvalidAnswer",
    "InvalidInput",
    "InvalidPseudonym",
    "LiveClosed",
    "NicknameTaken",
    "SchemaTooNew",
    "SessionNotFound",
    "StoreError",
    "StoreUnavailable",
    "UnknownParticipant",
]
