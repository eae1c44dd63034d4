"""The facilitator's controls of a live round, on the dashboard: choose the questions (a number
from ticked topics, the final test, a lesson's quiz, or ticked one by one; checkboxes, no
Ctrl-click), a countdown, and then one button per step: show the next question, close the
answering, reveal the answer, end. Below: the question shown, the phase with the countdown, and
how the room answers, live (every option, the right one marked after the reveal).

Every step goes through the store (:meth:`ResultsStore.live_step`, with the token), so the
participants' and the projector's pages follow it from the database.
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
from aiact_kit.content.records import TOPICS
from aiact_kit.engines.course import lesson_label, outline
from aiact_kit.engines.workshop import (
    COUNTDOWNS,
    InvalidInput,
    LiveState,
    ResultsStore,
    StoreError,
    final_test,
    from_topics,
    hand_picked,
    lesson_quiz,
    live_ids,
    phase_at,
    remaining,
    topic_name,
)
from aiact_kit.present.workshop import error_text, status_html, t
from aiact_kit.present.workshop_live import (
    LIVE_STYLE,
    bars_html,
    live_question,
    phase_html,
    question_html,
    reveal_html,
)
from aiact_kit.widgets.workshop.page import Refresher

log = logging.getLogger(__name__)
POLL = 0.5  # seconds between reads of the room's answers (bench/live.py: answer -> counted)
SOURCES = ("topics", "final", "lesson", "pick")
_PROMPT_MAX = 110


class LiveControl(widgets.VBox):
    """Choose and run a live round of session ``code`` (needs its ``token``)."""

    def __init__(
        self,
        store: Callable[[], ResultsStore],
        code: str,
        token: str,
        lang: str,
        poll: float | None = POLL,
    ):
        super().__init__()
        self.add_class("aiact-live-control")
        self._store, self.code, self._token, self.lang = store, code, token, lang
        self._lock = threading.RLock()
        self._key: Any = None
        self.state = LiveState()
        style = {"description_width": "initial"}
        self.source = widgets.RadioButtons(
            options=[(t(f"live_src_{s}", lang), s) for s in SOURCES],
            value="topics",
            description=t("live_source", lang),
            style=style,
            layout=widgets.Layout(width="auto"),
        )
        self.topic_boxes = {
            topic: widgets.Checkbox(
                value=False, description=topic_name(topic, lang), indent=False, style=style
            )
            for topic in TOPICS
        }
        for box in self.topic_boxes.values():
            box.observe(lambda _c: self._fill_pick(), names="value")
        self.topics = widgets.VBox(
            [widgets.HTML(f"<strong>{escape(t('live_topics', lang))}</strong>")]
            + list(self.topic_boxes.values())
        )
        self.count = widgets.BoundedIntText(
            value=5, min=1, max=50, description=t("live_count", lang), style=style
        )
        items = outline().available_lessons(lang)
        self.lesson = widgets.Dropdown(
            options=[(lesson_label(i, lang), i.id) for i in items],
            description=t("live_lesson", lang),
            style=style,
            layout=widgets.Layout(width="auto"),
        )
        self.pick_boxes: dict[str, widgets.Checkbox] = {}
        self.pick = widgets.VBox()
        self.countdown = widgets.Dropdown(
            options=[
                (t("live_seconds", lang, n=s) if s else t("live_no_countdown", lang), s)
                for s in COUNTDOWNS
            ],
            value=30,
            description=t("live_countdown", lang),
            style=style,
        )
        self.prepare_button = widgets.Button(description=t("live_prepare", lang))
        self.next_button = widgets.Button(
            description=t("live_show", lang), button_style="primary", tooltip=t("live_show", lang)
        )
        self.lock_button = widgets.Button(description=t("live_lock", lang))
        self.reveal_button = widgets.Button(description=t("live_reveal", lang))
        self.end_button = widgets.Button(description=t("live_end", lang))
        self.names = widgets.Checkbox(
            value=False, description=t("live_names", lang), indent=False, style=style
        )
        for button in (self.prepare_button, self.next_button, self.lock_button):
            button.layout = widgets.Layout(width="auto")
        for button in (self.reveal_button, self.end_button):
            button.layout = widgets.Layout(width="auto")
        self.prepare_button.on_click(lambda _b: self.prepare())
        self.next_button.on_click(lambda _b: self.act("next"))
        self.lock_button.on_click(lambda _b: self.act("lock"))
        self.reveal_button.on_click(lambda _b: self.act("reveal"))
        self.end_button.on_click(lambda _b: self.act("end"))
        self.names.observe(lambda c: self.act("names", show=bool(c["new"])), names="value")
        self.source.observe(lambda _c: self._show_inputs(), names="value")
        self.status = widgets.HTML(status_html(""))
        self.view = widgets.HTML()
        self.children = [
            widgets.HTML(
                f"{LIVE_STYLE}<h3>{escape(t('live_heading', lang))}</h3>"
                f"<p>{escape(t('live_intro', lang))}</p>"
            ),
            self.source,
            self.topics,
            self.count,
            self.lesson,
            self.pick,
            self.prepare_button,
            self.countdown,
            widgets.HBox(
                [self.next_button, self.lock_button, self.reveal_button, self.end_button],
                layout=widgets.Layout(flex_flow="row wrap"),
            ),
            self.names,
            self.status,
            self.view,
        ]
        self._show_inputs()
        self._fill_pick()
        self.refresher: Refresher | None = None
        self.poll()
        if poll:
            self.refresher = Refresher(self.poll, poll).start()

    # -- choosing -------------------------------------------------------------------------------
    def _show_inputs(self) -> None:
        src = self.source.value
        self.topics.layout.display = None if src in ("topics", "pick") else "none"
        self.count.layout.display = None if src == "topics" else "none"
        self.lesson.layout.display = None if src == "lesson" else "none"
        self.pick.layout.display = None if src == "pick" else "none"

    def ticked_topics(self) -> list[str]:
        return [topic for topic, box in self.topic_boxes.items() if box.value]

    def _fill_pick(self) -> None:
        content = default_content()
        ids = live_ids(content, self.ticked_topics())
        boxes = []
        for qid in ids:
            if qid not in self.pick_boxes:
                q = content.get(qid, "questions")
                prompt = content.render(q.prompt, self.lang, q.version)
                short = prompt if len(prompt) <= _PROMPT_MAX else prompt[: _PROMPT_MAX - 1] + "…"
                self.pick_boxes[qid] = widgets.Checkbox(
                    value=False,
                    description=short,
                    tooltip=prompt,
                    indent=False,
                    layout=widgets.Layout(width="auto"),
                )
            boxes.append(self.pick_boxes[qid])
        head = widgets.HTML(f"<strong>{escape(t('live_pick', self.lang))}</strong>")
        if not boxes:
            boxes = [widgets.HTML(f"<p>{escape(t('live_pick_none', self.lang))}</p>")]
        self.pick.children = [head, *boxes]

    def selected(self) -> list[str]:
        """The question ids the form chooses now (:class:`InvalidInput` when none)."""
        src = self.source.value
        if src == "topics":
            return from_topics(self.ticked_topics(), int(self.count.value), self.code)
        if src == "final":
            return final_test(1)
        if src == "lesson":
            item = outline().get(str(self.lesson.value))
            root = outline().root
            path = item.notebook.get(self.lang)
            if root is None:
                raise InvalidInput("the lessons are not installed", "lesson")
            return lesson_quiz(root / path)
        shown = set(live_ids(None, self.ticked_topics()))
        return hand_picked([q for q, box in self.pick_boxes.items() if box.value and q in shown])

    # -- steps ------------------------------------------------------------------------------------
    def prepare(self) -> LiveState | None:
        try:
            ids = self.selected()
        except InvalidInput:
            self.status.value = status_html(escape(t("live_err_none", self.lang)), "error")
            return None
        state = self.act("plan", questions=ids)
        if state is not None:
            self.status.value = status_html(
                escape(t("live_prepared", self.lang, n=len(state.questions))), "ok"
            )
        return state

    def act(self, action: str, **options: Any) -> LiveState | None:
        """One step of the round; errors are shown, never raised."""
        if action in ("next", "show"):
            options.setdefault("countdown", int(self.countdown.value or 0))
        try:
            state = self._store().live_step(self.code, self._token, action, **options)
        except InvalidInput as exc:
            detail = str(exc)
            self.status.value = status_html(
                escape(t("live_err_step", self.lang, detail=detail)), "error"
            )
            return None
        except Exception as exc:  # noqa: BLE001 - shown, never raised
            if not isinstance(exc, StoreError):
                log.exception("live step %s failed", action)
            self.status.value = status_html(error_text(exc, self.lang), "error")
            return None
        if action != "plan":
            self.status.value = status_html("")
        self._key = None
        self.poll()
        return state

    # -- the live view --------------------------------------------------------------------------
    def poll(self) -> bool:
        if self.comm is None:
            return False
        try:
            store = self._store()
            state = store.live_state(self.code)
            counts = store.live_counts(self.code, state.current) if state.current else None
        except StoreError as exc:
            log.info("live state not readable: %s", exc)
            return True
        now = datetime.now(UTC)
        phase = phase_at(state, now)
        key = (state.version, phase, remaining(state, now), counts)
        with self._lock:
            if key == self._key:
                return True
            self._key = key
            self.state = state
            self._buttons(state, phase)
            if state.current is None:
                self.view.value = phase_html(phase, None, self.lang) if state.questions else ""
                return True
            lq = live_question(state.current, self.lang)
            revealed = phase == "revealed"
            html = question_html(lq, state.index + 1, len(state.questions), self.lang, level=4)
            html += phase_html(phase, remaining(state, now), self.lang)
            if revealed:
                html += reveal_html(lq, self.lang)
            self.view.value = html + bars_html(lq, counts, revealed, self.lang)
        return True

    def _buttons(self, state: LiveState, phase: str) -> None:
        has = bool(state.questions) and state.phase != "ended"
        self.next_button.disabled = not has
        self.lock_button.disabled = phase != "open"
        self.reveal_button.disabled = phase not in ("open", "locked")
        self.end_button.disabled = not has

    def close(self) -> None:
        if self.refresher is not None:
            self.refresher.stop()
            self.refresher = None
        super().close()


__all__ = ["SOURCES", "LiveControl"]
