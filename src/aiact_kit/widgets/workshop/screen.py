"""The projector screen page of a workshop session: open it with the session code (from
``?code=`` or the form; never the token: a ``token`` parameter is dropped unread) and it
follows the session from the database: participants joined, the live question, the room's
answers and the countdown (see :mod:`aiact_kit.present.workshop_screen`).
"""

from __future__ import annotations

import logging
import os
import threading
from datetime import UTC, datetime
from typing import Any

import ipywidgets as widgets

from aiact_kit.content.vocabulary import check_lang
from aiact_kit.engines.course import outline
from aiact_kit.engines.workshop import (
    ResultsStore,
    StoreError,
    normalize_code,
    phase_at,
    remaining,
)
from aiact_kit.present.workshop import error_text, status_html, t
from aiact_kit.present.workshop_live import live_question
from aiact_kit.present.workshop_screen import join_url, screen_html
from aiact_kit.settings import SESSION
from aiact_kit.widgets.workshop import page
from aiact_kit.widgets.workshop.page import Refresher

log = logging.getLogger(__name__)
POLL = 0.5


class ProjectorScreen(widgets.VBox):
    """The big screen of one session (public facts only: no token is asked or shown)."""

    def __init__(
        self,
        lang: str = "nl",
        db: str | os.PathLike[str] | None = None,
        code: str | None = None,
        request_url: str | None = None,
        poll: float | None = POLL,
    ):
        check_lang(lang)
        self.lang = lang
        self._db = db
        self._store: ResultsStore | None = None
        self._poll = poll
        self._lock = threading.RLock()
        self._key: Any = None
        self.request_url = request_url
        self.session_code: str | None = None
        self.url = ""
        self.refresher: Refresher | None = None
        style = {"description_width": "initial"}
        self.code = widgets.Text(
            value=code or "",
            description=t("screen_code", lang),
            placeholder=t("screen_code_ph", lang),
            style=style,
        )
        self.open_button = widgets.Button(
            description=t("screen_open", lang), button_style="primary"
        )
        self.open_button.on_click(lambda _b: self.start())
        self.form = widgets.HBox([self.code, self.open_button])
        self.status = widgets.HTML(status_html(""))
        self.screen = widgets.HTML()
        super().__init__([self.form, self.status, self.screen])
        if code:
            self.start()

    def _get_store(self) -> ResultsStore:
        if self._store is None:
            self._store = page.open_store(self._db)
        return self._store

    def start(self) -> bool:
        """Show the screen of the session in the form; errors are shown, never raised."""
        try:
            code = normalize_code(self.code.value)
            self._get_store().session_info(code)
        except Exception as exc:  # noqa: BLE001
            if not isinstance(exc, StoreError):
                log.exception("projector screen cannot open")
            self.status.value = status_html(error_text(exc, self.lang), "error")
            return False
        self.session_code = code
        o = outline()
        screen = o.get("tool-workshop-screen").notebook.get(self.lang)
        join = o.get("tool-workshop-join").notebook.get(self.lang)
        self.url = join_url(self.request_url, screen, join, code)
        self.form.layout.display = "none"
        self.status.value = status_html("")
        self._key = None
        self.poll()
        if self._poll and self.refresher is None:
            self.refresher = Refresher(self.poll, self._poll).start()
        return True

    def poll(self) -> bool:
        """Read the session and redraw when something changed; False ends the polling."""
        code = self.session_code
        if code is None or self.comm is None:
            return False
        try:
            store = self._get_store()
            joined = store.participant_count(code)
            state = store.live_state(code)
            counts = store.live_counts(code, state.current) if state.current else None
            names = store.live_names(code) if state.show_names else None
        except StoreError as exc:
            self.status.value = status_html(error_text(exc, self.lang), "error")
            return True
        now = datetime.now(UTC)
        phase = phase_at(state, now)
        left = remaining(state, now)
        key = (joined, state.version, phase, left, counts, names)
        with self._lock:
            if key == self._key:
                return True
            self._key = key
            question = live_question(state.current, self.lang) if state.current else None
            self.screen.value = screen_html(
                self.lang, code, self.url, joined, state, phase, left, question, counts, names
            )
        return True

    def close(self) -> None:
        if self.refresher is not None:
            self.refresher.stop()
            self.refresher = None
        if self._store is not None:
            self._store.close()
            self._store = None
        super().close()


def projector_screen(lang: str = "nl", db: str | os.PathLike[str] | None = None) -> ProjectorScreen:
    """The projector page: the session code from ``?code=`` (a token in the address is dropped
    unread), else ``AIACT_KIT_SESSION``, else the form."""
    params = page.query_params()
    code = params.get("code") or SESSION.get() or None
    return ProjectorScreen(
        lang=lang, db=db, code=code, request_url=os.environ.get("VOILA_REQUEST_URL") or None
    )


__all__ = ["POLL", "ProjectorScreen", "projector_screen"]
