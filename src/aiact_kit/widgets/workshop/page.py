"""What the two workshop pages (join, dashboard) share in the kernel: the page's URL
parameters, the back-off after failed attempts, the store they open, and the background
refresh of the dashboard."""

from __future__ import annotations

import logging
import math
import os
import threading
import urllib.parse
from collections.abc import Callable
from html import escape
from typing import Any

from aiact_kit.app.webguard import Backoff, forget_secret_param
from aiact_kit.engines.workshop import Credentials, ResultsStore, check_quiz_selection
from aiact_kit.present.workshop import t
from aiact_kit.settings import FACILITATOR_TOKEN

log = logging.getLogger(__name__)
# Failed log-ins and unknown session codes in this kernel (one page, one client): after a few,
# each further attempt waits longer (the store also locks a code after repeated wrong tokens).
# Used as ``page.ATTEMPTS`` at call time, so a test can put its own in place.
ATTEMPTS = Backoff()


def query_params() -> dict[str, str]:
    """The page's URL parameters under Voila (``?code=...&token=...``), else ``{}``.

    The ``token`` parameter can be read once: it is then removed from the kernel's environment
    (``QUERY_STRING``, ``VOILA_REQUEST_URL`` and any other variable that holds it)."""
    qs = os.environ.get("QUERY_STRING", "")
    if not qs and os.environ.get("VOILA_PREHEAT") == "True":  # pragma: no cover - Voila only
        try:
            from voila.utils import get_query_string

            qs = get_query_string() or ""
        except Exception:  # noqa: BLE001
            qs = ""
    params = {k: v[-1] for k, v in urllib.parse.parse_qs(qs).items() if v}
    if "token" in params or "token=" in qs.lower():
        forget_secret_param(params.get("token"), "token", keep=(FACILITATOR_TOKEN.env,))
    return params


def wait_text(lang: str) -> str | None:
    """The 'wait N seconds' message while this kernel backs off after failed attempts."""
    wait = ATTEMPTS.wait()
    return escape(t("err_wait", lang, seconds=math.ceil(wait))) if wait > 0 else None


def open_store(db: str | os.PathLike[str] | None) -> ResultsStore:
    return ResultsStore(db)


def create_session(
    title: str,
    lang: str = "nl",
    quiz: list[str] | str | None = None,
    db: str | os.PathLike[str] | None = None,
) -> Credentials:
    """Open a workshop session; returns ``(code, token)``. Give participants the code; keep the
    token secret (only its hash is stored, it cannot be shown again). ``quiz``: topics and/or
    question ids that participants answer on the join page."""
    selection = check_quiz_selection(quiz or [])
    with ResultsStore(db) as store:
        return store.create_session(title, lang, selection)


class Refresher:
    """Calls ``refresh()`` every ``interval`` seconds in a background thread until stopped."""

    def __init__(self, refresh: Callable[[], Any], interval: float):
        if interval <= 0:
            raise ValueError("the refresh interval must be positive")
        self.refresh = refresh
        self.interval = interval
        self.ticks = 0
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._loop, name="aiact-kit-dashboard", daemon=True)

    def start(self) -> Refresher:
        self.thread.start()
        return self

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                if self.refresh() is False:
                    break
            except Exception:  # noqa: BLE001 - keep refreshing; log the problem
                log.exception("dashboard refresh failed")
            self.ticks += 1

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self.thread.is_alive() and threading.current_thread() is not self.thread:
            self.thread.join(timeout)

    @property
    def running(self) -> bool:
        return self.thread.is_alive()


__all__ = ["ATTEMPTS", "Refresher", "create_session", "open_store", "query_params", "wait_text"]
