"""The join page of a workshop session (participant): the session code and a pseudonym;
while joined, every checked quiz answer in this kernel (the ``"answer"`` event) is recorded to
the session, and the session's quiz is shown below the form. Errors are shown in the widget,
never raised. Pseudonyms and titles are user input: they are escaped wherever they are shown.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Callable
from html import escape
from typing import Any

import ipywidgets as widgets

from aiact_kit.content.vocabulary import check_lang
from aiact_kit.engines import events, progress
from aiact_kit.engines.workshop import (
    PSEUDONYM_MAX,
    InvalidInput,
    InvalidPseudonym,
    NicknameTaken,
    ResultsStore,
    SessionNotFound,
    StoreError,
    UnknownParticipant,
)
from aiact_kit.present.workshop import STYLE, counted, error_text, status_html, t
from aiact_kit.settings import SESSION
from aiact_kit.widgets.workshop import page
from aiact_kit.widgets.workshop.carry import link_query
from aiact_kit.widgets.workshop.live_view import POLL, LiveView

log = logging.getLogger(__name__)


QuizFactory = Callable[[list[str], str, str], widgets.Widget]


def workshop_quiz(selection: list[str], lang: str, code: str) -> widgets.Widget:
    """The session's quiz (:func:`aiact_kit.widgets.quiz.quiz`), in the same order for the whole
    room (seeded with the session code), so the facilitator can discuss question by question."""
    from aiact_kit.widgets.quiz import quiz

    return quiz(selection, lang, seed=code, quiz_id=f"workshop-{code.lower()}")


_active_join: JoinSession | None = None
_active_lock = threading.RLock()


class JoinSession(widgets.VBox):
    """The participant's join form; while joined, answer events go to the session."""

    def __init__(
        self,
        lang: str = "nl",
        db: str | os.PathLike[str] | None = None,
        code: str | None = None,
        store_factory: Callable[[Any], ResultsStore] = page.open_store,
        quiz_factory: QuizFactory | None = workshop_quiz,
        name: str | None = None,
        rejoin: str | None = None,
        live_poll: float | None = POLL,
    ):
        check_lang(lang)
        self.lang = lang
        self._db = db
        self._quiz_factory = quiz_factory
        self._store_factory = store_factory
        self._store: ResultsStore | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._lock = threading.Lock()
        self.participant_id: int | None = None
        self.session_code: str | None = None
        self.rejoin_code: str | None = None
        self._live_poll = live_poll
        self.live: LiveView | None = None
        style = {"description_width": "initial"}
        layout = widgets.Layout(width="26em")
        self.code = widgets.Text(
            value=code or "",
            description=t("code", lang),
            placeholder=t("code_ph", lang),
            style=style,
            layout=layout,
        )
        self.pseudonym = widgets.Text(
            value=name or "",
            description=t("pseudonym", lang),
            placeholder=t("pseudonym_ph", lang),
            style=style,
            layout=layout,
        )
        self.rejoin = widgets.Text(
            value=rejoin or "",
            description=t("rejoin", lang),
            placeholder=t("rejoin_ph", lang),
            style=style,
            layout=widgets.Layout(width="26em"),
        )
        self.note = widgets.HTML(
            f'<p class="aiact-ws-note">{escape(t("privacy", lang, limit=PSEUDONYM_MAX))}</p>'
        )
        self.join_button = widgets.Button(
            description=t("join", lang), button_style="primary", tooltip=t("join", lang)
        )
        self.leave_button = widgets.Button(
            description=t("leave", lang), tooltip=t("leave", lang), disabled=True
        )
        self.status = widgets.HTML(status_html(""))
        self.onward = widgets.HTML()  # links on to the lessons, carrying the credential
        self.live_area = widgets.VBox()  # the live round, when the facilitator runs one
        self.quiz_area = widgets.VBox()
        # an answer that was not saved is also reported below the quiz, sticking to the bottom
        # of the window while the quiz is in view: where the learner is answering
        self.save_status = widgets.HTML("")
        self.save_status.add_class("aiact-ws-save")
        self.join_button.on_click(lambda _b: self.join())
        self.leave_button.on_click(lambda _b: self.leave())
        super().__init__(
            [
                widgets.HTML(STYLE),
                self.code,
                self.pseudonym,
                self.rejoin,
                self.note,
                widgets.HBox([self.join_button, self.leave_button]),
                self.status,
                self.onward,
                self.live_area,
                self.quiz_area,
                self.save_status,
            ]
        )

    # -- actions -----------------------------------------------------------------------------
    def _get_store(self) -> ResultsStore:
        if self._store is None:
            self._store = self._store_factory(self._db)
        return self._store

    def join(self) -> bool:
        """Join with the values in the form; returns True on success (errors are shown)."""
        global _active_join
        wait = page.wait_text(self.lang)
        if wait is not None:
            self.status.value = status_html(wait, "error")
            return False
        try:
            store = self._get_store()
            try:
                joined = store.enter(self.code.value, self.pseudonym.value, self.rejoin.value)
            except SessionNotFound:
                page.ATTEMPTS.failed()
                raise
            except NicknameTaken:
                if self.rejoin.value.strip():  # a wrong rejoin code: a guess, back off
                    page.ATTEMPTS.failed()
                raise
            pid = joined.participant_id
            info = store.session_info(self.code.value)
            me = store.participant(pid)
        except Exception as exc:  # noqa: BLE001 - shown in the widget, never raised
            if not isinstance(exc, StoreError):
                log.exception("joining a workshop session failed")
            self.status.value = status_html(error_text(exc, self.lang), "error")
            return False
        with _active_lock:
            if _active_join is not None and _active_join is not self:
                _active_join.leave(quiet=True)
            self._subscribe()
            _active_join = self
        self.participant_id, self.session_code = pid, info.code
        self.rejoin_code = joined.rejoin_code
        self.code.value = info.code
        self.rejoin.value = ""
        kw = {
            "title": escape(info.title),
            "name": f"<bdi>{escape(me.pseudonym)}</bdi>",
            "number": me.number,
            "answered": counted("questions_n", me.answered, self.lang),
        }
        words = t("rejoined" if joined.rejoined else "joined", self.lang, **kw)
        words += " " + t("joined_code", self.lang, code=escape(joined.rejoin_code))
        self.status.value = status_html(words, "ok")
        self.join_button.disabled = True
        self.code.disabled = self.pseudonym.disabled = self.rejoin.disabled = True
        self.leave_button.disabled = False
        query = link_query(info.code, me.pseudonym, joined.rejoin_code)
        href = escape(f"index.ipynb?{query}")
        self.onward.value = (
            f'<p><a href="{href}">{escape(t("continue_lessons", self.lang))}</a></p>'
        )
        self._show_quiz(info.quiz, info.code)
        self._show_live(info.code, pid)
        return True

    def _show_live(self, code: str, pid: int) -> None:
        """Above the quiz: the live round, when the facilitator runs one (the self-paced quiz
        is hidden meanwhile)."""
        self.live = LiveView(
            self._get_store, code, pid, self.lang, self._live_active, poll=self._live_poll
        )
        self.live_area.children = (self.live,)
        self._live_active(self.live.active)

    def _live_active(self, active: bool) -> None:
        self.quiz_area.layout.display = "none" if active else None

    def _show_quiz(self, selection: tuple[str, ...], code: str) -> None:
        """Below the form: the session's quiz (answers are recorded: same kernel), or a note."""
        if not selection or self._quiz_factory is None:
            note = escape(t("no_session_quiz", self.lang))
            self.quiz_area.children = (widgets.HTML(f"<p>{note}</p>"),)
            return
        try:
            quiz_widget = self._quiz_factory(list(selection), self.lang, code)
        except Exception:  # noqa: BLE001 - the join itself worked; say the quiz is missing
            log.exception("cannot show the session quiz %r", selection)
            note = escape(t("quiz_unavailable", self.lang))
            self.quiz_area.children = (widgets.HTML(status_html(note, "error")),)
            return
        heading = widgets.HTML(f"<h2>{escape(t('quiz_heading', self.lang))}</h2>")
        self.quiz_area.children = (heading, quiz_widget)

    def _subscribe(self) -> None:
        if self._unsubscribe is None:
            self._unsubscribe = events.subscribe("answer", self._on_answer)
        progress.pause()

    def leave(self, quiet: bool = False) -> None:
        """Stop sending answers to the session."""
        global _active_join
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        with _active_lock:
            if _active_join is self:
                _active_join = None
                progress.resume()
        self.participant_id = None
        if self.live is not None:
            self.live.close()
            self.live = None
        self.live_area.children = ()
        self.onward.value = ""
        self.quiz_area.layout.display = None
        for child in self.quiz_area.children:
            with contextlib.suppress(Exception):
                child.close()
        self.quiz_area.children = ()
        self.join_button.disabled = False
        self.code.disabled = self.pseudonym.disabled = self.rejoin.disabled = False
        self.leave_button.disabled = True
        if not quiet:
            self.status.value = status_html(escape(t("left", self.lang)))
            self.save_status.value = ""

    def _on_answer(self, payload: dict[str, Any]) -> None:
        """Record one answer event; show the outcome. Never raises."""
        pid = self.participant_id
        if pid is None:
            return
        try:
            with self._lock:
                new = self._get_store().record_event(pid, payload)
                answered = self._get_store().participant(pid).answered
        except Exception as exc:  # noqa: BLE001 - shown, never raised into the quiz
            if not isinstance(exc, StoreError):
                log.exception("recording a workshop answer failed")
            # never silently lost: say that this answer was not saved, and why
            text = error_text(exc, self.lang)
            if not isinstance(exc, InvalidInput) or isinstance(exc, InvalidPseudonym):
                text = f"{escape(t('not_saved', self.lang))} {text}"
            if isinstance(exc, UnknownParticipant):
                self.leave(quiet=True)
            self.status.value = status_html(text, "error")  # the live region: announced once
            # the same words where the learner is looking (not a second live region)
            self.save_status.value = f'<p class="aiact-ws-status aiact-ws-error">⚠ {text}</p>'
            return
        key = "saved" if new else "saved_before"
        self.status.value = status_html(
            escape(t(key, self.lang, answered=counted("questions_n", answered, self.lang))), "ok"
        )
        self.save_status.value = ""

    def close(self) -> None:
        self.leave(quiet=True)
        if self._store is not None:
            self._store.close()
        super().close()


def join_session(lang: str = "nl", db: str | os.PathLike[str] | None = None) -> JoinSession:
    """The join form for workshop participants (session code from ``?code=`` when given)."""
    code = page.query_params().get("code") or SESSION.get() or None
    return JoinSession(lang=lang, db=db, code=code)


__all__ = ["JoinSession", "QuizFactory", "join_session", "workshop_quiz"]
