"""The participant's view of a live round: only the question the facilitator shows, with its
answer controls and a "Send" button while answering is open; the countdown; after the reveal
the right answer, the explanation with its citation and how the room answered.

The view polls the session's live state in the database (:meth:`ResultsStore.live_state`, a
primary-key read) every :data:`POLL` seconds in a background thread, so it follows the
facilitator also when they are on another server. It sends nothing while nothing changes.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from html import escape
from typing import Any

import ipywidgets as widgets

from aiact_kit.content import default_content
from aiact_kit.engines.quiz import grade
from aiact_kit.engines.workshop import (
    LiveClosed,
    LiveState,
    ResultsStore,
    StoreError,
    phase_at,
    remaining,
    validate_answer,
)
from aiact_kit.present.quiz import error_html
from aiact_kit.present.workshop import error_text, status_html, t
from aiact_kit.present.workshop_live import (
    LIVE_STYLE,
    LiveQuestion,
    bars_html,
    live_question,
    phase_html,
    question_html,
    reveal_html,
)
from aiact_kit.widgets.quiz_controls import control_for, input_widgets
from aiact_kit.widgets.workshop.page import Refresher

log = logging.getLogger(__name__)
POLL = 0.25  # seconds between reads of the live state (bench/live.py: push -> shown)


def view_key(state: LiveState, now: datetime) -> tuple[Any, ...]:
    """What the view shows: it is only redrawn when this changes."""
    return (state.version, phase_at(state, now), remaining(state, now))


class LiveView(widgets.VBox):
    """One participant's live view (``participant_id`` in session ``code``)."""

    def __init__(
        self,
        store: Callable[[], ResultsStore],
        code: str,
        participant_id: int,
        lang: str,
        on_active: Callable[[bool], None] | None = None,
        poll: float | None = POLL,
    ):
        super().__init__()
        self.add_class("aiact-live")
        self._store = store
        self.code = code
        self.participant_id = participant_id
        self.lang = lang
        self._on_active = on_active
        self._lock = threading.RLock()
        self._key: tuple[Any, ...] | None = None
        self._question: LiveQuestion | None = None
        self._controls: Any = None
        self._answers: dict[str, Any] = {}  # question id -> the answer this person sent
        self.state = LiveState()
        self.active = False
        self.head = widgets.HTML()
        self.phase = widgets.HTML()
        self.answer_area = widgets.VBox()
        self.send_button = widgets.Button(
            description=t("live_send", lang), button_style="primary", tooltip=t("live_send", lang)
        )
        self.send_button.on_click(lambda _b: self.send())
        self.status = widgets.HTML(status_html(""))
        self.after = widgets.HTML()
        self.children = [
            widgets.HTML(LIVE_STYLE),
            self.head,
            self.phase,
            self.answer_area,
            self.send_button,
            self.status,
            self.after,
        ]
        self.layout.display = "none"
        self.refresher: Refresher | None = None
        self.poll()
        if poll:
            self.refresher = Refresher(self.poll, poll).start()

    # -- reading the state ------------------------------------------------------------------
    def poll(self) -> bool:
        """Read the live state and redraw when it changed. False ends the polling."""
        if self.comm is None:  # the widget was closed
            return False
        try:
            state = self._store().live_state(self.code)
        except StoreError as exc:
            log.info("live state not readable: %s", exc)
            return True
        now = datetime.now(UTC)
        key = view_key(state, now)
        with self._lock:
            if key == self._key:
                return True
            self._key = key
            self.state = state
            self._draw(state, now)
        return True

    def _draw(self, state: LiveState, now: datetime) -> None:
        # shown from the moment questions are chosen; after the end it stays with a thank-you
        active = bool(state.questions) and (state.phase != "ended" or self.active)
        if active != self.active:
            self.active = active
            self.layout.display = None if active else "none"
            if self._on_active is not None:
                self._on_active(active)
        phase = phase_at(state, now)
        self.phase.value = phase_html(phase, remaining(state, now), self.lang)
        qid = state.current
        if qid is None:
            self.head.value = ""
            self.answer_area.children = ()
            self.send_button.layout.display = "none"
            self.after.value = ""
            self._question = None
            return
        if self._question is None or self._question.id != qid:
            lq = live_question(qid, self.lang)
            box, self._controls = control_for(lq.view).build(lq.view)
            self._question = lq
            self.answer_area.children = (box,)
            self.status.value = status_html("")
        self.head.value = question_html(
            self._question, state.index + 1, len(state.questions), self.lang
        )
        is_open = phase == "open" and qid not in self._answers
        for w in input_widgets(self._controls):
            w.disabled = not is_open
        self.send_button.disabled = not is_open
        self.send_button.layout.display = None if phase == "open" else "none"
        if phase == "revealed":
            counts = self._store().live_counts(self.code, qid)
            mine = self._answers.get(qid)
            self.after.value = reveal_html(
                self._question, self.lang, mine, qid in self._answers
            ) + bars_html(self._question, counts, True, self.lang)
        else:
            self.after.value = ""

    # -- answering ----------------------------------------------------------------------------
    def send(self) -> bool:
        """Send the answer in the controls for the open question; never raises."""
        with self._lock:
            lq = self._question
            if lq is None:
                return False
            try:
                answer = control_for(lq.view).read(lq.view, self._controls)
                content = default_content()
                q = content.get(lq.id, "questions")
                result = grade(q, answer, self.lang, content)
                rec = validate_answer(
                    lq.id, result.answer, result.correct, result.score, 1, q.topic, "live"
                )
                new = self._store().live_answer(self.participant_id, rec)
            except LiveClosed:
                self.status.value = status_html(escape(t("live_closed", self.lang)), "error")
                return False
            except Exception as exc:  # noqa: BLE001 - shown, never raised
                if isinstance(exc, StoreError):
                    self.status.value = status_html(error_text(exc, self.lang), "error")
                else:  # an incomplete answer: the quiz's own message
                    self.status.value = error_html(self.lang, exc)
                return False
            self._answers[lq.id] = result.answer
            key = "live_sent" if new else "live_sent_before"
            self.status.value = status_html(escape(t(key, self.lang)), "ok")
            for w in input_widgets(self._controls):
                w.disabled = True
            self.send_button.disabled = True
            return True

    def close(self) -> None:
        if self.refresher is not None:
            self.refresher.stop()
            self.refresher = None
        super().close()


__all__ = ["POLL", "LiveView", "view_key"]
