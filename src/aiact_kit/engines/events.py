"""A tiny in-process event bus (pure Python) that connects widgets to recorders.

The quiz widgets emit ``"answer"`` events; the workshop mode (results store) and the local
self-study progress subscribe. A failing subscriber never breaks the widget that emitted.

Payload of ``"answer"``: ``{"question_id": str, "answer": <JSON-able>, "correct": bool,
"score": float (0..1), "attempt": int, "topic": str, "quiz_id": str}``.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)
Handler = Callable[[dict[str, Any]], None]
_handlers: dict[str, list[Handler]] = defaultdict(list)


def subscribe(event: str, handler: Handler) -> Callable[[], None]:
    """Call ``handler(payload)`` for each ``event``; returns a function that unsubscribes."""
    _handlers[event].append(handler)

    def unsubscribe() -> None:
        if handler in _handlers[event]:
            _handlers[event].remove(handler)

    return unsubscribe


def emit(event: str, payload: dict[str, Any]) -> list[Exception]:
    """Deliver ``payload`` to every subscriber; errors are logged and returned, not raised."""
    errors: list[Exception] = []
    for handler in list(_handlers[event]):
        try:
            handler(payload)
        except Exception as exc:  # noqa: BLE001 - a subscriber must never break the UI
            log.exception("event handler for %r failed", event)
            errors.append(exc)
    return errors


def clear(event: str | None = None) -> None:
    """Remove all handlers (of one event, or of all)."""
    if event is None:
        _handlers.clear()
    else:
        _handlers.pop(event, None)
