"""Live mode as pure state: the facilitator runs chosen questions one at a time for the whole
room: show question N (optionally with a countdown), lock, reveal, next, end.

:class:`LiveState` is a value; every step is a function from a state (and the time) to the
next state, or :class:`LiveError` when the step makes no sense now (reveal before anything was
shown, next after the last question). The store keeps the state as JSON with a version number
in the database, so every server (each participant's own kernel, or a single-user server behind
JupyterHub) reads the same state; see ``live_store``.

Phases: ``idle`` (questions chosen, nothing shown), ``open`` (question shown, answers
accepted), ``locked`` (no more answers; also ``open`` once its countdown has run out, see
:func:`phase_at`), ``revealed`` (the right answer, explanation and the room's answers are
shown), ``ended``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from aiact_kit.engines.workshop.errors import InvalidInput

PHASES = ("idle", "open", "locked", "revealed", "ended")
COUNTDOWNS = (0, 20, 30, 60, 90)  # seconds offered on the facilitator page; 0: no countdown
MAX_COUNTDOWN = 600
MAX_QUESTIONS = 200


class LiveError(InvalidInput):
    """A live-mode step that is not possible in the current phase."""

    def __init__(self, message: str, reason: str = "live_step"):
        super().__init__(message, reason)


@dataclass(frozen=True)
class LiveState:
    questions: tuple[str, ...] = ()
    index: int = -1  # the question shown (0-based); -1 before the first
    phase: str = "idle"
    deadline: str | None = None  # ISO 8601 UTC: answers close then (countdown), else None
    countdown: int = 0  # seconds given to the question shown (0: none)
    show_names: bool = False  # the projector may show nicknames
    version: int = 0  # increases with every change (set by the store)

    @property
    def current(self) -> str | None:
        """The id of the question shown, or None."""
        if self.phase in ("idle", "ended") or not 0 <= self.index < len(self.questions):
            return None
        return self.questions[self.index]

    @property
    def active(self) -> bool:
        """A live round is running or prepared (participants see the live view)."""
        return bool(self.questions) and self.phase != "ended"

    def to_json(self) -> str:
        data = asdict(self)
        data["questions"] = list(self.questions)
        data.pop("version")
        return json.dumps(data, sort_keys=True)

    @classmethod
    def from_json(cls, text: str, version: int = 0) -> LiveState:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("phase") not in PHASES:
            raise LiveError(f"not a live-mode state: {text[:80]!r}", "live_state")
        return cls(
            questions=tuple(str(q) for q in data.get("questions", ())),
            index=int(data.get("index", -1)),
            phase=str(data["phase"]),
            deadline=data.get("deadline"),
            countdown=int(data.get("countdown", 0)),
            show_names=bool(data.get("show_names", False)),
            version=version,
        )


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def phase_at(state: LiveState, now: datetime) -> str:
    """The phase as the room sees it at ``now``: an open question whose countdown has run out
    is locked."""
    deadline = state.deadline
    if state.phase == "open" and deadline is not None and now >= datetime.fromisoformat(deadline):
        return "locked"
    return state.phase


def remaining(state: LiveState, now: datetime) -> int | None:
    """Whole seconds left on the countdown (rounded up), or None without a countdown."""
    if state.phase != "open" or state.deadline is None:
        return None
    left = (datetime.fromisoformat(state.deadline) - now).total_seconds()
    return max(0, int(-(-left // 1)))


def accepts(state: LiveState, question_id: str, now: datetime) -> bool:
    """Whether an answer to ``question_id`` counts at ``now``: it is the open question."""
    return state.current == question_id and phase_at(state, now) == "open"


def _check_countdown(seconds: int) -> int:
    if isinstance(seconds, bool) or not isinstance(seconds, int) or not seconds >= 0:
        raise LiveError(f"a countdown is a whole number of seconds, not {seconds!r}", "countdown")
    if seconds > MAX_COUNTDOWN:
        raise LiveError(f"a countdown is at most {MAX_COUNTDOWN} seconds", "countdown")
    return seconds


def plan(state: LiveState, questions: list[str] | tuple[str, ...]) -> LiveState:
    """Choose the questions of a live round (nothing is shown yet)."""
    ids = tuple(dict.fromkeys(questions))
    if not ids:
        raise LiveError("choose at least one question for the live round", "no_questions")
    if len(ids) > MAX_QUESTIONS:
        raise LiveError(f"a live round has at most {MAX_QUESTIONS} questions", "too_many")
    if state.phase in ("open", "locked"):
        raise LiveError("finish the question that is shown before choosing new ones", "busy")
    return LiveState(questions=ids, show_names=state.show_names, version=state.version)


def show(state: LiveState, index: int, now: datetime, countdown: int = 0) -> LiveState:
    """Show question ``index`` to everyone; answers are open (until the countdown ends)."""
    if not state.questions:
        raise LiveError("choose the questions first", "no_questions")
    if not 0 <= index < len(state.questions):
        raise LiveError(f"there is no question {index + 1} in this round", "index")
    seconds = _check_countdown(countdown)
    deadline = _iso(now + timedelta(seconds=seconds)) if seconds else None
    return replace(state, index=index, phase="open", deadline=deadline, countdown=seconds)


def lock(state: LiveState, now: datetime) -> LiveState:
    """Stop accepting answers to the question shown."""
    if state.phase != "open":
        raise LiveError("there is no open question to lock", "not_open")
    return replace(state, phase="locked", deadline=None)


def reveal(state: LiveState, now: datetime) -> LiveState:
    """Show the right answer, its explanation and the room's answers (locks first)."""
    if state.phase not in ("open", "locked"):
        raise LiveError("show a question before revealing its answer", "not_shown")
    return replace(state, phase="revealed", deadline=None)


def next_question(state: LiveState, now: datetime, countdown: int = 0) -> LiveState:
    """Show the next question (the first one when none was shown), or end after the last."""
    if not state.questions:
        raise LiveError("choose the questions first", "no_questions")
    if state.index + 1 >= len(state.questions):
        return end(state)
    return show(state, state.index + 1, now, countdown)


def end(state: LiveState) -> LiveState:
    """End the live round (participants return to the waiting view)."""
    return replace(state, phase="ended", deadline=None)


def set_names(state: LiveState, show_names: bool) -> LiveState:
    return replace(state, show_names=bool(show_names))


def step(state: LiveState, action: str, now: datetime, **options: Any) -> LiveState:
    """Apply one facilitator action by name: ``plan`` (questions=...), ``show`` (index=...,
    countdown=...), ``next`` (countdown=...), ``lock``, ``reveal``, ``end``, ``names``
    (show=...)."""
    countdown = options.get("countdown", 0)
    if action == "plan":
        return plan(state, list(options.get("questions", ())))
    if action == "show":
        return show(state, int(options.get("index", 0)), now, countdown)
    if action == "next":
        return next_question(state, now, countdown)
    if action == "lock":
        return lock(state, now)
    if action == "reveal":
        return reveal(state, now)
    if action == "end":
        return end(state)
    if action == "names":
        return set_names(state, bool(options.get("show", False)))
    raise LiveError(f"unknown live-mode action {action!r}", "action")


__all__ = [
    "COUNTDOWNS",
    "MAX_COUNTDOWN",
    "MAX_QUESTIONS",
    "PHASES",
    "LiveError",
    "LiveState",
    "accepts",
    "end",
    "lock",
    "next_question",
    "phase_at",
    "plan",
    "remaining",
    "reveal",
    "set_names",
    "show",
    "step",
]
